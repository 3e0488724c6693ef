package io.tally.adapter.out.clickhouse;

import io.tally.adapter.out.sql.FunnelRows;
import io.tally.domain.event.EventColumns;
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

import static io.tally.adapter.out.sql.FunnelRows.BREAKDOWN;
import static io.tally.adapter.out.sql.FunnelRows.INTERVAL;
import static io.tally.adapter.out.sql.FunnelRows.median;
import static io.tally.adapter.out.sql.FunnelRows.total;
import static io.tally.adapter.out.sql.FunnelRows.users;

/**
 * Reports, funnels, retention and paths in ClickHouse SQL, reproducing the reference engine's definitions (see
 * the memory adapter). Duplicates not yet merged are removed with {@code FINAL}; counts of distinct users are
 * exact ({@code uniqExact}), as the reference's are.
 */
final class ClickHouseQueries {

    /**
     * A statement and its parameters. The SQL below is written with {@code user_id} and {@code session_id}; a statement
     * reads them as the project's id columns ({@link IdColumns}: the hashes unless two ids share one).
     */
    record Statement(String sql, ChParams params) {
        Statement {
            sql = sql.replace("user_id", params.ids().user()).replace("session_id", params.ids().session());
        }
    }

    private ClickHouseQueries() {
    }

    private static ChParams base(String projectId, ZoneId zone, IdColumns ids) {
        ChParams params = new ChParams().ids(ids);
        params.put("project", projectId);
        params.put("zone", TimeZones.storeName(zone));
        return params;
    }

    /** Every column the dimensions and filters read: the promoted ones and the revenue (as amount, not to shadow an alias). */
    private static final String READ_COLUMNS = "properties, revenue AS amount, " + String.join(", ", EventColumns.PROMOTED_KEYS);

    private static String scoped(String columns, String condition, TimeRange range, ChParams params) {
        return "SELECT " + columns + ", " + READ_COLUMNS + " FROM events FINAL WHERE project_id = {project:String} AND "
                + ClickHouseExpressions.KEPT + " AND " + ClickHouseExpressions.range(range, params) + " AND " + condition;
    }

    /**
     * The project's kept events counted in {@code kept} and the earliest as epoch milliseconds in {@code first_ms}:
     * the same rows every other statement reads (project and horizon), over no range. Over no rows min gives the
     * epoch, not NULL, so the count tells an empty project apart. No FINAL: the rows it would collapse are re-sends
     * of one event, at one instant, so the minimum is the same without paying for the merge.
     */
    static Statement firstEvent(String projectId) {
        ChParams params = new ChParams();
        params.put("project", projectId);
        return new Statement("SELECT count() AS kept, toUnixTimestamp64Milli(min(ts)) AS first_ms FROM events"
                + " WHERE project_id = {project:String} AND " + ClickHouseExpressions.KEPT, params);
    }

    /** A report in the columns of {@code ReportColumns}, written by the shared {@code ReportSql}. */
    static Statement aggregate(AggregateQuery query, IdColumns ids) {
        ChParams params = base(query.projectId(), query.zone(), ids);
        return new Statement(ClickHouseExpressions.report(query, params), params);
    }

