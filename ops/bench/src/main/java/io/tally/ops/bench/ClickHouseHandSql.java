package io.tally.ops.bench;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The hand-written limit on ClickHouse's typed layout (migrations 10 and 11: {@code events} a ReplacingMergeTree sorted
 * by project, hour, type, user hash and event id; the standard dimensions in {@code LowCardinality(Nullable(String))}
 * columns of their own, {@code user_h}/{@code session_h} 64-bit hashes of the ids, {@code properties} holding only the
 * other properties). {@code FINAL} stays, as in the API: it is what makes a concurrent re-send count once. Distinct
 * users and sessions are counted by their hashes (the bench's data has no colliding ids, which {@link AnswerRows}
 * would catch), every range is a plain predicate on {@code ts} so the sort key's hour skips the rest, buckets are UTC
 * integer division, a session is one {@code GROUP BY} pass, and totals, groups and the compared period come from one
 * scan.
 */
final class ClickHouseHandSql implements HandSql {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private static final String SCOPE = "FROM events FINAL WHERE project_id = :project AND ts >= :from AND ts < :to";

    /**
     * The funnel of page view, sign-up, purchase in 14 days from the few sign-ups outwards, in {@code b}: each sign-up
     * with the sign-up before it and the first purchase after it. The page views whose first later sign-up is b lie
     * between the sign-up before b and b. Events are ordered by (time, o), o the step's number and the id: at one
     * instant a step's event follows the step before.
     */
    private static final String FUNNEL_SIGN_UPS = funnelSignUps("");

    /**
     * The funnel's steps and sign-ups of {@link #FUNNEL_SIGN_UPS}, each step event carrying {@code columns} too (each
     * followed by a comma: {@code "v, "}).
     */
    private static String funnelSignUps(String columns) {
        return """
                    WITH steps AS (
                        SELECT user_h, event_type, ts, %s
                               (multiIf(event_type = 'page_view', 1, event_type = 'sign_up', 2, 3), event_id) AS o
                        %s AND event_type IN ('page_view', 'sign_up', 'purchase')),
                    sign_ups AS (
                        SELECT user_h, ts, o, lagInFrame((ts, o)) OVER (PARTITION BY user_h ORDER BY ts, o
                               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS prev
                        FROM steps WHERE event_type = 'sign_up'),
                    b AS (
                        SELECT s.user_h AS user_h, (s.ts, s.o) AS k2, any(s.prev) AS prev,
                               countIf((p.ts, p.o) > (s.ts, s.o)) > 0 AS has3,
                               minIf((p.ts, p.o), (p.ts, p.o) > (s.ts, s.o)) AS k3
                        FROM sign_ups AS s LEFT JOIN (SELECT user_h, ts, o FROM steps WHERE event_type = 'purchase') AS p
                             ON p.user_h = s.user_h
                        GROUP BY s.user_h, s.ts, s.o
                        SETTINGS join_use_nulls = 1)""".formatted(columns, SCOPE);
    }

    /** Whether the attempt of page view {@code a} through sign-up {@code b} reaches b's purchase in the window. */
    private static final String REACHES_3 = "b.has3 AND toUnixTimestamp64Milli(a.ts) >= toUnixTimestamp64Milli(b.k3.1) - 1209600000";

    /**
     * Every page view's attempt through its first later sign-up b that reaches b (within 14 days of it): the page views
     * (with {@code columns}, each followed by a comma) are the join's left side, the few sign-ups its hash table.
     */
    private static String reaching(String columns) {
        return """
                        FROM (SELECT user_h, ts, %s o FROM steps WHERE event_type = 'page_view') AS a INNER JOIN b ON a.user_h = b.user_h
                        WHERE (a.ts, a.o) < b.k2 AND (a.ts, a.o) > b.prev
                          AND toUnixTimestamp64Milli(a.ts) >= toUnixTimestamp64Milli(b.k2.1) - 1209600000""".formatted(columns);
    }

