package io.tally.ops.bench;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The hand-written limit on ClickHouse's current layout ({@code events}: a ReplacingMergeTree sorted by project, day,
 * type, user and event id; ids as text; every property in the JSON text {@code properties}). {@code FINAL} stays, as
 * in the API: it is what makes a concurrent re-send count once. One JSON extraction where the engine needs it, UTC
 * buckets by integer division, one pass per session by {@code GROUP BY}, totals in the same scan.
 */
final class ClickHouseHandSql implements HandSql {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    /**
     * A text property, NULL where the event lacks it. {@code properties} is flat JSON written by the adapter, so the
     * simple {@code visitParam} functions (no full parse; about 4 times faster than {@code JSONExtract} here) find the key.
     */
    private static String property(String key) {
        return "if(visitParamHas(properties, '" + key + "'), visitParamExtractString(properties, '" + key + "'), NULL)";
    }

    private static final String SCOPE = "FROM events FINAL WHERE project_id = :project AND ts >= :from AND ts < :to";

    private static final Map<String, String> SQL = Map.of(
            "dashboard_24h_hourly", """
                    SELECT 'current', grouping(h), h, countIf(event_type = 'page_view'), uniqExact(user_id)
                    FROM (SELECT intDiv(toUnixTimestamp64Milli(ts), 3600000) * 3600 AS h, event_type, user_id %s)
                    GROUP BY GROUPING SETS ((h), ())""".formatted(SCOPE),
            "report_type_by_day_30d_compare", """
                    SELECT period, grouping(d), event_type, d, count(), uniqExact(user_id)
                    FROM (SELECT if(ts >= :from, 'current', 'previous') AS period, event_type,
                                 intDiv(toUnixTimestamp64Milli(ts), 86400000) * 86400 AS d, user_id
                          FROM events FINAL WHERE project_id = :project
                           AND ((ts >= :from AND ts < :to) OR (ts >= :prev_from AND ts < :prev_to)))
                    GROUP BY GROUPING SETS ((period, event_type, d), (period))""",
            // the page views whose first later sign-up is b lie between the sign-up before b and b: for each sign-up
            // (few), the first of them within 14 days of b reaches step 2, the first within 14 days of the first purchase
            // after b step 3; a user's best attempt is the first reaching furthest. The page views are the join's left
            // side: ClickHouse builds its hash table from the right one, here the few sign-ups
            "funnel_3_steps_30d", """
                    WITH steps AS (
                        SELECT user_id, event_type, ts, event_id
                        %s AND event_type IN ('page_view', 'sign_up', 'purchase')),
                    sign_ups AS (
                        SELECT user_id, ts, event_id, lagInFrame((ts, event_id)) OVER (PARTITION BY user_id ORDER BY ts, event_id
                               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS prev
                        FROM steps WHERE event_type = 'sign_up'),
                    b AS (
                        SELECT s.user_id AS user_id, (s.ts, s.event_id) AS k2, any(s.prev) AS prev,
                               countIf((p.ts, p.event_id) > (s.ts, s.event_id)) > 0 AS has3,
                               minIf((p.ts, p.event_id), (p.ts, p.event_id) > (s.ts, s.event_id)) AS k3
                        FROM sign_ups AS s LEFT JOIN (SELECT user_id, ts, event_id FROM steps WHERE event_type = 'purchase') AS p
                             ON p.user_id = s.user_id
                        GROUP BY s.user_id, s.ts, s.event_id
                        SETTINGS join_use_nulls = 1),
                    firsts AS (
                        SELECT b.user_id AS user_id, b.k2 AS k2, any(b.k3) AS k3, min((a.ts, a.event_id)) AS first2,
                               countIf(b.has3 AND toUnixTimestamp64Milli(a.ts) >= toUnixTimestamp64Milli(b.k3.1) - 1209600000) > 0 AS reaches3,
                               minIf((a.ts, a.event_id), b.has3 AND toUnixTimestamp64Milli(a.ts) >= toUnixTimestamp64Milli(b.k3.1) - 1209600000) AS first3
                        FROM (SELECT user_id, ts, event_id FROM steps WHERE event_type = 'page_view') AS a INNER JOIN b ON a.user_id = b.user_id
                        WHERE (a.ts, a.event_id) < b.k2 AND (a.ts, a.event_id) > b.prev
                          AND toUnixTimestamp64Milli(a.ts) >= toUnixTimestamp64Milli(b.k2.1) - 1209600000
                        GROUP BY b.user_id, b.k2),
                    best AS (
                        SELECT countIf(reaches3) > 0 AS three,
                               argMinIf((toUnixTimestamp64Milli(k2.1) - toUnixTimestamp64Milli(first3.1),
                                         toUnixTimestamp64Milli(k3.1) - toUnixTimestamp64Milli(k2.1)), first3, reaches3) AS via3,
                               argMin(toUnixTimestamp64Milli(k2.1) - toUnixTimestamp64Milli(first2.1), first2) AS via2
                        FROM firsts GROUP BY user_id)
                    SELECT (SELECT uniqExact(user_id) FROM steps WHERE event_type = 'page_view'),
                           count(), quantileExactInclusive(0.5)(if(three, via3.1, via2)) / 1000,
                           countIf(three), quantileExactInclusiveIf(0.5)(via3.2, three) / 1000
                    FROM best""".formatted(SCOPE),
            // first_time: a user's cohort is the week of their first sign-up ever, if that lies in the range
            "retention_8_weeks", """
                    WITH cohorts AS (
                        SELECT user_id, toMonday(min(ts)) AS cohort FROM events FINAL
                        WHERE project_id = :project AND event_type = 'sign_up' GROUP BY user_id
                        HAVING min(ts) >= :from AND min(ts) < :to),
                    returns AS (SELECT DISTINCT user_id, toMonday(ts) AS week %s AND event_type = 'page_view')
                    SELECT toString(cohort), 0, count() FROM cohorts GROUP BY cohort
                    UNION ALL
                    SELECT toString(c.cohort) AS cohort, intDiv(dateDiff('day', c.cohort, r.week), 7) AS k, count()
                    FROM cohorts AS c INNER JOIN returns AS r ON r.user_id = c.user_id
                    WHERE r.week > c.cohort AND k <= 8 GROUP BY cohort, k""".formatted(SCOPE),
            "breakdown_country_30d", """
                    SELECT 'current', grouping(country), country, count(), uniqExact(user_id)
                    FROM (SELECT %2$s AS country, user_id %1$s)
                    GROUP BY GROUPING SETS ((country), ())""".formatted(SCOPE, property("country")),
            "breakdown_custom_prop_30d", """
                    SELECT 'current', grouping(plan), plan, count(), uniqExact(user_id)
                    FROM (SELECT %2$s AS plan, user_id %1$s)
                    GROUP BY GROUPING SETS ((plan), ())""".formatted(SCOPE, property("plan")),
            // a session in the day of its first event, its events and duration within the range
            "session_metrics_30d", """
                    SELECT 'current', grouping(d), d, count(), countIf(n = 1) * 100 / count(), sum(span_ms) * 0.001 / count(),
                           sum(pv) / count()
                    FROM (SELECT intDiv(toUnixTimestamp64Milli(min(ts)), 86400000) * 86400 AS d, count() AS n,
                                 toUnixTimestamp64Milli(max(ts)) - toUnixTimestamp64Milli(min(ts)) AS span_ms,
                                 countIf(event_type = 'page_view') AS pv
                          %s GROUP BY session_id)
                    GROUP BY GROUPING SETS ((d), ())""".formatted(SCOPE),
            // the entry page is the path of the session's first event (by time, then id), NULL kept by the tuple
            "entry_pages_30d", """
                    SELECT 'current', grouping(entry), entry, count(), countIf(n = 1) * 100 / count()
                    FROM (SELECT argMin(tuple(%2$s), (ts, event_id)).1 AS entry,
                                 count() AS n
                          %1$s GROUP BY session_id)
                    GROUP BY GROUPING SETS ((entry), ())""".formatted(SCOPE, property("path")));

    @Override
    public String sql(String query, Ranges ranges) {
        return HandSql.fill(SQL, query, ranges, at -> "toDateTime64('" + TIMESTAMP.format(at) + "', 3, 'UTC')");
    }
}