    /**
     * A funnel in the columns of {@code FunnelRows}, by ClickHouse's own plan (arrays per user; strict steps by the
     * shared {@code StrictFunnelSql}, unordered ones by the shared {@code UnorderedFunnelSql}).
     * Each later step of an attempt is the first event matching it after the previous step (FunnelQuery), so the chain
     * from a step-k event on is the same whichever attempt reached it. One {@code GROUP BY} pass gathers each user's
     * step events, sorted by (time, first step matched, event id), with a mask of the steps each matches (the tuple (t,
     * first_step, event_id, m, b0), so {@code ev.4} is the mask and {@code ev.5} the breakdown value); then, from the
     * last step back, {@code arrayReverseFill} hands every event the chain of the first step-k event after it (its
     * times from step k on), so each step-1 event holds its attempt's times, and the attempt's steps are those within
     * the window (times never decrease along a chain). A terminal element matching every later step ends each chain at
     * a time no window reaches. The user keeps the attempt reaching furthest, the earliest among equals; every array
     * function runs element by element (no lambda reads another array), so a user's work is linear in their events.
     * Only users with a step-2 event in the range get arrays (a set of them, {@code IN}): every other user with a
     * step-1 event reaches step 1 alone, in the group of their first step-1 event. With a trend, the step-1 elements
     * are grouped by (user, interval) after an {@code ARRAY JOIN}, the users without arrays by (user, interval) beside
     * them. With exclusions, each step-1 element also looks through its user's excluded times ({@code arrayExists}),
     * the one lambda that reads another array.
     * <p>
     * The breakdown attribution changes only the event the counted attempt's value is read from. First touch reads
     * step 1's, {@code ev.5} (set on step-1 events alone). An attribution reading a later step's sets {@code ev.5} on
     * every step event, and the same {@code arrayReverseFill} masks build a value chain beside the time chain (each
     * element's value, then those of its chain from step 2 on, down from the deepest step the attribution reads); each
     * element's reach then picks its attributed value from its chain ({@code va}: the furthest step reached's, or step
     * k's, NULL short of it), read where first touch reads {@code ev.5}. A user without arrays reaches step 1 alone:
     * their first step-1 event's value for first and last touch, NULL for step k's (k >= 2).
     */
    static Statement funnel(FunnelQuery query, IdColumns ids) {
        ChParams params = base(query.projectId(), query.zone(), ids);
        if (query.order() == StepOrder.STRICT) {
            return new Statement(ClickHouseExpressions.strictFunnel(query, params), params);
        }
        if (query.order() == StepOrder.UNORDERED) {
            return new Statement(ClickHouseExpressions.unorderedFunnel(query, params), params);
        }
        int n = query.steps().size();
        String interval = query.trend().isPresent() ? "p AS " + INTERVAL + ", " : "";
        StringBuilder sql = new StringBuilder("SELECT " + interval + "b AS " + BREAKDOWN + ", count() AS " + users(1));
        for (int k = 2; k <= n; k++) {
            sql.append(", countIf(r >= ").append(k).append(") AS ").append(users(k))
                    .append(", if(countIf(r >= ").append(k).append(") = 0, NULL, quantileExactInclusiveIf(0.5)(best.").append(k)
                    .append(" - best.").append(k - 1).append(", r >= ").append(k).append(")) AS ").append(median(k))
                    .append(", if(countIf(r >= ").append(k).append(") = 0, NULL, sumIf(best.").append(k)
                    .append(" - best.").append(k - 1).append(", r >= ").append(k).append(")) AS ").append(total(k));
        }
        sql.append(FunnelRows.wholeColumn(query)).append("\nFROM (").append(attempts(query, params)).append(")\nWHERE r > 0 GROUP BY ")
                .append(FunnelRows.groupBy(query));
        return new Statement(sql.toString(), params);
    }

    /**
     * A funnel's time-to-convert histogram in the columns of {@code ConversionTimesRows}: the counted attempts of
     * {@link #funnel}, each reaching the span's last step giving its time from the span's first.
     */
    static Statement conversionTimes(FunnelQuery query, TimeToConvert span, IdColumns ids) {
        ChParams params = base(query.projectId(), query.zone(), ids);
        if (query.order() == StepOrder.STRICT) {
            return new Statement(ClickHouseExpressions.strictConversionTimes(query, span, params), params);
        }
        if (query.order() == StepOrder.UNORDERED) {
            return new Statement(ClickHouseExpressions.unorderedConversionTimes(query, span, params), params);
        }
        String times = "SELECT best." + span.toStep() + " - best." + span.fromStep() + " AS x FROM ("
                + attempts(query, params) + ") WHERE r >= " + span.toStep();
        return new Statement(ClickHouseExpressions.conversionTimes(times, span), params);
    }

