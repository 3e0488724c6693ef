package io.tally.adapter.out.clickhouse;

import io.tally.adapter.out.sql.ReportRows;
import io.tally.adapter.out.sql.RetentionRows;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.StoreException;
import io.tally.domain.funnel.FunnelCounts;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.path.PathCounts;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Group;
import io.tally.domain.retention.RetentionCounts;
import io.tally.domain.retention.RetentionQuery;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        String answer = answer("report", ClickHouseQueries.aggregate(query, ids(query.projectId())), NamedTsv.FORMAT);
        NamedTsv.rows(answer).forEach(row -> ReportRows.add(query, row, result));
        return result;
    }

    @Override
    public FunnelCounts funnel(FunnelQuery query) {
        int n = query.steps().size();
        Map<Group, List<FunnelCounts.StepCount>> result = new HashMap<>();
        for (List<String> f : run("funnel", ClickHouseQueries.funnel(query, ids(query.projectId())))) {
            List<FunnelCounts.StepCount> steps = new ArrayList<>();
            steps.add(new FunnelCounts.StepCount(num(f, 1), null));
            for (int k = 2; k <= n; k++) {
                String median = f.get(2 * k - 1);
                steps.add(new FunnelCounts.StepCount(num(f, 2 * k - 2), median == null ? null : Double.parseDouble(median)));
            }
            result.put(query.breakdown().isEmpty() ? Group.NONE : Group.of(f.getFirst()), steps);
        }
        return new FunnelCounts(result);
    }

    @Override
    public RetentionCounts retention(RetentionQuery query) {
        Map<LocalDate, long[]> cells = new HashMap<>();
        String answer = answer("retention", ClickHouseQueries.retention(query, ids(query.projectId())), NamedTsv.FORMAT);
        NamedTsv.rows(answer).forEach(row -> RetentionRows.add(query, row, cells));
        return RetentionCounts.fromCells(cells);
    }

    @Override
    public PathCounts paths(PathsQuery query) {
        List<Map<String, Long>> steps = new ArrayList<>();
        for (int k = 0; k < query.steps(); k++) {
            steps.add(new HashMap<>());
        }
        long anchors = 0;
        for (List<String> f : run("paths", ClickHouseQueries.paths(query, ids(query.projectId())))) {
            int k = (int) num(f, 0);
            if (k == 0) {
                anchors = num(f, 2);
            } else {
                steps.get(k - 1).put(f.get(1) == null ? PathCounts.NONE : f.get(1), num(f, 2));
            }
        }
        return new PathCounts(anchors, steps);
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

    /** Runs a statement and reads its TSV rows. */
    private List<List<String>> run(String what, ClickHouseQueries.Statement statement) {
        return ClickHouseLiterals.tsvRows(answer(what, statement, "TSV"));
    }

    /** Runs a statement and returns its answer in {@code format}. */
    private String answer(String what, ClickHouseQueries.Statement statement, String format) {
        statement.params().put("horizon_ms", Long.toString(horizon.get().toEpochMilli()));
        try {
            return clickhouse.query(statement.sql(), format, statement.params().values());
        } catch (RuntimeException e) {
            throw new StoreException("ClickHouse " + what + " query failed: " + e.getMessage(), e);
        }
    }

    private static long num(List<String> fields, int index) {
        return Long.parseLong(fields.get(index));
    }
}
