package io.tally.adapter.out.duckdb;

import io.tally.adapter.out.sql.FunnelRows;
import io.tally.domain.funnel.Attribution;
import io.tally.domain.funnel.FunnelCounting;
import io.tally.domain.funnel.FunnelExclusion;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.funnel.StepOrder;
import io.tally.domain.funnel.TimeToConvert;
import io.tally.domain.lifecycle.LifecycleQuery;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Dimension;
import io.tally.domain.retention.RetentionQuery;
import io.tally.domain.stickiness.StickinessQuery;
import io.tally.domain.time.TimeRange;
import io.tally.domain.time.TimeZones;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.tally.adapter.out.sql.FunnelRows.BREAKDOWN;
import static io.tally.adapter.out.sql.FunnelRows.INTERVAL;
import static io.tally.adapter.out.sql.FunnelRows.median;
import static io.tally.adapter.out.sql.FunnelRows.total;
import static io.tally.adapter.out.sql.FunnelRows.users;

/**
 * Reports, funnels, retention, paths, stickiness and lifecycles compiled to DuckDB SQL, one statement each, reproducing the reference
 * engine's definitions (see the memory adapter). Every user value is a parameter in {@link SqlParams}.
 */
final class DuckDbQueries {

    record Statement(String sql, SqlParams params) {
    }

    private DuckDbQueries() {
    }

    /** The events of the project in the range, with the given extra condition. */
    private static String scoped(String columns, String condition, TimeRange range, SqlParams params) {
        return "SELECT " + columns + " FROM events WHERE project_id = :project AND " + DuckDbExpressions.KEPT + " AND "
                + DuckDbExpressions.range(range, params) + " AND " + condition;
    }

    private static SqlParams base(String projectId, ZoneId zone) {
        SqlParams params = new SqlParams();
        params.put("project", projectId);
        params.put("zone", TimeZones.storeName(zone));
        return params;
    }

    /** A report in the columns of {@code ReportColumns}, written by the shared {@code ReportSql}. */
    static Statement aggregate(AggregateQuery query, IdColumns ids) {
        SqlParams params = base(query.projectId(), query.zone());
        return new Statement(DuckDbExpressions.report(query, params, ids), params);
    }

    /**
     * A funnel in the columns of {@code FunnelRows}, by DuckDB's own plan (strict steps by the shared {@code StrictFunnelSql},
     * unordered ones by the shared {@code UnorderedFunnelSql}).
     * Each later step of an attempt is the first event matching it after the previous step (FunnelQuery: events in
     * (time, first step matched {@code step}, event id) order), so the chain from a step-2 event on is the same
     * whichever attempt reached it. Chains are built backwards from the last step by ASOF joins ({@code c_j}: each
     * step-j event with the times of the first step-(j+1) event after it, and of that one's chain). The attempts
     * reaching a step-2 event are the step-1 events from the step-2 event before it (inclusive) up to it, and no more
     * than the window before it: a join by user with that range, on plain columns (a struct comparison there costs more
     * than the rest). An attempt's further steps are its chain's within the window, times never decreasing along a
     * chain. Each user keeps the attempt reaching furthest, the earliest among equals; a user none of whose attempts
     * reaches step 2 counts at step 1, in the group of their first step-1 event. {@code steps} is not materialized:
     * each reader scans again with its own filter, cheaper than writing out the step-1 events. With a trend, every
     * per-user grouping keys by (user, interval of the step-1 event) instead, and the rows by interval too. With
     * exclusions, the attempts are joined once ({@code spans}), marked {@code dropped} by an ASOF join per exclusion,
     * and only those left are kept; a dropped attempt's step-1 event does not count at step 1 either. With another
     * attribution than the first touch, each step event's value rides along the chains beside its time. Counting
     * conversions, every attempt is a row of {@code best} instead of each user's counted one.
     */
    static Statement funnel(FunnelQuery query, IdColumns ids) {
        SqlParams params = base(query.projectId(), query.zone());
        if (query.order() == StepOrder.STRICT) {
            return new Statement(DuckDbExpressions.strictFunnel(query, params, ids), params);
        }
        if (query.order() == StepOrder.UNORDERED) {
            return new Statement(DuckDbExpressions.unorderedFunnel(query, params, ids), params);
        }
        int n = query.steps().size();
        StringBuilder sql = attempts(query, ids, params);
        String interval = query.trend().isPresent() ? "p AS " + INTERVAL + ", " : "";
        sql.append("\nSELECT ").append(interval).append("b AS ").append(BREAKDOWN).append(", count(*) AS ").append(users(1));
        for (int k = 2; k <= n; k++) {
            sql.append(", count(*) FILTER (WHERE r >= ").append(k).append(") AS ").append(users(k))
                    .append(", quantile_cont(d").append(k).append(", 0.5) FILTER (WHERE r >= ").append(k).append(") AS ").append(median(k))
                    .append(", sum(d").append(k).append(") FILTER (WHERE r >= ").append(k).append(") AS ")
                    .append(total(k));
        }
        sql.append(FunnelRows.wholeColumn(query)).append(" FROM best GROUP BY ").append(FunnelRows.groupBy(query));
        return new Statement(sql.toString(), params);
    }