    /**
     * Each user's counted attempt in {@code best}: for each sign-up b, the first of its page views within 14 days of b
     * reaches step 2, the first within 14 days of b's purchase step 3; a user's best attempt is the first reaching
     * furthest. The page views are the join's left side: ClickHouse builds its hash table from the right one, here the
     * few sign-ups.
     */
    private static final String FUNNEL_ATTEMPTS = FUNNEL_SIGN_UPS + """
                    ,
                    firsts AS (
                        SELECT b.user_h AS user_h, b.k2 AS k2, any(b.k3) AS k3, min((a.ts, a.o)) AS first2,
                               countIf(b.has3 AND toUnixTimestamp64Milli(a.ts) >= toUnixTimestamp64Milli(b.k3.1) - 1209600000) > 0 AS reaches3,
                               minIf((a.ts, a.o), b.has3 AND toUnixTimestamp64Milli(a.ts) >= toUnixTimestamp64Milli(b.k3.1) - 1209600000) AS first3
                        FROM (SELECT user_h, ts, o FROM steps WHERE event_type = 'page_view') AS a INNER JOIN b ON a.user_h = b.user_h
                        WHERE (a.ts, a.o) < b.k2 AND (a.ts, a.o) > b.prev
                          AND toUnixTimestamp64Milli(a.ts) >= toUnixTimestamp64Milli(b.k2.1) - 1209600000
                        GROUP BY b.user_h, b.k2),
                    best AS (
                        SELECT countIf(reaches3) > 0 AS three,
                               argMinIf((toUnixTimestamp64Milli(k2.1) - toUnixTimestamp64Milli(first3.1),
                                         toUnixTimestamp64Milli(k3.1) - toUnixTimestamp64Milli(k2.1)), first3, reaches3) AS via3,
                               argMin(toUnixTimestamp64Milli(k2.1) - toUnixTimestamp64Milli(first2.1), first2) AS via2
                        FROM firsts GROUP BY user_h)""";

