package io.tally.adapter.out.clickhouse;

import io.tally.adapter.out.sql.ReportColumns;
import io.tally.adapter.out.sql.ReportRows;
import io.tally.adapter.out.sql.ResultRow;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.StoreException;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Group;
import io.tally.domain.time.TimeZones;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static io.tally.adapter.out.sql.ReportColumns.BOUNCES;
import static io.tally.adapter.out.sql.ReportColumns.CONSTANT_KEY;
import static io.tally.adapter.out.sql.ReportColumns.SESSIONS;
import static io.tally.adapter.out.sql.ReportColumns.SESSION_MS;
import static io.tally.adapter.out.sql.ReportColumns.SESSION_PAGEVIEWS;
import static io.tally.adapter.out.sql.ReportColumns.TOTALS;

/**
 * The session facts of a report from {@code session_fragments}: the fragments of the range's whole hours merged per
 * session hash, then the merged sessions grouped by their entry event's values and their exit page. A project where two session ids
 * share a hash is counted from its raw events instead, since its fragments mix two sessions.
 */
final class ClickHouseSessions {

    private final ClickHouseTransport clickhouse;
    private final AnalyticsEngine raw;
    private final Supplier<Instant> horizon;

    /** @param horizon the first instant the retention keeps now (a UTC midnight, so whole hours either side) */
    ClickHouseSessions(ClickHouseTransport clickhouse, AnalyticsEngine raw, Supplier<Instant> horizon) {
        this.clickhouse = clickhouse;
        this.raw = raw;
        this.horizon = horizon;
    }

    Map<Group, Aggregates> count(AggregateQuery query) {
        if (sessionHashesCollide(query.projectId())) {
            return sessionFactsOf(raw.aggregate(new AggregateQuery(query.projectId(), query.range(), query.zone(),
                    query.dimensions(), query.filters(), EnumSet.of(Aggregates.Part.SESSIONS), query.totals(),
                    query.engagement())));
        }
        ClickHouseQueries.Statement statement = statement(query, horizon.get());
        String answer;
        try {
            answer = clickhouse.query(statement.sql(), NamedTsv.FORMAT, statement.params().values());
        } catch (RuntimeException e) {
            throw new StoreException("ClickHouse sessions query failed: " + e.getMessage(), e);
        }
        Map<Group, Aggregates> result = new HashMap<>();
        for (ResultRow row : NamedTsv.rows(answer)) {
            result.put(ReportRows.group(query, row), sessionFacts(row.whole(SESSIONS), row.whole(BOUNCES),
                    row.whole(SESSION_MS), row.whole(SESSION_PAGEVIEWS)));
        }
        return result;
    }

    /**
     * The session facts of a report's columns ({@code ReportColumns}: d0…dn, {@code g}, {@code totals}, sessions,
     * bounces, session ms, session page views), read by name as a report's rows are. The inner pass
     * merges each session's fragments (no FINAL: it aggregates them anyway) and names the entry's values as the
     * event columns, so the dimensions read them as they read an event's.
     */
    static ClickHouseQueries.Statement statement(AggregateQuery query, Instant horizon) {
        ChParams params = new ChParams();
        params.put("project", query.projectId());
        params.put("zone", TimeZones.storeName(query.zone()));
        List<String> keys = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < query.dimensions().size(); i++) {
            keys.add(ClickHouseExpressions.dimension(query.dimensions().get(i), params) + " AS " + ReportColumns.dimension(i));
            names.add(ReportColumns.dimension(i));
        }
        keys.add("toUInt8(0) AS " + CONSTANT_KEY);
        names.add(CONSTANT_KEY);
        String keyList = String.join(", ", names);
        // as the rollup: the totals are the empty grouping set's row, marked by grouping() of the first dimension
        String groupBy = query.totalsBesideGroups() ? "GROUPING SETS ((" + keyList + "), ())" : keyList;
        keys.add((query.totalsBesideGroups() ? "toUInt8(grouping(d0))" : "toUInt8(0)") + " AS " + TOTALS);
        // each value is decoded only where a dimension reads it: the engine drops the columns nothing reads
        List<String> entryColumns = new ArrayList<>(List.of(FragmentTexts.eventType("entry") + " AS event_type"));
        for (int i = 1; i < FragmentTexts.ENTRY_VALUES.size(); i++) {
            entryColumns.add(FragmentTexts.value("entry", i) + " AS " + FragmentTexts.ENTRY_VALUES.get(i));
        }
        boolean byExit = query.dimensions().stream().anyMatch(d -> d instanceof Dimension.ExitPage);
        if (byExit) {
            entryColumns.add(FragmentTexts.value("exit", 0) + " AS " + ClickHouseExpressions.EXIT_PAGE);
        }
        String exit = byExit ? ", ifNull(max(exit_text), '') AS exit" : "";
        String sql = """
                SELECT %s, toInt64(count()) AS %s, toInt64(countIf(n = 1)) AS %s,
                       toInt64(sum(span_ms)) AS %s, toInt64(sum(pv)) AS %s
                FROM (
                    SELECT ts, n, span_ms, pv, %s
                    FROM (
                        SELECT session_h, min(first_ts) AS ts, sum(events) AS n, sum(pageviews) AS pv,
                               toUnixTimestamp64Milli(max(last_ts)) - toUnixTimestamp64Milli(min(first_ts)) AS span_ms,
                               ifNull(min(entry_text), '') AS entry%s
                        FROM session_fragments
                        WHERE project_id = {project:String} AND hour >= toDateTime(%s, 'UTC')
                          AND hour >= toDateTime(%s, 'UTC') AND hour < toDateTime(%s, 'UTC')
                        GROUP BY session_h
                    )
                )
                GROUP BY %s HAVING count() > 0
                """.formatted(String.join(", ", keys), SESSIONS, BOUNCES, SESSION_MS, SESSION_PAGEVIEWS,
                String.join(", ", entryColumns), exit,
                params.int64(horizon.getEpochSecond()), params.int64(query.range().from().getEpochSecond()),
                params.int64(query.range().to().getEpochSecond()), groupBy);
        return new ClickHouseQueries.Statement(sql, params);
    }

    private boolean sessionHashesCollide(String projectId) {
        try {
            return clickhouse.query(ClickHouseSql.HAS_SESSION_COLLISIONS, "TSV", Map.of("project", projectId)).strip().equals("1");
        } catch (RuntimeException e) {
            throw new StoreException("ClickHouse could not read the hash collisions: " + e.getMessage(), e);
        }
    }

    /** The session facts of the raw engine's answer, for the groups holding a session's first event. */
    private static Map<Group, Aggregates> sessionFactsOf(Map<Group, Aggregates> answer) {
        Map<Group, Aggregates> facts = new HashMap<>();
        answer.forEach((group, a) -> {
            if (a.sessions() > 0) {
                facts.put(group, sessionFacts(a.sessions(), a.bounces(), a.sessionMillis(), a.sessionPageviews()));
            }
        });
        return facts;
    }

    private static Aggregates sessionFacts(long sessions, long bounces, long sessionMillis, long sessionPageviews) {
        return new Aggregates(0, 0, sessions, 0, bounces, sessionMillis, sessionPageviews, 0, 0, BigDecimal.ZERO);
    }
}