    /**
     * Per user with a step-1 event: the counted attempt's furthest step {@code r}, step times {@code best}, group
     * {@code b} (its value as the attribution reads it); with a trend, per user and interval {@code p} of the attempts'
     * step-1 events.
     */
    private static StringBuilder attempts(FunnelQuery query, ChParams params) {
        if (query.counting() == FunnelCounting.CONVERSIONS) {
            return everyAttempt(query, params);
        }
        if (query.trend().isEmpty()) {
            return perUser(query, params);
        }
        boolean byGroup = query.brokenDown();
        List<String> noTimes = new ArrayList<>();
        for (int k = 1; k <= query.steps().size(); k++) {
            noTimes.add("toInt64(0)");
        }
        // users with a step-2 event: every step-1 element with its attempt, interval and group, the earliest of the
        // furthest kept (the arrays end with a terminal element, hence the pushed values; the attributed values va
        // already have one); the others reach step 1 in every interval they entered, in the group of their first step-1
        // event there (none when the attribution reads a later step)
        String groups = readsLaterStep(query) ? "va" : "arrayPushBack(ev.5, NULL)";
        String stepOneGroup = readsStepOne(query) ? "argMin(tuple(b0), (t, event_id)).1" : "CAST(NULL AS Nullable(String))";
        return new StringBuilder("SELECT u, p, toUInt16(max(a)) AS r, argMin(c, (-a, j)) AS best, ")
                .append(byGroup ? "argMin(tuple(g), (-a, j)).1" : "CAST(NULL AS Nullable(String))").append(" AS b FROM (")
                .append(perUser(query, params)).append(")\n ARRAY JOIN attempts AS a, chain1 AS c, arrayPushBack(ev.").append(byGroup ? 6 : 5)
                .append(", 0) AS p").append(byGroup ? ", " + groups + " AS g" : "")
                .append(", arrayEnumerate(attempts) AS j WHERE a > 0 GROUP BY u, p")
                .append("\nUNION ALL\nSELECT u, p0 AS p, toUInt16(1) AS r, (").append(String.join(", ", noTimes)).append(") AS best, ")
                .append(byGroup ? stepOneGroup : "CAST(NULL AS Nullable(String))")
                .append(" AS b FROM (").append(rows(query, params)).append(") WHERE bitTest(m, 0) AND NOT two GROUP BY u, p0");
    }

    /**
     * Counting conversions, every attempt instead of each user's counted one: the step-1 elements of the users with a
     * step-2 event (an {@code ARRAY JOIN}, dropped ones left out), each with its reach, times, group and interval, and
     * every step-1 event of the other users reaching step 1 alone, in the group of its own value if the attribution
     * reads step 1.
     */
    private static StringBuilder everyAttempt(FunnelQuery query, ChParams params) {
        boolean byGroup = query.brokenDown();
        boolean byInterval = query.trend().isPresent();
        List<String> noTimes = new ArrayList<>();
        for (int k = 1; k <= query.steps().size(); k++) {
            noTimes.add("toInt64(0)");
        }
        String none = "CAST(NULL AS Nullable(String))";
        String groups = readsLaterStep(query) ? "va" : "arrayPushBack(ev.5, NULL)";
        return new StringBuilder("SELECT u, ").append(byInterval ? "p, " : "").append("toUInt16(a) AS r, c AS best, ")
                .append(byGroup ? "g" : none).append(" AS b FROM (").append(perUser(query, params))
                .append(")\n ARRAY JOIN attempts AS a, chain1 AS c")
                .append(byInterval ? ", arrayPushBack(ev." + (byGroup ? 6 : 5) + ", 0) AS p" : "")
                .append(byGroup ? ", " + groups + " AS g" : "").append(" WHERE a > 0")
                .append("\nUNION ALL\nSELECT u, ").append(byInterval ? "p0 AS p, " : "").append("toUInt16(1) AS r, (")
                .append(String.join(", ", noTimes)).append(") AS best, ").append(byGroup && readsStepOne(query) ? "b0" : none)
                .append(" AS b FROM (").append(rows(query, params)).append(") WHERE bitTest(m, 0) AND NOT two");
    }

