package io.tally.domain.query;

import io.tally.domain.time.TimeBuckets;

import java.time.Instant;
import java.util.List;
import java.util.Map;

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

    /** Lays the engine's totals out over every bucket of the range; buckets the engine did not report are zeros. */
    public static Timeseries assemble(TimeseriesQuery query, Map<Instant, BucketTotals> totalsByBucket) {
        List<Row> rows = TimeBuckets.covering(query.range(), query.granularity(), query.zone()).stream()
                .map(start -> {
                    BucketTotals totals = totalsByBucket.getOrDefault(start, BucketTotals.EMPTY);
                    return new Row(start, query.metrics().stream().map(m -> m.valueOf(totals)).toList());
                })
                .toList();
        return new Timeseries(query, rows);
    }
}
