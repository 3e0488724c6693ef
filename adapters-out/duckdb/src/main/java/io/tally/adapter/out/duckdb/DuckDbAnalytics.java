package io.tally.adapter.out.duckdb;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.StoreException;
import io.tally.domain.query.BucketTotals;
import io.tally.domain.query.SeriesMetric;
import io.tally.domain.query.TimeseriesQuery;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Answers analytics queries with DuckDB SQL through the Helidon DB client. */
final class DuckDbAnalytics implements AnalyticsEngine {

    private final DbClient db;

    DuckDbAnalytics(DbClient db) {
        this.db = db;
    }

    @Override
    public Map<Instant, BucketTotals> timeseries(TimeseriesQuery query) {
        Map<Instant, BucketTotals> totals = new HashMap<>();
        try (Stream<DbRow> rows = db.execute().createQuery(DuckDbSql.timeseries(query.granularity()))
                .addParam("project", query.projectId())
                .addParam("zone", query.zone().getId())
                .addParam("from_us", micros(query.range().from()))
                .addParam("to_us", micros(query.range().to()))
                .addParam("page_view", SeriesMetric.PAGE_VIEW_EVENT)
                .addParam("conversion", SeriesMetric.CONVERSION_EVENT)
                .execute()) {
            rows.forEach(row -> totals.put(Instant.ofEpochMilli(longOf(row, "bucket")), new BucketTotals(
                    longOf(row, "page_views"), longOf(row, "conversions"),
                    longOf(row, "sessions"), longOf(row, "duration_ms"))));
        } catch (RuntimeException e) {
            throw new StoreException("DuckDB time-series query failed: " + e.getMessage(), e);
        }
        return totals;
    }

    static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    private static long longOf(DbRow row, String column) {
        return ((Number) row.column(column).get()).longValue();
    }
}