    /** Per user: the arrays of {@link #attempts}, and the counted attempt's {@code r}, {@code best} and {@code b}. */
    private static StringBuilder perUser(FunnelQuery query, ChParams params) {
        int n = query.steps().size();
        String window = params.int64(query.window().toMillis());
        String never = "toInt64(9223372036854775807)";
        boolean byGroup = query.brokenDown();
        // only users with a step-2 event get arrays: the others' attempts all stop at step 1
        boolean byInterval = query.trend().isPresent();
        List<FunnelExclusion> exclusions = query.exclusions();
        StringBuilder perUser = new StringBuilder("SELECT u, arraySort(groupArrayIf((t, first_step, event_id, m")
                .append(byGroup ? ", b0" : "").append(byInterval ? ", p0" : "")
                .append(exclusions.isEmpty() ? "), two)) AS ev," : "), two AND m > 0)) AS ev,").append(" max(bitTest(m, 0)) AS started,")
                .append(byGroup && readsStepOne(query) ? " argMinIf(tuple(b0), (t, event_id), bitTest(m, 0)).1 AS first_b," : "")
                .append(" arrayPushBack(ev.1, ").append(never).append(") AS tx,")
                .append(" arrayPushBack(ev.4, toUInt16(").append((1 << n) - 2).append(")) AS mx");
        for (int j = 1; j <= exclusions.size(); j++) {
            perUser.append(", groupArrayIf(t, x").append(j).append(" = 1) AS xt").append(j); // the times of excluded events
        }
        // chain_k: for each element, the times from step k on of the chain starting at it (a tuple from step n - 1 down)
        chains(perUser, "tx", never, "", n);
        boolean laterValue = readsLaterStep(query);
        if (laterValue) {
            // vchain_k: the same chains' breakdown values, down from the deepest step the attribution reads
            perUser.append(",\n arrayPushBack(ev.5, NULL) AS vx");
            chains(perUser, "vx", "NULL", "v", deepestStep(query));
        }
        StringBuilder reached = new StringBuilder("1");
        for (int k = 2; k <= n; k++) {
            reached.append(" + (x.").append(k).append(" <= x.1 + ").append(window).append(")");
        }
        // a dropped step-1 element starts no attempt: a user whose every element is dropped gets r = 0, left out
        List<String> dropped = new ArrayList<>();
        for (int j = 1; j <= exclusions.size(); j++) {
            FunnelExclusion exclusion = exclusions.get(j - 1);
            dropped.add("(" + reached + " >= " + exclusion.toStep() + " AND arrayExists(e -> e > x." + exclusion.fromStep()
                    + " AND e < x." + exclusion.toStep() + ", xt" + j + "))");
        }
        String kept = dropped.isEmpty() ? "" : " AND NOT (" + String.join(" OR ", dropped) + ")";
        perUser.append(",\n arrayMap((x, y) -> if(bitTest(y, 0)").append(kept).append(", ").append(reached)
                .append(", 0), chain1, mx) AS attempts,");
        if (laterValue) {
            perUser.append(" arrayMap((a, c) -> ").append(attributed(query)).append(", attempts, vchain1) AS va,");
        }
        // a user without arrays reaches step 1 alone: their first step-1 event's value, if the attribution reads step 1
        // (first_b takes it in a tuple, as argMin skips a NULL value)
        String withoutArrays = readsStepOne(query) ? "first_b" : "NULL";
        perUser.append(" if(empty(ev), started, arrayMax(attempts)) AS r, arrayFirstIndex(x -> x = r, attempts) AS i, chain1[i] AS best, ")
                .append(byGroup ? "if(empty(ev), " + withoutArrays + ", " + (laterValue ? "va" : "ev.5") + "[i])"
                        : "CAST(NULL AS Nullable(String))").append(" AS b")
                .append("\n FROM (").append(rows(query, params)).append(") GROUP BY u");
        return perUser;
    }

    /**
     * For each element (the terminal one too), the chain starting at it: its own value in {@code own}, then those of
     * the first step-{@code k} element after it, the first step-(k + 1) element after that, … up to step {@code deepest},
     * as {@code <prefix>chain1} (a tuple); the terminal element's chain is {@code end} throughout.
     */
    private static void chains(StringBuilder sql, String own, String end, String prefix, int deepest) {
        String chain = own;
        List<String> ends = new ArrayList<>(List.of(end));
        for (int k = deepest; k >= 2; k--) {
            String ending = ends.size() == 1 ? end : "(" + String.join(", ", ends) + ")";
            sql.append(",\n arrayPushBack(arrayPopFront(arrayReverseFill((x, y) -> bitTest(y, ").append(k - 1).append("), ")
                    .append(chain).append(", mx)), ").append(ending).append(") AS ").append(prefix).append("next").append(k);
            List<String> parts = new ArrayList<>(List.of("x"));
            if (ends.size() == 1) {
                parts.add("y");
            } else {
                for (int j = 1; j <= ends.size(); j++) {
                    parts.add("y." + j);
                }
            }
            sql.append(",\n arrayMap((x, y) -> (").append(String.join(", ", parts)).append("), ").append(own).append(", ")
                    .append(prefix).append("next").append(k).append(") AS ").append(prefix).append("chain").append(k - 1);
            chain = prefix + "chain" + (k - 1);
            ends.add(end);
        }
    }

    /** Whether the attribution may read a later step's value than step 1's (else the plan is first touch's, unchanged). */
    private static boolean readsLaterStep(FunnelQuery query) {
        return deepestStep(query) > 1;
    }

    /** Whether an attempt stopping at step 1 has a value (its step-1 event's): not when the attribution reads step k's. */
    private static boolean readsStepOne(FunnelQuery query) {
        return query.attribution().stepOf(1) == 1;
    }

    /** The furthest step whose event the attribution may read the breakdown value from. */
    private static int deepestStep(FunnelQuery query) {
        int deepest = 0;
        for (int reached = 1; reached <= query.steps().size(); reached++) {
            deepest = Math.max(deepest, query.attribution().stepOf(reached));
        }
        return deepest;
    }

