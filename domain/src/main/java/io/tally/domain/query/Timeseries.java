package io.tally.domain.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The answer to a {@link TimeseriesQuery}: one row per bucket of the range, empty buckets as zeros. */
public record Timeseries(TimeseriesQuery query, List<Row> rows) {

    public Timeseries {
        rows = List.copyOf(rows);
    }

    /** One bucket: its start and the metric values, in the order of the query's metrics. */
    public record Row(Instant bucketStart, List<Number> values) {
        public Row {
            values = List.copyOf(values);
        }
    }

    /**
     * Lays the engine's aggregates per time bucket (the groups of {@code query.report()}) out as the report does:
     * every bucket of the range in time order, buckets the engine did not report as zeros.
     */
    public static Timeseries assemble(TimeseriesQuery query, Map<Group, Aggregates> buckets) {
        Report report = Report.assemble(query.report(), new Report.Counts(buckets, Aggregates.ZERO), Optional.empty());
        return new Timeseries(query, report.rows().stream()
                .map(row -> new Row((Instant) row.dimensions().getFirst(), row.metrics()))
                .toList());
    }
}
