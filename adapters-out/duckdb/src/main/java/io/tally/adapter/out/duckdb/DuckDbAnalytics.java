package io.tally.adapter.out.duckdb;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import io.tally.adapter.out.sql.ConversionTimesRows;
import io.tally.adapter.out.sql.FunnelRows;
import io.tally.adapter.out.sql.LifecycleRows;
import io.tally.adapter.out.sql.PathRows;
import io.tally.adapter.out.sql.ReportRows;
import io.tally.adapter.out.sql.ResultRow;
import io.tally.adapter.out.sql.RetentionRows;
import io.tally.adapter.out.sql.StickinessRows;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.StoreException;
import io.tally.domain.funnel.FunnelCounts;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.lifecycle.LifecycleCounts;
import io.tally.domain.lifecycle.LifecycleQuery;
import io.tally.domain.path.PathCounts;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Group;
import io.tally.domain.retention.RetentionCounts;
import io.tally.domain.retention.RetentionQuery;
import io.tally.domain.stickiness.StickinessCounts;
import io.tally.domain.stickiness.StickinessQuery;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** Answers analytics queries with DuckDB SQL through the Helidon DB client. */
final class DuckDbAnalytics implements AnalyticsEngine {

    private final DbClient db;
    private final Supplier<Instant> horizon;
    private final HashCollisions collisions;

    /**
     * @param horizon    the first instant the retention keeps now: no query counts an event before it
     * @param collisions the projects counted by their ids rather than the ids' hashes
     */
    DuckDbAnalytics(DbClient db, Supplier<Instant> horizon, HashCollisions collisions) {
        this.db = db;
        this.horizon = horizon;
        this.collisions = collisions;
    }

    @Override
    public Map<Group, Aggregates> aggregate(AggregateQuery query) {
        Map<Group, Aggregates> result = new HashMap<>();
        run("report", DuckDbQueries.aggregate(query, collisions.columns(query.projectId())),
                row -> ReportRows.add(query, new NamedRow(row), result));
        return result;
    }

    @Override
    public FunnelCounts funnel(FunnelQuery query) {
        Map<Group, List<FunnelCounts.StepCount>> result = new HashMap<>();
        Map<Group, List<FunnelCounts.StepCount>> overall = new HashMap<>();
        IdColumns ids = collisions.columns(query.projectId());
        run("funnel", DuckDbQueries.funnel(query, ids), row -> FunnelRows.add(query, new NamedRow(row), result, overall));
        return new FunnelCounts(result, overall, query.timeToConvert().map(span -> {
            ConversionTimesRows times = new ConversionTimesRows(span);
            // over all users whatever the breakdown: the same attempts, no value to read
            run("time to convert", DuckDbQueries.conversionTimes(query.withoutBreakdown(), span, ids), row -> times.add(new NamedRow(row)));
            return times.times();
        }));
    }

    @Override
    public RetentionCounts retention(RetentionQuery query) {
        Map<LocalDate, long[]> cells = new HashMap<>();
        run("retention", DuckDbQueries.retention(query, collisions.columns(query.projectId())),
                row -> RetentionRows.add(query, new NamedRow(row), cells));
        return RetentionCounts.fromCells(cells);
    }

    @Override
    public StickinessCounts stickiness(StickinessQuery query) {
        StickinessRows rows = new StickinessRows();
        run("stickiness", DuckDbQueries.stickiness(query, collisions.columns(query.projectId())), row -> rows.add(new NamedRow(row)));
        return rows.counts();
    }

    @Override
    public LifecycleCounts lifecycle(LifecycleQuery query) {
        LifecycleRows rows = new LifecycleRows();
        run("lifecycle", DuckDbQueries.lifecycle(query, collisions.columns(query.projectId())), row -> rows.add(new NamedRow(row)));
        return rows.counts(query);
    }

    @Override
    public PathCounts paths(PathsQuery query) {
        PathRows counts = new PathRows(query);
        run("paths", DuckDbQueries.paths(query, collisions.columns(query.projectId())), row -> counts.add(new NamedRow(row)));
        return counts.counts();
    }

    @Override
    public Optional<Instant> firstEvent(String projectId) {
        List<Instant> first = new ArrayList<>(1);
        run("first event", DuckDbQueries.firstEvent(projectId), row -> {
            Object micros = nullable(row, "first_us"); // min over no rows is NULL
            if (micros != null) {
                first.add(Instant.EPOCH.plus(((Number) micros).longValue(), ChronoUnit.MICROS));
            }
        });
        return first.stream().findFirst();
    }

    private void run(String what, DuckDbQueries.Statement statement, Consumer<DbRow> consumer) {
        statement.params().put("horizon_us", micros(horizon.get()));
        try (Stream<DbRow> rows = db.execute().createQuery(statement.sql()).params(statement.params().values()).execute()) {
            rows.forEach(consumer);
        } catch (RuntimeException e) {
            throw new StoreException("DuckDB " + what + " query failed: " + e.getMessage(), e);
        }
    }

    private static Object nullable(DbRow row, String column) {
        return row.column(column).get(Object.class); // asOptional() throws on SQL NULL in Helidon 4.1.2
    }

    private static BigDecimal decimalOf(DbRow row, String column) {
        Object value = row.column(column).get();
        return value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
    }

    static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    private static long longOf(DbRow row, String column) {
        return ((Number) row.column(column).get()).longValue();
    }

    /** A DuckDB row read by column label, as the shared readers take it. */
    private record NamedRow(DbRow row) implements ResultRow {
        @Override
        public String text(String column) {
            Object value = nullable(row, column);
            return value == null ? null : value.toString();
        }

        @Override
        public long whole(String column) {
            return longOf(row, column);
        }

        @Override
        public BigDecimal decimal(String column) {
            return decimalOf(row, column);
        }
    }
}
