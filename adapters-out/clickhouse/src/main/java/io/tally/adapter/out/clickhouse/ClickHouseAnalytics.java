package io.tally.adapter.out.clickhouse;

import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.StoreException;
import io.tally.domain.query.BucketTotals;
import io.tally.domain.query.SeriesMetric;
import io.tally.domain.query.TimeseriesQuery;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Answers analytics queries with ClickHouse SQL; duplicates not yet merged are removed with FINAL. */
final class ClickHouseAnalytics implements AnalyticsEngine {

    private final EmbeddedClickHouse clickhouse;

    ClickHouseAnalytics(EmbeddedClickHouse clickhouse) {
        this.clickhouse = clickhouse;
    }

    @Override
    public Map<Instant, BucketTotals> timeseries(TimeseriesQuery query) {
        String answer;
        try {
            answer = clickhouse.query(ClickHouseSql.timeseries(query.granularity()), "TSV", Map.of(
                    "project", query.projectId(),
                    "zone", query.zone().getId(),
                    "from_ms", Long.toString(query.range().from().toEpochMilli()),
                    "to_ms", Long.toString(query.range().to().toEpochMilli()),
                    "page_view", SeriesMetric.PAGE_VIEW_EVENT,
                    "conversion", SeriesMetric.CONVERSION_EVENT));
        } catch (RuntimeException e) {
            throw new StoreException("ClickHouse time-series query failed: " + e.getMessage(), e);
        }
        Map<Instant, BucketTotals> totals = new HashMap<>();
        answer.lines().filter(line -> !line.isBlank()).forEach(line -> {
            String[] f = line.split("\t");
            totals.put(Instant.ofEpochMilli(Long.parseLong(f[0])), new BucketTotals(Long.parseLong(f[1]),
                    Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4])));
        });
        return totals;
    }

    @Override
    public java.util.Map<io.tally.domain.query.Group, io.tally.domain.query.Aggregates> aggregate(io.tally.domain.query.AggregateQuery query) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public io.tally.domain.funnel.FunnelCounts funnel(io.tally.domain.funnel.FunnelQuery query) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public io.tally.domain.retention.RetentionCounts retention(io.tally.domain.retention.RetentionQuery query) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public io.tally.domain.path.PathCounts paths(io.tally.domain.path.PathsQuery query) {
        throw new UnsupportedOperationException("TODO");
    }
}