    /**
     * A funnel's time-to-convert histogram in the columns of {@code ConversionTimesRows}: the counted attempts of
     * {@link #funnel}, each reaching the span's last step giving its time from the first (the sum of its steps' times).
     */
    static Statement conversionTimes(FunnelQuery query, TimeToConvert span, IdColumns ids) {
        SqlParams params = base(query.projectId(), query.zone());
        if (query.order() == StepOrder.STRICT) {
            return new Statement(DuckDbExpressions.strictConversionTimes(query, span, params, ids), params);
        }
        if (query.order() == StepOrder.UNORDERED) {
            return new Statement(DuckDbExpressions.unorderedConversionTimes(query, span, params, ids), params);
        }
        List<String> parts = new ArrayList<>();
        for (int k = span.fromStep() + 1; k <= span.toStep(); k++) {
            parts.add("d" + k);
        }
        String times = "SELECT " + String.join(" + ", parts) + " AS x FROM best WHERE r >= " + span.toStep();
        StringBuilder sql = attempts(query, ids, params).append("\n").append(DuckDbExpressions.conversionTimes(times, span));
        return new Statement(sql.toString(), params);
    }

    /**
     * The funnel's common part: the CTEs up to {@code best}, each user's counted attempt ({@code r}, {@code b},
     * {@code d2…}); with a trend, each user's counted attempt per interval {@code p} (of its step-1 event).
     */
    private static StringBuilder attempts(FunnelQuery query, IdColumns ids, SqlParams params) {
        int n = query.steps().size();
        // with a trend: the interval of each step-1 event, a column every per-user grouping below adds to its key
        String interval = query.trend().map(t -> ", CAST(CASE WHEN m1 THEN CAST(" + DuckDbExpressions.dimension(new Dimension.Time(t),
                params, query.zone(), Optional.of(query.range())) + " AS BIGINT) END AS BIGINT) AS p").orElse("");
        String byInterval = query.trend().isPresent() ? ", p" : "";
        String breakdown = FunnelRows.breakdownKey(query.breakdown().stream()
                .map(d -> DuckDbExpressions.dimension(d, params, query.zone(), Optional.of(query.range()))).toList(), "NULL");
        String window = params.bind(query.window().toNanos() / 1000);
        // with another than the first touch, every step event's value (v) rides along its chain (v2…)
        boolean firstTouch = query.attribution() instanceof Attribution.FirstTouch;
        String value = firstTouch ? "" : ", CAST(" + breakdown + " AS VARCHAR) AS v";
        List<String> matches = new ArrayList<>();
        List<String> anyStep = new ArrayList<>();
        StringBuilder firstStep = new StringBuilder("CASE");
        for (int k = 1; k <= n; k++) {
            matches.add("coalesce(" + DuckDbExpressions.criteria(query.steps().get(k - 1), params, ids) + ", FALSE) AS m" + k);
            anyStep.add("m" + k);
            firstStep.append(" WHEN m").append(k).append(" THEN ").append(k);
        }
        String key = "struct_pack(t := ts, s := step, e := event_id)";
        StringBuilder sql = new StringBuilder("WITH steps AS NOT MATERIALIZED (SELECT user_key, ts, CAST(")
                .append(firstStep).append(" END AS UTINYINT) AS step, event_id, ").append(String.join(", ", anyStep))
                .append(", CAST(CASE WHEN m1 THEN ").append(breakdown).append(" END AS VARCHAR) AS b").append(value).append(interval)
                .append(" FROM (")
                .append(scoped(ids.user() + " AS user_key, ts, event_id, " + String.join(", ", matches) + ", "
                        + DuckDbExpressions.FILTERED_COLUMNS, "TRUE", query.range(), params))
                .append(") WHERE ").append(String.join(" OR ", anyStep)).append(")");
        sql.append(",\nc").append(n).append(" AS (SELECT user_key, ").append(key).append(" AS k").append(n).append(", ts AS t").append(n)
                .append(", step AS s").append(n).append(", event_id AS e").append(n).append(firstTouch ? "" : ", v AS v" + n)
                .append(" FROM steps WHERE m").append(n).append(")");
        for (int j = n - 1; j >= 2; j--) {
            sql.append(",\nc").append(j).append(" AS (SELECT s.user_key, s.k AS k").append(j).append(", s.ts AS t").append(j)
                    .append(", s.step AS s").append(j).append(", s.event_id AS e").append(j).append(firstTouch ? "" : ", s.v AS v" + j);
            for (int i = j + 1; i <= n; i++) {
                sql.append(", c.t").append(i).append(firstTouch ? "" : ", c.v" + i);
            }
            sql.append(" FROM (SELECT user_key, ").append(key).append(" AS k, ts, step, event_id").append(firstTouch ? "" : ", v")
                    .append(" FROM steps WHERE m").append(j)
                    .append(") s ASOF LEFT JOIN c").append(j + 1).append(" c ON c.user_key = s.user_key AND c.k").append(j + 1).append(" > s.k)");
        }
        sql.append(",\ngroups AS (SELECT *, lag(t2) OVER w AS before_t, lag(s2) OVER w AS before_s,")
                .append(" lag(e2) OVER w AS before_e FROM c2 WINDOW w AS (PARTITION BY user_key ORDER BY t2, s2, e2))");
        StringBuilder reached = new StringBuilder("2");
        for (int k = 3; k <= n; k++) {
            reached.append(" + CASE WHEN epoch_us(g.t").append(k).append(") <= epoch_us(s.ts) + ").append(window).append(" THEN 1 ELSE 0 END");
        }
        StringBuilder kept = new StringBuilder("r := ").append(reached).append(", b := ")
                .append(firstTouch ? "s.b" : attributed(query, reached.toString()));
        for (int k = 2; k <= n; k++) {
            kept.append(", d").append(k).append(" := epoch_ms(g.t").append(k).append(") - epoch_ms(")
                    .append(k == 2 ? "s.ts" : "g.t" + (k - 1)).append(")");
        }
        String join = " FROM steps s JOIN groups g ON g.user_key = s.user_key AND epoch_us(g.t2) <= epoch_us(s.ts) + " + window
                + " AND " + inFunnelOrder("s.ts", "s.step", "s.event_id", "<", "g.t2", "g.s2", "g.e2")
                + " AND (g.before_t IS NULL OR " + inFunnelOrder("g.before_t", "g.before_s", "g.before_e", "<=", "s.ts", "s.step",
                "s.event_id") + ") WHERE s.m1";
        // a user reaching step 1 alone has a value only when the attribution reads step 1: their first step-1 event's,
        // NULL too (arg_min skips a NULL value, a struct holding one is not NULL)
        String firstKept = query.brokenDown() && query.attribution().stepOf(1) == 1
                ? "arg_min(struct_pack(v := b), " + key + ").v" : "CAST(NULL AS VARCHAR)";
        if (query.counting() == FunnelCounting.CONVERSIONS) {
            return everyAttempt(query, sql, kept.toString(), join, reached.toString(), ids, params);
        }
        if (query.exclusions().isEmpty()) {
            sql.append(",\nfurther AS (SELECT s.user_key").append(byInterval.replace("p", "s.p")).append(", arg_min(struct_pack(")
                    .append(kept).append("), struct_pack(r := -(").append(reached).append("), t := s.ts, e := s.event_id)) AS x")
                    .append(join).append(" GROUP BY s.user_key").append(byInterval.replace("p", "s.p")).append(")");
            // without a breakdown no first event is needed: only who has one
            sql.append(",\nfirsts AS (SELECT user_key").append(byInterval).append(", ").append(firstKept)
                    .append(" AS b FROM steps WHERE m1 GROUP BY user_key").append(byInterval).append(")");
        } else {
            // every attempt reaching step 2, marked when an exclusion drops it; a dropped step-1 event starts nothing
            sql.append(exclusions(query, ids, params));
            sql.append(",\nspans AS (SELECT s.user_key").append(byInterval.replace("p", "s.p"))
                    .append(", s.ts, s.event_id, struct_pack(").append(kept).append(") AS kept, ").append(reached).append(" AS r")
                    .append(spans(query)).append(join).append(")");
            sql.append(",\njoined AS (").append(dropped(query)).append(")");
            sql.append(",\nfurther AS (SELECT user_key").append(byInterval)
                    .append(", arg_min(kept, struct_pack(r := -r, t := ts, e := event_id)) AS x FROM joined WHERE NOT dropped")
                    .append(" GROUP BY user_key").append(byInterval).append(")");
            sql.append(",\nfirsts AS (SELECT user_key").append(byInterval).append(", ").append(firstKept)
                    .append(" AS b FROM steps WHERE m1 AND NOT EXISTS (SELECT 1 FROM joined j WHERE j.dropped")
                    .append(" AND j.user_key = steps.user_key AND j.event_id = steps.event_id) GROUP BY user_key")
                    .append(byInterval).append(")");
        }
        sql.append(",\nbest AS (SELECT ").append(query.trend().isPresent() ? "f.p, " : "")
                .append("coalesce(x.r, 1) AS r, CASE WHEN x.r IS NULL THEN f.b ELSE x.b END AS b");
        for (int k = 2; k <= n; k++) {
            sql.append(", x.d").append(k);
        }
        sql.append(" FROM firsts f LEFT JOIN further ON further.user_key = f.user_key")
                .append(query.trend().isPresent() ? " AND further.p = f.p" : "").append(")");
        return sql;
    }

