package io.tally.domain.query;

import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A validated time-series question: which metrics, per which bucket, over which range, in which zone. */
public record TimeseriesQuery(String projectId, List<SeriesMetric> metrics, TimeRange range, Granularity granularity,
                              ZoneId zone) implements ProjectQuery {
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

    /**
     * The same question as a report: its metrics over every event of the range (no filter: a session's duration
     * reads all its events), grouped by time at the interval, in the zone; one row per bucket, in time order.
     */
    public ReportQuery report() {
        return new ReportQuery(projectId, metrics.stream().<MetricRef>map(MetricRef.Series::new).toList(),
                List.of(new Dimension.Time(granularity)), List.of(), range, zone, Optional.empty(), List.of(),
                TimeseriesRequest.MAX_BUCKETS);
    }

    @Override
    public String cacheKey() {
        return CacheKey.of("timeseries", projectId, metrics, range, granularity, zone);
    }
}