    private static final Map<String, String> SQL = Map.ofEntries(
            Map.entry("dashboard_24h_hourly", """
                    SELECT 'current', grouping(h), h, countIf(event_type = 'page_view'), uniqExact(user_h)
                    FROM (SELECT intDiv(toUnixTimestamp64Milli(ts), 3600000) * 3600 AS h, event_type, user_h %s)
                    GROUP BY GROUPING SETS ((h), ())""".formatted(SCOPE)),
            // the previous period ends where the current begins: one range over both prunes, the OR keeps it exact
            Map.entry("report_type_by_day_30d_compare", """
                    SELECT period, grouping(d), event_type, d, count(), uniqExact(user_h)
                    FROM (SELECT if(ts >= :from, 'current', 'previous') AS period, event_type,
                                 intDiv(toUnixTimestamp64Milli(ts), 86400000) * 86400 AS d, user_h
                          FROM events FINAL WHERE project_id = :project AND ts >= :prev_from AND ts < :to
                           AND ((ts >= :from AND ts < :to) OR (ts >= :prev_from AND ts < :prev_to)))
                    GROUP BY GROUPING SETS ((period, event_type, d), (period))"""),
            Map.entry("funnel_3_steps_30d", FUNNEL_ATTEMPTS + "\n" + """
                    SELECT (SELECT uniqExact(user_h) FROM steps WHERE event_type = 'page_view'),
                           count(), quantileExactInclusive(0.5)(if(three, via3.1, via2)) / 1000,
                           countIf(three), quantileExactInclusiveIf(0.5)(via3.2, three) / 1000
                    FROM best"""),
            // the same attempts: each reaching step 3 gives its time from step 1; ten equal bins from the shortest
            Map.entry("funnel_time_to_convert_30d", FUNNEL_ATTEMPTS + "\n" + """
                    SELECT intDiv(x - lo, w) AS bin, (lo + bin * w) / 1000, count()
                    FROM (SELECT x, min(x) OVER () AS lo, intDiv(max(x) OVER () - min(x) OVER () + 10, 10) AS w
                          FROM (SELECT via3.1 + via3.2 AS x FROM best WHERE three))
                    GROUP BY bin, lo, w"""),
            // a page view's attempt through sign-up b reaching b's purchase is dropped when a page view lies strictly
            // between b and that purchase; a user counts by their first attempt reaching furthest of those left
            Map.entry("funnel_exclusion_30d", FUNNEL_SIGN_UPS + """
                    ,
                    spoilt AS (
                        SELECT b.user_h AS user_h, b.k2 AS k2
                        FROM (SELECT user_h, ts FROM steps WHERE event_type = 'page_view') AS v INNER JOIN b ON v.user_h = b.user_h
                        WHERE b.has3 AND v.ts > b.k2.1 AND v.ts < b.k3.1
                        GROUP BY b.user_h, b.k2),
                    marked AS (
                        SELECT b.user_h AS user_h, (a.ts, a.o) AS k1, b.k2 AS k2, b.k3 AS k3,
                               b.has3 AND toUnixTimestamp64Milli(a.ts) >= toUnixTimestamp64Milli(b.k3.1) - 1209600000 AS three,
                               three AND (b.user_h, b.k2) IN (SELECT user_h, k2 FROM spoilt) AS dropped
                        FROM (SELECT user_h, ts, o FROM steps WHERE event_type = 'page_view') AS a INNER JOIN b ON a.user_h = b.user_h
                        WHERE (a.ts, a.o) < b.k2 AND (a.ts, a.o) > b.prev
                          AND toUnixTimestamp64Milli(a.ts) >= toUnixTimestamp64Milli(b.k2.1) - 1209600000),
                    best AS (
                        SELECT argMin((three, toUnixTimestamp64Milli(k2.1) - toUnixTimestamp64Milli(k1.1),
                                       toUnixTimestamp64Milli(k3.1) - toUnixTimestamp64Milli(k2.1)), (-three, k1)) AS x
                        FROM marked WHERE NOT dropped GROUP BY user_h)
                    SELECT (SELECT uniqExact(user_h) FROM steps WHERE event_type = 'page_view'
                              AND (user_h, (ts, o)) NOT IN (SELECT user_h, k1 FROM marked WHERE dropped)),
                           count(), quantileExactInclusive(0.5)(x.2) / 1000,
                           countIf(x.1), quantileExactInclusiveIf(0.5)(x.3, x.1) / 1000
                    FROM best"""),
            // strict: each page view's next two events of any type (by time, step, id) must be the sign-up and the
            // purchase, within 14 days of it; a user keeps the first attempt reaching furthest
            Map.entry("funnel_strict_30d", """
                    WITH ordered AS (
                        SELECT user_h, ts, event_type, event_id,
                               leadInFrame(event_type, 1) OVER w AS type2, leadInFrame(ts, 1) OVER w AS ts2,
                               leadInFrame(event_type, 2) OVER w AS type3, leadInFrame(ts, 2) OVER w AS ts3
                        %s
                        WINDOW w AS (PARTITION BY user_h ORDER BY ts, multiIf(event_type = 'page_view', 1,
                                     event_type = 'sign_up', 2, event_type = 'purchase', 3, 4), event_id
                                     ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)),
                    attempts AS (
                        SELECT user_h, ts, event_id, type2 = 'sign_up' AND ts2 <= ts + INTERVAL 14 DAY AS two,
                               two AND type3 = 'purchase' AND ts3 <= ts + INTERVAL 14 DAY AS three,
                               toUnixTimestamp64Milli(ts2) - toUnixTimestamp64Milli(ts) AS d2,
                               toUnixTimestamp64Milli(ts3) - toUnixTimestamp64Milli(ts2) AS d3
                        FROM ordered WHERE event_type = 'page_view'),
                    best AS (SELECT argMin((two, three, d2, d3), (-(two + three), ts, event_id)) AS x FROM attempts GROUP BY user_h)
                    SELECT count(), countIf(x.1), quantileExactInclusiveIf(0.5)(x.3, x.1) / 1000,
                           countIf(x.2), quantileExactInclusiveIf(0.5)(x.4, x.2) / 1000
                    FROM best""".formatted(SCOPE)),
            // unordered: every step event starts an attempt; each type's earliest event at or after it (a window from
            // its instant on) within 14 days is done; the times between the done steps in time order; a user keeps the
            // first attempt doing most
            Map.entry("funnel_unordered_30d", """
                    WITH firsts AS (
                        SELECT user_h, toUnixTimestamp64Milli(ts) AS t, event_id,
                               multiIf(event_type = 'page_view', 1, event_type = 'sign_up', 2, 3) AS s,
                               min(if(event_type = 'page_view', t, NULL)) OVER w AS f1,
                               min(if(event_type = 'sign_up', t, NULL)) OVER w AS f2,
                               min(if(event_type = 'purchase', t, NULL)) OVER w AS f3
                        %s AND event_type IN ('page_view', 'sign_up', 'purchase')
                        WINDOW w AS (PARTITION BY user_h ORDER BY t DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)),
                    attempts AS (
                        SELECT user_h, t, s, event_id,
                               arraySort([if(f1 <= t + 1209600000, f1, NULL), if(f2 <= t + 1209600000, f2, NULL),
                                          if(f3 <= t + 1209600000, f3, NULL)]) AS done,
                               ifNull(f1 <= t + 1209600000, 0) + ifNull(f2 <= t + 1209600000, 0) + ifNull(f3 <= t + 1209600000, 0) AS r
                        FROM firsts),
                    best AS (SELECT argMin((r, done[2] - done[1], done[3] - done[2]), (-r, t, s, event_id)) AS x FROM attempts GROUP BY user_h)
                    SELECT count(), countIf(x.1 >= 2), quantileExactInclusiveIf(0.5)(x.2, x.1 >= 2) / 1000,
                           countIf(x.1 >= 3), quantileExactInclusiveIf(0.5)(x.3, x.1 >= 3) / 1000
                    FROM best""".formatted(SCOPE)),
            // a (user, day) of page views goes as far as the furthest attempt starting that day: each page view of a
            // sign-up b within 14 days of b reaches step 2, within 14 days of b's purchase step 3
            Map.entry("funnel_trend_days_30d", FUNNEL_SIGN_UPS + """
                    ,
                    reached AS (
                        SELECT b.user_h AS user_h, intDiv(toUnixTimestamp64Milli(a.ts), 86400000) * 86400 AS day,
                               countIf(b.has3 AND toUnixTimestamp64Milli(a.ts) >= toUnixTimestamp64Milli(b.k3.1) - 1209600000) > 0 AS reaches3
                        FROM (SELECT user_h, ts, o FROM steps WHERE event_type = 'page_view') AS a INNER JOIN b ON a.user_h = b.user_h
                        WHERE (a.ts, a.o) < b.k2 AND (a.ts, a.o) > b.prev
                          AND toUnixTimestamp64Milli(a.ts) >= toUnixTimestamp64Milli(b.k2.1) - 1209600000
                        GROUP BY b.user_h, day),
                    entered AS (
                        SELECT intDiv(toUnixTimestamp64Milli(ts), 86400000) * 86400 AS day, uniqExact(user_h) AS users
                        FROM steps WHERE event_type = 'page_view' GROUP BY day)
                    SELECT e.day, e.users, coalesce(r.reached2, 0), coalesce(r.reached3, 0)
                    FROM entered AS e
                         LEFT JOIN (SELECT day, count() AS reached2, countIf(reaches3) AS reached3 FROM reached GROUP BY day) AS r
                         ON r.day = e.day"""),
            // counting conversions: every page view is an attempt; one whose first later sign-up b lies within 14 days
            // reaches step 2, and step 3 when b's first purchase does too; the medians are over those attempts
            Map.entry("funnel_conversions_30d", FUNNEL_SIGN_UPS + """
                    ,
                    attempts AS (
                        SELECT toUnixTimestamp64Milli(b.k2.1) - toUnixTimestamp64Milli(a.ts) AS d2, %s AS three,
                               toUnixTimestamp64Milli(b.k3.1) - toUnixTimestamp64Milli(b.k2.1) AS d3
                    %s)
                    SELECT (SELECT count() FROM steps WHERE event_type = 'page_view'),
                           count(), quantileExactInclusive(0.5)(d2) / 1000, countIf(three), quantileExactInclusiveIf(0.5)(d3, three) / 1000
                    FROM attempts""".formatted(REACHES_3, reaching(""))),
            // each user's counted attempt as in funnel_3_steps_30d, carrying its page view's country and plan (v, a tuple
            // keeping NULLs): the first attempt reaching step 3, else step 2, else the user's first page view; grouped by
            // both values. A user without a sign-up reached has no row in best: the LEFT JOIN's defaults, two = 0
            Map.entry("funnel_breakdown_two_dims_30d", funnelSignUps(
                    "(country, if(visitParamHas(properties, 'plan'), visitParamExtractString(properties, 'plan'), NULL)) AS v,") + """
                    ,
                    firsts AS (
                        SELECT b.user_h AS user_h, b.k2 AS k2, any(b.k3) AS k3, min((a.ts, a.o)) AS first2, argMin(a.v, (a.ts, a.o)) AS v2,
                               countIf(%1$s) > 0 AS reaches3, minIf((a.ts, a.o), %1$s) AS first3,
                               argMinIf(a.v, (a.ts, a.o), %1$s) AS v3
                    %2$s
                        GROUP BY b.user_h, b.k2),
                    best AS (
                        SELECT user_h, 1 AS two, countIf(reaches3) > 0 AS three,
                               argMinIf((toUnixTimestamp64Milli(k2.1) - toUnixTimestamp64Milli(first3.1),
                                         toUnixTimestamp64Milli(k3.1) - toUnixTimestamp64Milli(k2.1), v3), first3, reaches3) AS via3,
                               argMin((toUnixTimestamp64Milli(k2.1) - toUnixTimestamp64Milli(first2.1), v2), first2) AS via2
                        FROM firsts GROUP BY user_h),
                    entrants AS (SELECT user_h, argMin(v, (ts, o)) AS v1 FROM steps WHERE event_type = 'page_view' GROUP BY user_h),
                    counted AS (
                        SELECT if(three, via3.3, if(two = 1, via2.2, e.v1)) AS v, two, three,
                               if(three, via3.1, via2.1) AS d2, via3.2 AS d3
                        FROM entrants AS e LEFT JOIN best ON best.user_h = e.user_h)
                    SELECT 'current', grouping(country), country, plan, count(), countIf(two = 1),
                           quantileExactInclusiveIf(0.5)(d2, two = 1) / 1000, countIf(three), quantileExactInclusiveIf(0.5)(d3, three) / 1000
                    FROM (SELECT v.1 AS country, v.2 AS plan, two, three, d2, d3 FROM counted)
                    GROUP BY GROUPING SETS ((country, plan), ())""".formatted(REACHES_3, reaching("v, "))),
            // first_time: a user's cohort is the week of their first sign-up ever, if that lies in the range (so
            // sign-ups after the range cannot matter and are not read)
            Map.entry("retention_8_weeks", """
                    WITH cohorts AS (
                        SELECT user_h, toMonday(min(ts)) AS cohort FROM events FINAL
                        WHERE project_id = :project AND ts < :to AND event_type = 'sign_up' GROUP BY user_h
                        HAVING min(ts) >= :from AND min(ts) < :to),
                    returns AS (SELECT DISTINCT user_h, toMonday(ts) AS week %s AND event_type = 'page_view')
                    SELECT toString(cohort), 0, count() FROM cohorts GROUP BY cohort
                    UNION ALL
                    SELECT toString(c.cohort) AS cohort, intDiv(dateDiff('day', c.cohort, r.week), 7) AS k, count()
                    FROM cohorts AS c INNER JOIN returns AS r ON r.user_h = c.user_h
                    WHERE r.week > c.cohort AND k <= 8 GROUP BY cohort, k""".formatted(SCOPE)),
            Map.entry("breakdown_country_30d", """
                    SELECT 'current', grouping(country), country, count(), uniqExact(user_h)
                    FROM (SELECT country, user_h %s)
                    GROUP BY GROUPING SETS ((country), ())""".formatted(SCOPE)),
            // plan is no promoted key: it stays one extraction per row from the flat JSON the adapter writes, by the
            // simple visitParam functions (no full parse; about 4 times faster than JSONExtract here)
            Map.entry("breakdown_custom_prop_30d", """
                    SELECT 'current', grouping(plan), plan, count(), uniqExact(user_h)
                    FROM (SELECT if(visitParamHas(properties, 'plan'), visitParamExtractString(properties, 'plan'), NULL) AS plan,
                                 user_h %s)
                    GROUP BY GROUPING SETS ((plan), ())""".formatted(SCOPE)),
            // a session in the day of its first event, its events and duration within the range
            Map.entry("session_metrics_30d", """
                    SELECT 'current', grouping(d), d, count(), countIf(n = 1) * 100 / count(), sum(span_ms) * 0.001 / count(),
                           sum(pv) / count()
                    FROM (SELECT intDiv(toUnixTimestamp64Milli(min(ts)), 86400000) * 86400 AS d, count() AS n,
                                 toUnixTimestamp64Milli(max(ts)) - toUnixTimestamp64Milli(min(ts)) AS span_ms,
                                 countIf(event_type = 'page_view') AS pv
                          %s GROUP BY session_h)
                    GROUP BY GROUPING SETS ((d), ())""".formatted(SCOPE)),
            // whole sessions: one pass groups every session of the range, keeping those holding an event on /pricing, in
            // the day of the first of these; length and page views are the whole session's, and it bounces only when
            // its first event (by time, then id) is on /pricing and its only one, over the sessions entering
            // there (path is nullable: a NULL path is no /pricing)
            Map.entry("report_page_filter_sessions_30d", """
                    SELECT 'current', grouping(d), d, count(), countIf(entered AND n = 1) * 100 / nullIf(countIf(entered), 0),
                           sum(span_ms) * 0.001 / count(), sum(pv) / count()
                    FROM (SELECT intDiv(toUnixTimestamp64Milli(minIf(ts, ifNull(path = '/pricing', 0))), 86400000) * 86400 AS d,
                                 count() AS n, toUnixTimestamp64Milli(max(ts)) - toUnixTimestamp64Milli(min(ts)) AS span_ms,
                                 countIf(event_type = 'page_view') AS pv,
                                 argMin(ifNull(path = '/pricing', 0), (ts, event_id)) AS entered
                          %s GROUP BY session_h HAVING countIf(ifNull(path = '/pricing', 0)) > 0)
                    GROUP BY GROUPING SETS ((d), ())""".formatted(SCOPE)),
            // the entry page is the path of the session's first event (by time, then id), NULL kept by the tuple
            Map.entry("entry_pages_30d", """
                    SELECT 'current', grouping(entry), entry, count(), countIf(n = 1) * 100 / count()
                    FROM (SELECT argMin(tuple(path), (ts, event_id)).1 AS entry,
                                 count() AS n
                          %s GROUP BY session_h)
                    GROUP BY GROUPING SETS ((entry), ())""".formatted(SCOPE)),
            // the exit page is the path of the session's last event (by time, then id), NULL kept by the tuple
            Map.entry("exit_pages_30d", """
                    SELECT 'current', grouping(exit), exit, count(), countIf(n = 1) * 100 / count()
                    FROM (SELECT argMax(tuple(path), (ts, event_id)).1 AS exit,
                                 count() AS n
                          %s GROUP BY session_h)
                    GROUP BY GROUPING SETS ((exit), ())""".formatted(SCOPE)),
            // a session counts under the channel of its first event (by time, then id), Direct when that event has
            // none: the JSON of that event alone is kept and read, once per session, not once per event, by the simple
            // visitParam functions as for plan. A session is one user's (the data's are; a session of two would lose
            // one, which AnswerRows would catch)
            Map.entry("channels_30d", """
                    SELECT 'current', grouping(channel), channel, uniqExact(user_h), count(), countIf(n = 1) * 100 / count(),
                           sum(span_ms) * 0.001 / count()
                    FROM (SELECT if(visitParamHas(first, 'channel'), visitParamExtractString(first, 'channel'), 'Direct') AS channel,
                                 user_h, n, span_ms
                          FROM (SELECT argMin(properties, (ts, event_id)) AS first, any(user_h) AS user_h, count() AS n,
                                       toUnixTimestamp64Milli(max(ts)) - toUnixTimestamp64Milli(min(ts)) AS span_ms
                                %s GROUP BY session_h))
                    GROUP BY GROUPING SETS ((channel), ())""".formatted(SCOPE)),
            // n: a user's distinct UTC days with a page view in the range
            Map.entry("stickiness_days_30d", """
                    SELECT n, count() FROM (SELECT user_h, uniqExact(toStartOfDay(ts)) AS n
                                            %s AND event_type = 'page_view' GROUP BY user_h)
                    GROUP BY n""".formatted(SCOPE)),
            // each user's page-view days up to the end of the range's last day; a day is new without a day before it
            // (the frame's default, day 0), returning after the day before, resurrecting after a gap; the day after
            // one with no next day is dormant (named day, not d: ClickHouse would read an alias d in the WHERE)
            Map.entry("lifecycle_days_30d", """
                    WITH active AS (
                        SELECT DISTINCT user_h, toStartOfDay(ts) AS d FROM events FINAL
                        WHERE project_id = :project AND event_type = 'page_view'
                          AND ts < toStartOfDay(subtractMilliseconds(:to, 1)) + INTERVAL 1 DAY),
                    marked AS (SELECT d, lagInFrame(d) OVER w AS p, leadInFrame(d) OVER w AS nx FROM active
                               WINDOW w AS (PARTITION BY user_h ORDER BY d ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)),
                    stages AS (
                        SELECT d AS day, multiIf(toUnixTimestamp(p) = 0, 0, p = d - INTERVAL 1 DAY, 1, 2) AS stage FROM marked
                        UNION ALL
                        SELECT d + INTERVAL 1 DAY AS day, 3 AS stage FROM marked WHERE toUnixTimestamp(nx) = 0 OR nx > d + INTERVAL 1 DAY)
                    SELECT toUnixTimestamp(day), countIf(stage = 0), countIf(stage = 1), countIf(stage = 2), countIf(stage = 3)
                    FROM stages WHERE day >= toStartOfDay(:from) AND day < toStartOfDay(subtractMilliseconds(:to, 1)) + INTERVAL 1 DAY
                    GROUP BY day"""),
            // both series' visitors in one scan: a day's distinct users of each event type, and the range's by the empty
            // grouping set (distinct over the range, not a sum of days); the formula B / A * 100 as the API evaluates it
            Map.entry("trend_visitors_days_30d", """
                    SELECT if(grouping(d) = 1, 'total', toString(d)), uniqExactIf(user_h, event_type = 'page_view') AS a,
                           uniqExactIf(user_h, event_type = 'sign_up') AS b, if(a = 0, NULL, b / a * 100)
                    FROM (SELECT intDiv(toUnixTimestamp64Milli(ts), 86400000) * 86400 AS d, event_type, user_h
                          %s AND event_type IN ('page_view', 'sign_up'))
                    GROUP BY GROUPING SETS ((d), ())""".formatted(SCOPE)),
            // every visitor and each goal's in one scan, then a row per goal. The page goal /docs/** is the regex
            // ^/docs/.*$ on path: the data's paths hold no line break (which '.' stops at), so a prefix test answers the
            // same, and is what a person writes
            Map.entry("conversions_30d", """
                    SELECT g.1, g.2, g.3, g.4, g.5
                    FROM (SELECT uniqExact(user_h) AS all_v,
                                 uniqExactIf(user_h, docs) AS docs_v, countIf(docs) AS docs_e, ifNull(sumIf(revenue, docs), 0) AS docs_r,
                                 uniqExactIf(user_h, signed_up) AS sign_v, countIf(signed_up) AS sign_e, ifNull(sumIf(revenue, signed_up), 0) AS sign_r
                          FROM (SELECT user_h, revenue, event_type = 'page_view' AND ifNull(startsWith(path, '/docs/'), 0) AS docs,
                                       event_type = 'sign_up' AS signed_up %s))
                    ARRAY JOIN [('*', all_v, 0, 0., docs_r - docs_r), ('docs', docs_v, docs_e, docs_v * 100 / all_v, docs_r),
                                ('signup', sign_v, sign_e, sign_v * 100 / all_v, sign_r)] AS g""".formatted(SCOPE)),
            // only the goals' events are read (the page goal's prefix test as in conversions_30d), in one scan: each
            // goal's visitors and events per country, and those of any goal (each event once) by the empty grouping
            // set; then a row per goal and country holding events, and the totals row
            Map.entry("report_by_goal_30d", """
                    SELECT 'current', t, g.1, country, g.2, g.3
                    FROM (SELECT grouping(country) AS t, country, uniqExact(user_h) AS any_v, count() AS any_e,
                                 uniqExactIf(user_h, docs) AS docs_v, countIf(docs) AS docs_e,
                                 uniqExactIf(user_h, signed_up) AS sign_v, countIf(signed_up) AS sign_e
                          FROM (SELECT country, user_h, event_type = 'page_view' AND ifNull(startsWith(path, '/docs/'), 0) AS docs,
                                       event_type = 'sign_up' AS signed_up
                                %s AND ((event_type = 'page_view' AND startsWith(path, '/docs/')) OR event_type = 'sign_up'))
                          GROUP BY GROUPING SETS ((country), ()))
                    ARRAY JOIN if(t = 1, [('*', any_v, any_e)], [('docs', docs_v, docs_e), ('signup', sign_v, sign_e)]) AS g
                    WHERE g.3 > 0""".formatted(SCOPE)));


    @Override
    public String sql(String query, Ranges ranges) {
        return HandSql.fill(SQL, query, ranges, at -> "toDateTime64('" + TIMESTAMP.format(at) + "', 3, 'UTC')");
    }
}