    /**
     * Counting conversions, {@code best} holds every attempt instead: each step-1 event with its chain's reach, group and
     * times when it reaches step 2 ({@code reaching}, or with exclusions {@code joined}, whose dropped attempts are
     * left out), else reaching step 1 alone, in the group of its own value if the attribution reads step 1.
     */
    private static StringBuilder everyAttempt(FunnelQuery query, StringBuilder sql, String kept, String join, String reached,
                                              IdColumns ids, SqlParams params) {
        String attempts = "reaching";
        String left = "";
        if (query.exclusions().isEmpty()) {
            sql.append(",\nreaching AS (SELECT s.user_key, s.event_id, struct_pack(").append(kept).append(") AS kept").append(join)
                    .append(")");
        } else {
            sql.append(exclusions(query, ids, params));
            sql.append(",\nspans AS (SELECT s.user_key, s.ts, s.event_id, struct_pack(").append(kept).append(") AS kept, ")
                    .append(reached).append(" AS r").append(spans(query)).append(join).append(")");
            sql.append(",\njoined AS (").append(dropped(query)).append(")");
            attempts = "joined";
            left = " AND NOT coalesce(j.dropped, FALSE)";
        }
        String alone = query.attribution().stepOf(1) == 1 ? "s.b" : "CAST(NULL AS VARCHAR)";
        sql.append(",\nbest AS (SELECT ").append(query.trend().isPresent() ? "s.p, " : "")
                .append("coalesce(j.kept.r, 1) AS r, CASE WHEN j.kept IS NULL THEN ").append(alone).append(" ELSE j.kept.b END AS b");
        for (int k = 2; k <= query.steps().size(); k++) {
            sql.append(", j.kept.d").append(k).append(" AS d").append(k);
        }
        return sql.append(" FROM steps s LEFT JOIN ").append(attempts).append(" j ON j.user_key = s.user_key AND j.event_id = s.event_id")
                .append(" WHERE s.m1").append(left).append(")");
    }

