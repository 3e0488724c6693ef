package io.tally.ops.bench;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The hand-written limit on DuckDB's typed layout (migration 5: the standard dimensions and the counted revenue in
 * columns of their own, {@code user_h}/{@code session_h} 64-bit hashes of the ids, {@code properties} JSON holding only
 * the other properties, rows in (project, time) order). Distinct users and sessions are counted by their hashes (the
 * bench's data has no colliding ids, which {@link AnswerRows} would catch), every range is a plain predicate on
 * {@code ts} so the zonemaps skip the rest of the file, buckets are UTC {@code date_trunc}, a session is one
 * {@code GROUP BY} pass instead of a sort, and totals, groups and the compared period come from one scan.
 */
final class DuckDbHandSql implements HandSql {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private static final String SCOPE = "FROM events WHERE project_id = :project AND ts >= :from AND ts < :to";

    /**
     * The funnel of page view, sign-up, purchase in 14 days from the few sign-ups outwards, in {@code b}: each sign-up
     * with the sign-up before it and the first purchase after it (an ASOF join on (time, step, id): at one instant a
     * step's event follows the step before). The page views whose first later sign-up is b lie between the sign-up
     * before b and b.
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
                               struct_pack(t := ts, s := CASE event_type WHEN 'page_view' THEN 1 WHEN 'sign_up' THEN 2 ELSE 3 END,
                                           e := event_id) AS k
                        %s AND event_type IN ('page_view', 'sign_up', 'purchase')),
                    sign_ups AS (SELECT user_h, k, lag(k) OVER (PARTITION BY user_h ORDER BY k) AS prev_k FROM steps WHERE event_type = 'sign_up'),
                    purchases AS (SELECT user_h, k FROM steps WHERE event_type = 'purchase'),
                    b AS (SELECT s.user_h, s.k AS k2, s.prev_k, p.k AS k3
                          FROM sign_ups s ASOF LEFT JOIN purchases p ON p.user_h = s.user_h AND p.k > s.k)""".formatted(columns, SCOPE);
    }

    /**
     * Every page view's attempt through its first later sign-up b that reaches b (within 14 days of it): the page view
     * {@code a} joined to b.
     */
    private static final String FUNNEL_REACHING = """
                    FROM b JOIN steps a ON a.user_h = b.user_h AND a.event_type = 'page_view' AND a.k < b.k2
                     AND (b.prev_k IS NULL OR a.k > b.prev_k) AND a.ts >= b.k2.t - INTERVAL 14 DAY""";

    /** Whether the attempt of page view {@code a} through sign-up {@code b} reaches b's purchase in the window. */
    private static final String REACHES_3 = "b.k3 IS NOT NULL AND a.ts >= b.k3.t - INTERVAL 14 DAY";

    /**
     * Each user's counted attempt in {@code best}: for each sign-up b, the first of its page views within 14 days of b
     * reaches step 2, the first within 14 days of b's purchase step 3; a user's best attempt is the first reaching
     * furthest.
     */
    private static final String FUNNEL_ATTEMPTS = FUNNEL_SIGN_UPS + """
                    ,
                    firsts AS (
                        SELECT b.user_h, b.k2, b.k3, min(a.k) AS first2,
                               min(a.k) FILTER (WHERE b.k3 IS NOT NULL AND a.ts >= b.k3.t - INTERVAL 14 DAY) AS first3
                        FROM b JOIN steps a ON a.user_h = b.user_h AND a.event_type = 'page_view' AND a.k < b.k2
                         AND (b.prev_k IS NULL OR a.k > b.prev_k) AND a.ts >= b.k2.t - INTERVAL 14 DAY
                        GROUP BY b.user_h, b.k2, b.k3),
                    best AS (
                        SELECT arg_min(struct_pack(d2 := epoch_ms(k2.t) - epoch_ms(first3.t), d3 := epoch_ms(k3.t) - epoch_ms(k2.t)), first3) AS via3,
                               arg_min(epoch_ms(k2.t) - epoch_ms(first2.t), first2) AS via2
                        FROM firsts GROUP BY user_h)""";

    private static final Map<String, String> SQL = Map.ofEntries(
            Map.entry("dashboard_24h_hourly", """
                    SELECT 'current', grouping(h), CAST(epoch(h) AS BIGINT),
                           count(*) FILTER (WHERE event_type = 'page_view'), count(DISTINCT user_h)
                    FROM (SELECT date_trunc('hour', ts) AS h, event_type, user_h %s)
                    GROUP BY GROUPING SETS ((h), ())""".formatted(SCOPE)),
            // the previous period ends where the current begins: one range over both prunes, the OR keeps it exact
            Map.entry("report_type_by_day_30d_compare", """
                    SELECT period, grouping(d), event_type, CAST(epoch(d) AS BIGINT), count(*), count(DISTINCT user_h)
                    FROM (SELECT CASE WHEN ts >= :from THEN 'current' ELSE 'previous' END AS period, event_type,
                                 date_trunc('day', ts) AS d, user_h
                          FROM events WHERE project_id = :project AND ts >= :prev_from AND ts < :to
                           AND ((ts >= :from AND ts < :to) OR (ts >= :prev_from AND ts < :prev_to)))
                    GROUP BY GROUPING SETS ((period, event_type, d), (period))"""),
            Map.entry("funnel_3_steps_30d", FUNNEL_ATTEMPTS + "\n" + """
                    SELECT (SELECT count(DISTINCT user_h) FROM steps WHERE event_type = 'page_view'),
                           count(*), quantile_cont(coalesce(via3.d2, via2), 0.5) / 1000.0,
                           count(via3), quantile_cont(via3.d3, 0.5) / 1000.0
                    FROM best"""),
            // the same attempts: each reaching step 3 gives its time from step 1; ten equal bins from the shortest
            Map.entry("funnel_time_to_convert_30d", FUNNEL_ATTEMPTS + "\n" + """
                    SELECT (x - lo) // w AS bin, (lo + (x - lo) // w * w) / 1000.0, count(*)
                    FROM (SELECT x, min(x) OVER () AS lo, (max(x) OVER () - min(x) OVER () + 10) // 10 AS w
                          FROM (SELECT via3.d2 + via3.d3 AS x FROM best WHERE via3 IS NOT NULL))
                    GROUP BY ALL"""),
            // a (user, day) of page views goes as far as the furthest attempt starting that day: each page view of a
            // sign-up b within 14 days of b reaches step 2, within 14 days of b's purchase step 3
            Map.entry("funnel_trend_days_30d", FUNNEL_SIGN_UPS + """
                    ,
                    reached AS (
                        SELECT b.user_h, date_trunc('day', a.ts) AS d,
                               bool_or(b.k3 IS NOT NULL AND a.ts >= b.k3.t - INTERVAL 14 DAY) AS three
                        FROM b JOIN steps a ON a.user_h = b.user_h AND a.event_type = 'page_view' AND a.k < b.k2
                         AND (b.prev_k IS NULL OR a.k > b.prev_k) AND a.ts >= b.k2.t - INTERVAL 14 DAY
                        GROUP BY b.user_h, d),
                    entered AS (SELECT date_trunc('day', ts) AS d, count(DISTINCT user_h) AS users FROM steps
                                WHERE event_type = 'page_view' GROUP BY d)
                    SELECT CAST(epoch(e.d) AS BIGINT), any_value(e.users), count(r.d), count(*) FILTER (WHERE r.three)
                    FROM entered e LEFT JOIN reached r ON r.d = e.d
                    GROUP BY e.d"""),
            // a page view's attempt through sign-up b reaching b's purchase is dropped when a page view lies strictly
            // between b and that purchase; a user counts by their first attempt reaching furthest of those left
            Map.entry("funnel_exclusion_30d", FUNNEL_SIGN_UPS + """
                    ,
                    spoilt AS (
                        SELECT DISTINCT b.user_h, b.k2 FROM b JOIN steps v ON v.user_h = b.user_h AND v.event_type = 'page_view'
                         AND v.ts > b.k2.t AND v.ts < b.k3.t
                        WHERE b.k3 IS NOT NULL),
                    attempts AS (
                        SELECT b.user_h, a.k AS k1, b.k2, b.k3, coalesce(b.k3 IS NOT NULL AND a.ts >= b.k3.t - INTERVAL 14 DAY, false) AS three
                        FROM b JOIN steps a ON a.user_h = b.user_h AND a.event_type = 'page_view' AND a.k < b.k2
                         AND (b.prev_k IS NULL OR a.k > b.prev_k) AND a.ts >= b.k2.t - INTERVAL 14 DAY),
                    marked AS (
                        SELECT a.*, a.three AND s.k2 IS NOT NULL AS dropped
                        FROM attempts a LEFT JOIN spoilt s ON s.user_h = a.user_h AND s.k2 = a.k2),
                    best AS (
                        SELECT arg_min(struct_pack(three, d2 := epoch_ms(k2.t) - epoch_ms(k1.t), d3 := epoch_ms(k3.t) - epoch_ms(k2.t)),
                                       struct_pack(r := -(three::INT), k := k1)) AS x
                        FROM marked WHERE NOT dropped GROUP BY user_h)
                    SELECT (SELECT count(DISTINCT v.user_h) FROM steps v
                              ANTI JOIN (SELECT user_h, k1 FROM marked WHERE dropped) d ON d.user_h = v.user_h AND d.k1 = v.k
                            WHERE v.event_type = 'page_view'),
                           count(*), quantile_cont(x.d2, 0.5) / 1000.0,
                           count(*) FILTER (WHERE x.three), quantile_cont(x.d3, 0.5) FILTER (WHERE x.three) / 1000.0
                    FROM best"""),
            // strict: each page view's next two events of any type (by time, step, id) must be the sign-up and the
            // purchase, within 14 days of it; a user keeps the first attempt reaching furthest
            Map.entry("funnel_strict_30d", """
                    WITH ordered AS (
                        SELECT user_h, ts, event_type, event_id,
                               lead(event_type, 1) OVER w AS type2, lead(ts, 1) OVER w AS ts2,
                               lead(event_type, 2) OVER w AS type3, lead(ts, 2) OVER w AS ts3
                        %s
                        WINDOW w AS (PARTITION BY user_h ORDER BY ts, CASE event_type WHEN 'page_view' THEN 1
                                     WHEN 'sign_up' THEN 2 WHEN 'purchase' THEN 3 ELSE 4 END, event_id)),
                    attempts AS (
                        SELECT user_h, ts, event_id, coalesce(type2 = 'sign_up' AND ts2 <= ts + INTERVAL 14 DAY, false) AS two,
                               two AND coalesce(type3 = 'purchase' AND ts3 <= ts + INTERVAL 14 DAY, false) AS three,
                               epoch_ms(ts2) - epoch_ms(ts) AS d2, epoch_ms(ts3) - epoch_ms(ts2) AS d3
                        FROM ordered WHERE event_type = 'page_view'),
                    best AS (
                        SELECT arg_min(struct_pack(two, three, d2, d3), struct_pack(r := -(two::INT + three::INT), t := ts, e := event_id)) AS x
                        FROM attempts GROUP BY user_h)
                    SELECT count(*), count(*) FILTER (WHERE x.two), quantile_cont(x.d2, 0.5) FILTER (WHERE x.two) / 1000.0,
                           count(*) FILTER (WHERE x.three), quantile_cont(x.d3, 0.5) FILTER (WHERE x.three) / 1000.0
                    FROM best""".formatted(SCOPE)),
            // unordered: every step event starts an attempt; each type's earliest event at or after it (a window from
            // its instant on) within 14 days is done; the times between the done steps in time order; a user keeps the
            // first attempt doing most
            Map.entry("funnel_unordered_30d", """
                    WITH firsts AS (
                        SELECT user_h, ts, event_id,
                               CASE event_type WHEN 'page_view' THEN 1 WHEN 'sign_up' THEN 2 ELSE 3 END AS s,
                               min(ts) FILTER (WHERE event_type = 'page_view') OVER w AS f1,
                               min(ts) FILTER (WHERE event_type = 'sign_up') OVER w AS f2,
                               min(ts) FILTER (WHERE event_type = 'purchase') OVER w AS f3
                        %s AND event_type IN ('page_view', 'sign_up', 'purchase')
                        WINDOW w AS (PARTITION BY user_h ORDER BY ts DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)),
                    attempts AS (
                        SELECT user_h, ts, s, event_id,
                               list_sort([CASE WHEN f1 <= ts + INTERVAL 14 DAY THEN epoch_ms(f1) END,
                                          CASE WHEN f2 <= ts + INTERVAL 14 DAY THEN epoch_ms(f2) END,
                                          CASE WHEN f3 <= ts + INTERVAL 14 DAY THEN epoch_ms(f3) END], 'ASC', 'NULLS LAST') AS done,
                               coalesce((f1 <= ts + INTERVAL 14 DAY)::INT, 0) + coalesce((f2 <= ts + INTERVAL 14 DAY)::INT, 0)
                                 + coalesce((f3 <= ts + INTERVAL 14 DAY)::INT, 0) AS r
                        FROM firsts),
                    best AS (
                        SELECT arg_min(struct_pack(r, d2 := done[2] - done[1], d3 := done[3] - done[2]),
                                       struct_pack(nr := -r, t := ts, s := s, e := event_id)) AS x
                        FROM attempts GROUP BY user_h)
                    SELECT count(*), count(*) FILTER (WHERE x.r >= 2), quantile_cont(x.d2, 0.5) FILTER (WHERE x.r >= 2) / 1000.0,
                           count(*) FILTER (WHERE x.r >= 3), quantile_cont(x.d3, 0.5) FILTER (WHERE x.r >= 3) / 1000.0
                    FROM best""".formatted(SCOPE)),
            // counting conversions: every page view is an attempt; one whose first later sign-up b lies within 14 days
            // reaches step 2, and step 3 when b's first purchase does too; the medians are over those attempts
            Map.entry("funnel_conversions_30d", FUNNEL_SIGN_UPS + """
                    ,
                    attempts AS (
                        SELECT epoch_ms(b.k2.t) - epoch_ms(a.ts) AS d2,
                               CASE WHEN %s THEN epoch_ms(b.k3.t) - epoch_ms(b.k2.t) END AS d3
                        %s)
                    SELECT (SELECT count(*) FROM steps WHERE event_type = 'page_view'),
                           count(*), quantile_cont(d2, 0.5) / 1000.0, count(d3), quantile_cont(d3, 0.5) / 1000.0
                    FROM attempts""".formatted(REACHES_3, FUNNEL_REACHING)),
            // each user's counted attempt as in funnel_3_steps_30d, carrying its page view's country and plan (v): the
            // first attempt reaching step 3, else step 2, else the user's first page view; grouped by both values
            Map.entry("funnel_breakdown_two_dims_30d", funnelSignUps("struct_pack(c := country, p := properties->>'$.plan') AS v,")
                    + """
                    ,
                    firsts AS (
                        SELECT b.user_h, b.k2, b.k3, min(a.k) AS first2, arg_min(a.v, a.k) AS v2,
                               min(a.k) FILTER (WHERE %1$s) AS first3, arg_min(a.v, a.k) FILTER (WHERE %1$s) AS v3
                        %2$s
                        GROUP BY b.user_h, b.k2, b.k3),
                    best AS (
                        SELECT user_h,
                               arg_min(struct_pack(d2 := epoch_ms(k2.t) - epoch_ms(first3.t), d3 := epoch_ms(k3.t) - epoch_ms(k2.t), v := v3),
                                       first3) AS via3,
                               arg_min(struct_pack(d2 := epoch_ms(k2.t) - epoch_ms(first2.t), v := v2), first2) AS via2
                        FROM firsts GROUP BY user_h),
                    entrants AS (SELECT user_h, arg_min(v, k) AS v1 FROM steps WHERE event_type = 'page_view' GROUP BY user_h),
                    counted AS (
                        SELECT coalesce(via3.v, via2.v, e.v1) AS v, via2 IS NOT NULL AS two, via3 IS NOT NULL AS three,
                               coalesce(via3.d2, via2.d2) AS d2, via3.d3 AS d3
                        FROM entrants e LEFT JOIN best USING (user_h))
                    SELECT 'current', grouping(country), country, plan, count(*), count(*) FILTER (WHERE two),
                           quantile_cont(d2, 0.5) / 1000.0, count(*) FILTER (WHERE three), quantile_cont(d3, 0.5) / 1000.0
                    FROM (SELECT v.c AS country, v.p AS plan, two, three, d2, d3 FROM counted)
                    GROUP BY GROUPING SETS ((country, plan), ())""".formatted(REACHES_3, FUNNEL_REACHING)),
            // first_time: a user's cohort is the week of their first sign-up ever, if that lies in the range (so
            // sign-ups after the range cannot matter and are not read)
            Map.entry("retention_8_weeks", """
                    WITH cohorts AS (
                        SELECT user_h, date_trunc('week', min(ts)) AS cohort FROM events
                        WHERE project_id = :project AND ts < :to AND event_type = 'sign_up' GROUP BY user_h
                        HAVING min(ts) >= :from),
                    returns AS (SELECT DISTINCT user_h, date_trunc('week', ts) AS week %s AND event_type = 'page_view')
                    SELECT CAST(CAST(cohort AS DATE) AS VARCHAR), 0, count(*) FROM cohorts GROUP BY cohort
                    UNION ALL
                    SELECT CAST(CAST(c.cohort AS DATE) AS VARCHAR), datediff('day', c.cohort, r.week) // 7 AS k, count(*)
                    FROM cohorts c JOIN returns r ON r.user_h = c.user_h AND r.week > c.cohort
                    WHERE r.week <= c.cohort + INTERVAL 56 DAY GROUP BY 1, 2""".formatted(SCOPE)),
            Map.entry("breakdown_country_30d", """
                    SELECT 'current', grouping(country), country, count(*), count(DISTINCT user_h)
                    FROM (SELECT country, user_h %s)
                    GROUP BY GROUPING SETS ((country), ())""".formatted(SCOPE)),
            // plan is no promoted key: it stays one JSON extraction per row
            Map.entry("breakdown_custom_prop_30d", """
                    SELECT 'current', grouping(plan), plan, count(*), count(DISTINCT user_h)
                    FROM (SELECT properties->>'$.plan' AS plan, user_h %s)
                    GROUP BY GROUPING SETS ((plan), ())""".formatted(SCOPE)),
            // a session in the day of its first event, its events and duration within the range
            Map.entry("session_metrics_30d", """
                    WITH sessions AS (
                        SELECT date_trunc('day', min(ts)) AS d, count(*) AS n, epoch_ms(max(ts)) - epoch_ms(min(ts)) AS span_ms,
                               count(*) FILTER (WHERE event_type = 'page_view') AS pv
                        %s GROUP BY session_h)
                    SELECT 'current', grouping(d), CAST(epoch(d) AS BIGINT), count(*), count(*) FILTER (WHERE n = 1) * 100.0 / count(*),
                           sum(span_ms) * 0.001 / count(*), sum(pv) * 1.0 / count(*)
                    FROM sessions GROUP BY GROUPING SETS ((d), ())""".formatted(SCOPE)),
            // whole sessions: one pass groups every session of the range, keeping those holding an event on /pricing, in
            // the day of the first of these; length and page views are the whole session's, and it bounces only when
            // its first event (by time, then id) is on /pricing and its only one, over the sessions entering
            // there
            Map.entry("report_page_filter_sessions_30d", """
                    WITH sessions AS (
                        SELECT date_trunc('day', min(ts) FILTER (WHERE path = '/pricing')) AS d, count(*) AS n,
                               epoch_ms(max(ts)) - epoch_ms(min(ts)) AS span_ms, count(*) FILTER (WHERE event_type = 'page_view') AS pv,
                               arg_min(coalesce(path = '/pricing', false), struct_pack(t := ts, e := event_id)) AS entered
                        %s GROUP BY session_h HAVING count(*) FILTER (WHERE path = '/pricing') > 0)
                    SELECT 'current', grouping(d), CAST(epoch(d) AS BIGINT), count(*),
                           count(*) FILTER (WHERE entered AND n = 1) * 100.0 / nullif(count(*) FILTER (WHERE entered), 0),
                           sum(span_ms) * 0.001 / count(*), sum(pv) * 1.0 / count(*)
                    FROM sessions GROUP BY GROUPING SETS ((d), ())""".formatted(SCOPE)),
            // the entry page is the path of the session's first event (by time, then id), NULL kept by the struct
            Map.entry("entry_pages_30d", """
                    WITH sessions AS (
                        SELECT arg_min(struct_pack(p := path), struct_pack(t := ts, e := event_id)).p AS entry, count(*) AS n
                        %s GROUP BY session_h)
                    SELECT 'current', grouping(entry), entry, count(*), count(*) FILTER (WHERE n = 1) * 100.0 / count(*)
                    FROM sessions GROUP BY GROUPING SETS ((entry), ())""".formatted(SCOPE)),
            // the exit page is the path of the session's last event (by time, then id), NULL kept by the struct
            Map.entry("exit_pages_30d", """
                    WITH sessions AS (
                        SELECT arg_max(struct_pack(p := path), struct_pack(t := ts, e := event_id)).p AS exit, count(*) AS n
                        %s GROUP BY session_h)
                    SELECT 'current', grouping(exit), exit, count(*), count(*) FILTER (WHERE n = 1) * 100.0 / count(*)
                    FROM sessions GROUP BY GROUPING SETS ((exit), ())""".formatted(SCOPE)),
            // a session counts under the channel of its first event (by time, then id), Direct when that event has
            // none: the JSON (never NULL) of that event alone is kept and read, once per session, not once per event.
            // A session is one user's (the data's are; a session of two would lose one, which AnswerRows would catch)
            Map.entry("channels_30d", """
                    WITH sessions AS (
                        SELECT arg_min(properties, struct_pack(t := ts, e := event_id)) AS first, any_value(user_h) AS user_h,
                               count(*) AS n, epoch_ms(max(ts)) - epoch_ms(min(ts)) AS span_ms
                        %s GROUP BY session_h)
                    SELECT 'current', grouping(channel), channel, count(DISTINCT user_h), count(*),
                           count(*) FILTER (WHERE n = 1) * 100.0 / count(*), sum(span_ms) * 0.001 / count(*)
                    FROM (SELECT coalesce(first->>'$.channel', 'Direct') AS channel, user_h, n, span_ms FROM sessions)
                    GROUP BY GROUPING SETS ((channel), ())""".formatted(SCOPE)),
            // n: a user's distinct UTC days with a page view in the range
            Map.entry("stickiness_days_30d", """
                    SELECT n, count(*) FROM (SELECT user_h, count(DISTINCT date_trunc('day', ts)) AS n
                                             %s AND event_type = 'page_view' GROUP BY user_h)
                    GROUP BY n""".formatted(SCOPE)),
            // each user's page-view days up to the end of the range's last day; a day is new without a day before it,
            // returning after the day before, resurrecting after a gap; the day after one with no next day is dormant
            Map.entry("lifecycle_days_30d", """
                    WITH active AS (
                        SELECT DISTINCT user_h, date_trunc('day', ts) AS d FROM events
                        WHERE project_id = :project AND event_type = 'page_view'
                          AND ts < date_trunc('day', :to - INTERVAL 1 MILLISECOND) + INTERVAL 1 DAY),
                    marked AS (SELECT d, lag(d) OVER w AS p, lead(d) OVER w AS nx FROM active
                               WINDOW w AS (PARTITION BY user_h ORDER BY d)),
                    stages AS (
                        SELECT d, CASE WHEN p IS NULL THEN 0 WHEN p = d - INTERVAL 1 DAY THEN 1 ELSE 2 END AS stage FROM marked
                        UNION ALL
                        SELECT d + INTERVAL 1 DAY, 3 FROM marked WHERE nx IS NULL OR nx > d + INTERVAL 1 DAY)
                    SELECT CAST(epoch(d) AS BIGINT), count(*) FILTER (WHERE stage = 0), count(*) FILTER (WHERE stage = 1),
                           count(*) FILTER (WHERE stage = 2), count(*) FILTER (WHERE stage = 3)
                    FROM stages WHERE d >= date_trunc('day', :from) AND d < date_trunc('day', :to - INTERVAL 1 MILLISECOND) + INTERVAL 1 DAY
                    GROUP BY d"""),
            // both series' visitors in one scan: a day's distinct users of each event type, and the range's by the empty
            // grouping set (distinct over the range, not a sum of days); the formula B / A * 100 as the API evaluates it
            Map.entry("trend_visitors_days_30d", """
                    SELECT coalesce(CAST(CAST(epoch(d) AS BIGINT) AS VARCHAR), 'total'), a, b, b / nullif(a, 0) * 100
                    FROM (SELECT d, count(DISTINCT user_h) FILTER (WHERE event_type = 'page_view') AS a,
                                 count(DISTINCT user_h) FILTER (WHERE event_type = 'sign_up') AS b
                          FROM (SELECT date_trunc('day', ts) AS d, event_type, user_h
                                %s AND event_type IN ('page_view', 'sign_up'))
                          GROUP BY GROUPING SETS ((d), ()))""".formatted(SCOPE)),
            // every visitor and each goal's in one scan, then a row per goal. The page goal /docs/** is the regex
            // ^/docs/.*$ on path: the data's paths hold no line break (which '.' stops at), so a prefix test answers the
            // same, and is what a person writes
            Map.entry("conversions_30d", """
                    SELECT unnest([{'goal': '*', 'visitors': all_v, 'events': 0, 'rate': 0.0, 'revenue': 0},
                                   {'goal': 'docs', 'visitors': docs_v, 'events': docs_e, 'rate': docs_v * 100 / all_v, 'revenue': docs_r},
                                   {'goal': 'signup', 'visitors': sign_v, 'events': sign_e, 'rate': sign_v * 100 / all_v, 'revenue': sign_r}],
                                  recursive := true)
                    FROM (SELECT count(DISTINCT user_h) AS all_v,
                                 count(DISTINCT user_h) FILTER (WHERE docs) AS docs_v, count(*) FILTER (WHERE docs) AS docs_e,
                                 coalesce(sum(revenue) FILTER (WHERE docs), 0) AS docs_r,
                                 count(DISTINCT user_h) FILTER (WHERE signed_up) AS sign_v, count(*) FILTER (WHERE signed_up) AS sign_e,
                                 coalesce(sum(revenue) FILTER (WHERE signed_up), 0) AS sign_r
                          FROM (SELECT user_h, revenue, event_type = 'page_view' AND starts_with(path, '/docs/') AS docs,
                                       event_type = 'sign_up' AS signed_up %s))""".formatted(SCOPE)),
            // only the goals' events are read (the page goal's prefix test as in conversions_30d), in one scan: each
            // goal's visitors and events per country, and those of any goal (each event once) by the empty grouping
            // set; then a row per goal and country holding events, and the totals row
            Map.entry("report_by_goal_30d", """
                    SELECT 'current', t, g.goal, country, g.v, g.e
                    FROM (SELECT t, country,
                                 unnest(CASE WHEN t = 1 THEN [{'goal': '*', 'v': any_v, 'e': any_e}]
                                        ELSE [{'goal': 'docs', 'v': docs_v, 'e': docs_e}, {'goal': 'signup', 'v': sign_v, 'e': sign_e}] END) AS g
                          FROM (SELECT grouping(country) AS t, country, count(DISTINCT user_h) AS any_v, count(*) AS any_e,
                                       count(DISTINCT user_h) FILTER (WHERE docs) AS docs_v, count(*) FILTER (WHERE docs) AS docs_e,
                                       count(DISTINCT user_h) FILTER (WHERE signed_up) AS sign_v, count(*) FILTER (WHERE signed_up) AS sign_e
                                FROM (SELECT country, user_h, event_type = 'page_view' AND starts_with(path, '/docs/') AS docs,
                                             event_type = 'sign_up' AS signed_up
                                      %s AND ((event_type = 'page_view' AND starts_with(path, '/docs/')) OR event_type = 'sign_up'))
                                GROUP BY GROUPING SETS ((country), ())))
                    WHERE g.e > 0""".formatted(SCOPE)));


    @Override
    public String sql(String query, Ranges ranges) {
        return HandSql.fill(SQL, query, ranges, at -> "TIMESTAMP '" + TIMESTAMP.format(at) + "'");
    }
}