    /**
     * An element's attributed value, from its reach {@code a} and its value chain {@code c}: an array of each reach's
     * value (its step's as the attribution names it, NULL for none) indexed by {@code a}; a reach of 0 (no attempt
     * starts there) is out of bounds, so NULL.
     */
    private static String attributed(FunnelQuery query) {
        List<String> byReach = new ArrayList<>();
        for (int reached = 1; reached <= query.steps().size(); reached++) {
            int step = query.attribution().stepOf(reached);
            byReach.add(step == 0 ? "NULL" : "c." + step);
        }
        return "[" + String.join(", ", byReach) + "][a]";
    }

    /**
     * The events of the range matching a step ({@code m}: a bit per step) or an exclusion ({@code x1…}), with each one's
     * user {@code u}, time {@code t}, first step matched, group {@code b0} (step-1 events only, or every step event when
     * the attribution may read a later step's) and interval {@code p0} (step-1 events only), and whether its user has a
     * step-2 event ({@code two}).
     */
    private static String rows(FunnelQuery query, ChParams params) {
        int n = query.steps().size();
        List<String> bits = new ArrayList<>();
        List<String> firstStepCases = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            bits.add("toUInt16(ifNull(" + ClickHouseExpressions.criteria(query.steps().get(k - 1), params) + ", 0)) * " + (1 << (k - 1)));
            firstStepCases.add("bitTest(m, " + (k - 1) + "), " + k);
        }
        String breakdown = FunnelRows.breakdownKey(query.breakdown().stream()
                .map(d -> ClickHouseExpressions.dimension(d, params)).toList(), "NULL");
        StringBuilder rows = new StringBuilder("SELECT user_id AS u, toUnixTimestamp64Milli(ts) AS t, event_id, ")
                .append(String.join(" + ", bits)).append(" AS m, multiIf(").append(String.join(", ", firstStepCases))
                .append(", 0) AS first_step, if(").append(readsLaterStep(query) ? "m > 0" : "bitTest(m, 0)").append(", ")
                .append(breakdown).append(", NULL) AS b0, ");
        List<FunnelExclusion> exclusions = query.exclusions();
        for (int j = 1; j <= exclusions.size(); j++) {
            rows.append("toUInt8(ifNull(").append(ClickHouseExpressions.criteria(exclusions.get(j - 1).event(), params))
                    .append(", 0)) AS x").append(j).append(", ");
        }
        query.trend().ifPresent(interval -> rows.append("if(bitTest(m, 0), toInt64(")
                .append(ClickHouseExpressions.dimension(new Dimension.Time(interval), params)).append("), 0) AS p0, "));
        rows.append("user_id IN (SELECT user_id FROM (").append(scoped("user_id, event_type", "1", query.range(), params))
                .append(") WHERE ").append(ClickHouseExpressions.criteria(query.steps().get(1), params)).append(") AS two FROM (")
                .append(scoped("user_id, ts, event_id, event_type", "1", query.range(), params)).append(") WHERE m > 0");
        for (int j = 1; j <= exclusions.size(); j++) {
            rows.append(" OR x").append(j).append(" = 1");
        }
        return rows.toString();
    }

    /** A retention in the columns of {@code RetentionRows}, written by the shared {@code RetentionSql}. */
    static Statement retention(RetentionQuery query, IdColumns ids) {
        ChParams params = base(query.projectId(), query.zone(), ids);
        return new Statement(ClickHouseExpressions.retention(query, params), params);
    }

    /** A stickiness in the columns of {@code StickinessRows}, written by the shared {@code StickinessSql}. */
    static Statement stickiness(StickinessQuery query, IdColumns ids) {
        ChParams params = base(query.projectId(), query.zone(), ids);
        return new Statement(ClickHouseExpressions.stickiness(query, params), params);
    }

    /** A lifecycle in the columns of {@code LifecycleRows}, written by the shared {@code LifecycleSql}. */
    static Statement lifecycle(LifecycleQuery query, IdColumns ids) {
        ChParams params = base(query.projectId(), query.zone(), ids);
        return new Statement(ClickHouseExpressions.lifecycle(query, params), params);
    }

    /** Paths in the columns of {@code PathRows}, written by the shared {@code PathsSql}. */
    static Statement paths(PathsQuery query, IdColumns ids) {
        ChParams params = base(query.projectId(), query.zone(), ids);
        return new Statement(ClickHouseExpressions.paths(query, params), params);
    }
}