    /**
     * The value of an attempt (step-1 event {@code s}, chain {@code g}) reaching {@code reached} (2 or more) steps on the
     * event its attribution names: {@code s.b} for step 1, {@code g.v2…} for later ones, NULL short of it.
     */
    private static String attributed(FunnelQuery query, String reached) {
        StringBuilder value = new StringBuilder("CASE ").append(reached);
        for (int r = 2; r <= query.steps().size(); r++) {
            int step = query.attribution().stepOf(r);
            value.append(" WHEN ").append(r).append(" THEN ").append(step == 0 ? "CAST(NULL AS VARCHAR)" : step == 1 ? "s.b" : "g.v" + step);
        }
        return value.append(" END").toString();
    }

    /** One CTE per exclusion, {@code excluded1…}: the user and time of each event of the range matching it. */
    private static String exclusions(FunnelQuery query, IdColumns ids, SqlParams params) {
        StringBuilder sql = new StringBuilder();
        for (int j = 1; j <= query.exclusions().size(); j++) {
            sql.append(",\nexcluded").append(j).append(" AS (").append(scoped(ids.user() + " AS user_key, ts",
                    DuckDbExpressions.criteria(query.exclusions().get(j - 1).event(), params, ids), query.range(), params)).append(")");
        }
        return sql.toString();
    }

