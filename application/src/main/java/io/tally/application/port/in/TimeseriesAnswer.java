package io.tally.application.port.in;

import io.tally.domain.query.Timeseries;

import java.time.Duration;

/**
 * A time series with how it was answered.
 *
 * @param source {@code raw} (scanned events) for now; rollups come with the query planner
 */
public record TimeseriesAnswer(Timeseries timeseries, String source, Duration took) {
}
