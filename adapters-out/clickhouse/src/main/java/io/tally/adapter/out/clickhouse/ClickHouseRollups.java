package io.tally.adapter.out.clickhouse;

import io.tally.adapter.out.sql.ReportColumns;
import io.tally.adapter.out.sql.ReportRows;
import io.tally.adapter.out.sql.ResultRow;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.RollupStore;
import io.tally.application.port.out.StoreException;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Group;
import io.tally.domain.query.Metric;
import io.tally.domain.query.Source;
import io.tally.domain.time.TimeZones;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static io.tally.adapter.out.sql.ReportColumns.CONSTANT_KEY;
import static io.tally.adapter.out.sql.ReportColumns.CONVERSIONS;
import static io.tally.adapter.out.sql.ReportColumns.EVENTS;
import static io.tally.adapter.out.sql.ReportColumns.PAGEVIEWS;
import static io.tally.adapter.out.sql.ReportColumns.REVENUE;
import static io.tally.adapter.out.sql.ReportColumns.TOTALS;

/**
 * The hourly rollup: a materialized view folds every insert into an AggregatingMergeTree as it happens, so a refresh
 * only compacts the visitor sketches. Exact because the writer leaves out events already stored before inserting (a re-sent event
 * never reaches the view). It also keeps exact per-hour user sets ({@code uniqExactState}), not used by the planner
 * yet, since the rule for which reports a rollup answers is shared with DuckDB's. Sessions come from their own table
 * per hour, fed the same way ({@link ClickHouseSessions}); estimated visitors from sketches the writer adds
 * ({@link ClickHouseVisitorSketches}).
 */
final class ClickHouseRollups implements RollupStore {

    private final ClickHouseTransport clickhouse;
    private final Supplier<Instant> horizon;
    private final ClickHouseSessions sessions;
    private final ClickHouseVisitorSketches sketches;

    /**
     * @param raw     answers the sessions of a project whose session hashes collide
     * @param horizon the first instant the retention keeps now (a UTC midnight, so whole hours either side)
     */
    ClickHouseRollups(ClickHouseTransport clickhouse, AnalyticsEngine raw, Supplier<Instant> horizon) {
        this.clickhouse = clickhouse;
        this.horizon = horizon;
        this.sessions = new ClickHouseSessions(clickhouse, raw, horizon);
        this.sketches = new ClickHouseVisitorSketches(clickhouse, horizon);
    }

    @Override
    public Set<Source> sources() {
        return EnumSet.of(Source.ROLLUP, Source.SESSIONS, Source.SKETCH);
    }

    /** From the visitor sketches kept per hour (and day) and event type ({@code visitor_sketches}, added by the writer). */
    @Override
    public Map<Group, Aggregates> visitors(AggregateQuery query) {
        return sketches.count(query);
    }

    /** From the sessions kept per hour ({@code session_fragments}, fed by a view like the rollup). */
    @Override
    public Map<Group, Aggregates> sessions(AggregateQuery query) {
        return sessions.count(query);
    }

    /**
     * Nothing to fold (the views do that as events arrive); merges each key's visitor sketches into one row, so a
     * read unions about one sketch per hour (or day) and type.
     */
    @Override
    public long refresh() {
        sketches.compact();
        return 0;
    }

    @Override
    public Map<Group, Aggregates> aggregate(AggregateQuery query) {
        ChParams params = new ChParams();
        params.put("project", query.projectId());
        params.put("horizon_s", Long.toString(horizon.get().getEpochSecond()));
        params.put("zone", TimeZones.storeName(query.zone()));
        params.put("page_view", Metric.PAGE_VIEW_EVENT);
        params.put("conversion", Metric.CONVERSION_EVENT);
        List<String> keys = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < query.dimensions().size(); i++) {
            Dimension dimension = query.dimensions().get(i);
            keys.add((dimension instanceof Dimension.Time time ? ClickHouseSql.bucket("hour", time.granularity())
                    : ClickHouseExpressions.dimension(dimension, params)) + " AS " + ReportColumns.dimension(i));
            names.add(ReportColumns.dimension(i));
        }
        keys.add("toUInt8(0) AS " + CONSTANT_KEY);
        names.add(CONSTANT_KEY);
        String keyList = String.join(", ", names);
        // as the raw engine: the totals are the empty grouping set's row of the same pass, marked by grouping() of a
        // key (the first dimension: ClickHouse folds the constant g out of the keys, and grouping() then refuses it)
        String groupBy = query.totalsBesideGroups() ? "GROUPING SETS ((" + keyList + "), ())" : keyList;
        keys.add((query.totalsBesideGroups() ? "toUInt8(grouping(d0))" : "toUInt8(0)") + " AS " + TOTALS);
        // the columns answer in the report's names; `events` is qualified to read the column, not the alias it gives
        String sql = """
                SELECT %s, toInt64(sumMerge(rollup_hourly.events)) AS %s,
                       toInt64(sumMergeIf(rollup_hourly.events, event_type = {page_view:String})) AS %s,
                       toInt64(sumMergeIf(rollup_hourly.events, event_type = {conversion:String})) AS %s,
                       sumMerge(revenue) AS %s
                FROM rollup_hourly
                WHERE project_id = {project:String} AND hour >= toDateTime({horizon_s:Int64}, 'UTC')
                  AND hour >= toDateTime(%s, 'UTC') AND hour < toDateTime(%s, 'UTC') AND %s
                GROUP BY %s HAVING count() > 0
                """.formatted(String.join(", ", keys), EVENTS, PAGEVIEWS, CONVERSIONS, REVENUE, params.int64(query.range().from().getEpochSecond()),
                params.int64(query.range().to().getEpochSecond()), ClickHouseExpressions.filters(query.filters(), params),
                groupBy);
        String answer;
        try {
            answer = clickhouse.query(sql, NamedTsv.FORMAT, params.values());
        } catch (RuntimeException e) {
            throw new StoreException("ClickHouse rollup query failed: " + e.getMessage(), e);
        }
        Map<Group, Aggregates> result = new HashMap<>();
        for (ResultRow row : NamedTsv.rows(answer)) {
            result.put(ReportRows.group(query, row), new Aggregates(row.whole(EVENTS), 0, 0, row.whole(PAGEVIEWS), 0, 0, 0,
                    row.whole(CONVERSIONS), 0, row.decimal(REVENUE)));
        }
        return result;
    }
}
