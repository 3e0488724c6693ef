package io.tally.application.port.in;

import io.tally.domain.query.TimeseriesQuery;

/** Answers the dashboard time series. */
public interface QueryTimeseriesUseCase {
    TimeseriesAnswer timeseries(TimeseriesQuery query);
}
