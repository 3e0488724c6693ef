package io.tally.domain.query;

import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/** A validated time-series question: which metrics, per which bucket, over which range, in which zone. */
public record TimeseriesQuery(String projectId, List<SeriesMetric> metrics, TimeRange range, Granularity granularity,
                              ZoneId zone) {
    public TimeseriesQuery {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(zone, "zone");
        metrics = List.copyOf(metrics);
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("at least one metric");
        }
    }
}