    /** Each exclusion's span in an attempt of step-1 event {@code s} and chain {@code g}: after {@code f1…}, before {@code u1…}. */
    private static String spans(FunnelQuery query) {
        StringBuilder columns = new StringBuilder();
        for (int j = 1; j <= query.exclusions().size(); j++) {
            FunnelExclusion exclusion = query.exclusions().get(j - 1);
            columns.append(", ").append(exclusion.fromStep() == 1 ? "s.ts" : "g.t" + exclusion.fromStep()).append(" AS f").append(j)
                    .append(", g.t").append(exclusion.toStep()).append(" AS u").append(j);
        }
        return columns.toString();
    }

    /**
     * The attempts of {@code spans}, each marked {@code dropped} when it reaches an exclusion's last step and the
     * first excluded event after the span's start (an ASOF join: a user's many excluded events are not each compared
     * with each attempt) comes before the span's end.
     */
    private static String dropped(FunnelQuery query) {
        List<String> any = new ArrayList<>();
        StringBuilder joins = new StringBuilder();
        for (int j = 1; j <= query.exclusions().size(); j++) {
            FunnelExclusion exclusion = query.exclusions().get(j - 1);
            any.add("coalesce(a.r >= " + exclusion.toStep() + " AND x" + j + ".ts < a.u" + j + ", FALSE)");
            joins.append(" ASOF LEFT JOIN excluded").append(j).append(" x").append(j).append(" ON x").append(j)
                    .append(".user_key = a.user_key AND x").append(j).append(".ts > a.f").append(j);
        }
        return "SELECT a.*, " + String.join(" OR ", any) + " AS dropped FROM spans a" + joins;
    }

    /**
     * Event (t1, s1, e1) {@code op} event (t2, s2, e2) in funnel order: {@code <} before it, {@code <=} not after it;
     * on plain columns (a struct comparison in a join condition costs more than the rest of the join).
     */
    private static String inFunnelOrder(String t1, String s1, String e1, String op, String t2, String s2, String e2) {
        return "(" + t1 + " < " + t2 + " OR (" + t1 + " = " + t2 + " AND (" + s1 + " < " + s2 + " OR (" + s1 + " = " + s2
                + " AND " + e1 + " " + op + " " + e2 + "))))";
    }

    /** A retention in the columns of {@code RetentionRows}, written by the shared {@code RetentionSql}. */
    static Statement retention(RetentionQuery query, IdColumns ids) {
        SqlParams params = base(query.projectId(), query.zone());
        return new Statement(DuckDbExpressions.retention(query, params, ids), params);
    }

    /** A stickiness in the columns of {@code StickinessRows}, written by the shared {@code StickinessSql}. */
    static Statement stickiness(StickinessQuery query, IdColumns ids) {
        SqlParams params = base(query.projectId(), query.zone());
        return new Statement(DuckDbExpressions.stickiness(query, params, ids), params);
    }

    /** A lifecycle in the columns of {@code LifecycleRows}, written by the shared {@code LifecycleSql}. */
    static Statement lifecycle(LifecycleQuery query, IdColumns ids) {
        SqlParams params = base(query.projectId(), query.zone());
        return new Statement(DuckDbExpressions.lifecycle(query, params, ids), params);
    }

    /**
     * The project's earliest kept event as microseconds since the epoch in {@code first_us}, NULL when it has none:
     * the same rows every other statement reads (project and horizon), over no range.
     */
    static Statement firstEvent(String projectId) {
        SqlParams params = new SqlParams();
        params.put("project", projectId);
        return new Statement("SELECT epoch_us(min(ts)) AS first_us FROM events WHERE project_id = :project AND "
                + DuckDbExpressions.KEPT, params);
    }

    /** Paths in the columns of {@code PathRows}, written by the shared {@code PathsSql}. */
    static Statement paths(PathsQuery query, IdColumns ids) {
        SqlParams params = base(query.projectId(), query.zone());
        return new Statement(DuckDbExpressions.paths(query, params, ids), params);
    }
}
