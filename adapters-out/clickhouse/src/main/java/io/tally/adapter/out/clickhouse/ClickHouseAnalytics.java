package io.tally.adapter.out.clickhouse;

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

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Answers analytics queries with ClickHouse SQL; duplicates not yet merged are removed with FINAL. */
final class ClickHouseAnalytics implements AnalyticsEngine {

    private final ClickHouseTransport clickhouse;
    private final Supplier<Instant> horizon;

    /** @param horizon the first instant the retention keeps now: no query counts an event before it */
    ClickHouseAnalytics(ClickHouseTransport clickhouse, Supplier<Instant> horizon) {
        this.clickhouse = clickhouse;
        this.horizon = horizon;
    }

    @Override
    public Map<Group, Aggregates> aggregate(AggregateQuery query) {
        Map<Group, Aggregates> result = new HashMap<>();
        rows("report", ClickHouseQueries.aggregate(query, ids(query.projectId()))).forEach(row -> ReportRows.add(query, row, result));
        return result;
    }

    @Override
    public FunnelCounts funnel(FunnelQuery query) {
        Map<Group, List<FunnelCounts.StepCount>> result = new HashMap<>();
        Map<Group, List<FunnelCounts.StepCount>> overall = new HashMap<>();
        IdColumns ids = ids(query.projectId());
        rows("funnel", ClickHouseQueries.funnel(query, ids)).forEach(row -> FunnelRows.add(query, row, result, overall));
        return new FunnelCounts(result, overall, query.timeToConvert().map(span -> {
            ConversionTimesRows times = new ConversionTimesRows(span);
            // over all users whatever the breakdown: the same attempts, no value to read
            rows("time to convert", ClickHouseQueries.conversionTimes(query.withoutBreakdown(), span, ids)).forEach(times::add);
            return times.times();
        }));
    }

    @Override
    public RetentionCounts retention(RetentionQuery query) {
        Map<LocalDate, long[]> cells = new HashMap<>();
        rows("retention", ClickHouseQueries.retention(query, ids(query.projectId()))).forEach(row -> RetentionRows.add(query, row, cells));
        return RetentionCounts.fromCells(cells);
    }

    @Override
    public StickinessCounts stickiness(StickinessQuery query) {
        StickinessRows counts = new StickinessRows();
        rows("stickiness", ClickHouseQueries.stickiness(query, ids(query.projectId()))).forEach(counts::add);
        return counts.counts();
    }

    @Override
    public LifecycleCounts lifecycle(LifecycleQuery query) {
        LifecycleRows counts = new LifecycleRows();
        rows("lifecycle", ClickHouseQueries.lifecycle(query, ids(query.projectId()))).forEach(counts::add);
        return counts.counts(query);
    }

    @Override
    public PathCounts paths(PathsQuery query) {
        PathRows counts = new PathRows(query);
        rows("paths", ClickHouseQueries.paths(query, ids(query.projectId()))).forEach(counts::add);
        return counts.counts();
    }

    @Override
    public Optional<Instant> firstEvent(String projectId) {
        ResultRow row = rows("first event", ClickHouseQueries.firstEvent(projectId)).getFirst(); // an aggregate: one row
        return row.whole("kept") == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(row.whole("first_ms")));
    }

    /**
     * The id columns to count the project by, read at each query: a collision is recorded before the events that
     * cause it are stored, so the answer is exact at every moment.
     */
    private IdColumns ids(String projectId) {
        try {
            String collides = clickhouse.query(ClickHouseSql.HAS_COLLISIONS, "TSV", Map.of("project", projectId)).strip();
            return collides.equals("1") ? IdColumns.TEXT : IdColumns.HASHED;
        } catch (RuntimeException e) {
            throw new StoreException("ClickHouse could not read the hash collisions: " + e.getMessage(), e);
        }
    }

    /** Runs a statement and reads its rows by column name (the answer's header names them). */
    private List<ResultRow> rows(String what, ClickHouseQueries.Statement statement) {
        statement.params().put("horizon_ms", Long.toString(horizon.get().toEpochMilli()));
        String answer;
        try {
            answer = clickhouse.query(statement.sql(), NamedTsv.FORMAT, statement.params().values());
        } catch (RuntimeException e) {
            throw new StoreException("ClickHouse " + what + " query failed: " + e.getMessage(), e);
        }
        return NamedTsv.rows(answer);
    }
}
