package io.tally.adapter.out.sql;

import io.tally.domain.funnel.FunnelExclusion;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.funnel.StepOrder;
import io.tally.domain.funnel.TimeToConvert;
import io.tally.domain.query.Dimension;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.tally.adapter.out.sql.FunnelRows.BREAKDOWN;
import static io.tally.adapter.out.sql.FunnelRows.INTERVAL;
import static io.tally.adapter.out.sql.FunnelRows.median;
import static io.tally.adapter.out.sql.FunnelRows.total;
import static io.tally.adapter.out.sql.FunnelRows.users;

/**
 * A funnel of {@link StepOrder#STRICT} steps as one statement for every SQL store, in the columns of
 * {@link FunnelRows}. Every event of the range is read, whatever its type, as any event breaks a strict chain: each
 * user's events in funnel order (time, first step matched, event id; an event matching no step after those that do),
 * and for each step-1 event the k-th event after it ({@code lead}) is its attempt's step k + 1 when it matches that
 * step, no later than the window after the step-1 event, and every step before it was reached. Each user (with a
 * trend, each user and interval of the step-1 event) keeps the attempt reaching furthest, the earliest among equals,
 * of those no exclusion drops.
 *
 * @param <P> the store's parameter collector
 */
public final class StrictFunnelSql<P extends Parameters> {

    private final SqlCompiler<P> compiler;
    private final Dialect<P> dialect;

    public StrictFunnelSql(SqlCompiler<P> compiler) {
        this.compiler = compiler;
        this.dialect = compiler.dialect();
    }

    /**
     * The funnel's statement, every user value bound in {@code params}.
     *
     * @param user the column users are told apart by
     */
    public String statement(FunnelQuery query, P params, String user) {
        int n = query.steps().size();
        StringBuilder sql = new StringBuilder("SELECT ");
        if (query.trend().isPresent()) {
            sql.append("p AS ").append(INTERVAL).append(", ");
        }
        sql.append("b AS ").append(BREAKDOWN).append(", count(*) AS ").append(users(1));
        for (int k = 2; k <= n; k++) {
            String reached = "CASE WHEN r >= " + k + " THEN d" + k + " END";
            sql.append(", ").append(dialect.countWhere("r >= " + k)).append(" AS ").append(users(k))
                    .append(", ").append(dialect.median(reached)).append(" AS ").append(median(k))
                    .append(", sum(").append(reached).append(") AS ").append(total(k));
        }
        return sql.append(" FROM (").append(best(query, params, user)).append(") AS best GROUP BY ")
                .append(query.trend().isPresent() ? "p, b" : "b").toString();
    }

    /**
     * The times of a time-to-convert histogram (column {@code x}, for {@code ConversionTimesSql}): each counted attempt
     * reaching the span's last step, its time from the span's first.
     */
    public String conversionTimes(FunnelQuery query, TimeToConvert span, P params, String user) {
        List<String> parts = new ArrayList<>();
        for (int k = span.fromStep() + 1; k <= span.toStep(); k++) {
            parts.add("d" + k);
        }
        return "SELECT " + String.join(" + ", parts) + " AS x FROM (" + best(query, params, user) + ") AS best WHERE r >= "
                + span.toStep();
    }

    /** Per user (and interval): the counted attempt's furthest step {@code r}, group {@code b}, step times {@code d2…}. */
    private String best(FunnelQuery query, P params, String user) {
        int n = query.steps().size();
        String byInterval = query.trend().isPresent() ? ", p" : "";
        List<String> kept = new ArrayList<>(List.of("r", "b"));
        for (int k = 2; k <= n; k++) {
            kept.add("d" + k);
        }
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < kept.size(); i++) {
            fields.append(", ").append(dialect.keyField("x", kept.get(i), i)).append(" AS ").append(kept.get(i));
        }
        String order = dialect.keyTuple(List.of("neg_r", "tm", "step", "event_id"));
        return "SELECT user_key" + byInterval + fields + " FROM (SELECT user_key" + byInterval + ", "
                + dialect.first(dialect.keyTuple(kept), order) + " AS x FROM (" + attempts(query, params, user)
                + ") AS attempts GROUP BY user_key" + byInterval + ") AS firsts";
    }

    /** Every step-1 event's attempt: how far it reaches ({@code r}, and {@code neg_r} to order by) and its step times. */
    private String attempts(FunnelQuery query, P params, String user) {
        int n = query.steps().size();
        String window = params.integer(query.window().toMillis());
        StringBuilder reach = new StringBuilder("1");
        String chain = "";
        for (int k = 2; k <= n; k++) {
            chain += (chain.isEmpty() ? "" : " AND ") + "n" + k + " = 1 AND tm" + k + " <= tm + " + window;
            reach.append(" + CASE WHEN ").append(chain).append(" THEN 1 ELSE 0 END");
        }
        StringBuilder times = new StringBuilder();
        for (int k = 2; k <= n; k++) {
            times.append(", tm").append(k).append(" - ").append(k == 2 ? "tm" : "tm" + (k - 1)).append(" AS d").append(k);
        }
        StringBuilder following = new StringBuilder();
        for (int k = 2; k <= n; k++) {
            following.append(", ").append(dialect.following("m" + k, k - 1)).append(" AS n").append(k)
                    .append(", ").append(dialect.following("tm", k - 1)).append(" AS tm").append(k);
        }
        // an exclusion can only be met by the step events between its steps: strict steps leave no other event there
        List<String> dropped = new ArrayList<>();
        for (int j = 1; j <= query.exclusions().size(); j++) {
            FunnelExclusion exclusion = query.exclusions().get(j - 1);
            String from = exclusion.fromStep() == 1 ? "tm" : "tm" + exclusion.fromStep();
            for (int k = exclusion.fromStep() + 1; k < exclusion.toStep(); k++) {
                following.append(", ").append(dialect.following("x" + j, k - 1)).append(" AS x").append(j).append("_").append(k);
                dropped.add("(" + reach + " >= " + exclusion.toStep() + " AND x" + j + "_" + k + " = 1 AND tm" + k + " > " + from
                        + " AND tm" + k + " < tm" + exclusion.toStep() + ")");
            }
        }
        String byInterval = query.trend().isPresent() ? ", p" : "";
        String kept = dropped.isEmpty() ? "" : " AND NOT (" + String.join(" OR ", dropped) + ")";
        return "SELECT user_key, tm, step, event_id, b" + byInterval + ", " + reach + " AS r, -(" + reach + ") AS neg_r" + times
                + " FROM (SELECT user_key, tm, step, event_id, m1, b" + byInterval + following + " FROM ("
                + events(query, params, user) + ") AS ranged WINDOW w AS (PARTITION BY user_key ORDER BY tm, step, event_id"
                + " ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)) AS followed WHERE m1 = 1" + kept;
    }

    /** Every event of the range: its user, time, the steps it matches ({@code m1…}), the first of them, group and interval. */
    private String events(FunnelQuery query, P params, String user) {
        int n = query.steps().size();
        StringBuilder matches = new StringBuilder();
        StringBuilder firstStep = new StringBuilder("CASE");
        for (int k = 1; k <= n; k++) {
            matches.append(", CASE WHEN ").append(compiler.criteria(query.steps().get(k - 1), params, user))
                    .append(" THEN 1 ELSE 0 END AS m").append(k);
            firstStep.append(" WHEN m").append(k).append(" = 1 THEN ").append(k);
        }
        firstStep.append(" ELSE ").append(n + 1).append(" END");
        for (int j = 1; j <= query.exclusions().size(); j++) {
            matches.append(", CASE WHEN ").append(compiler.criteria(query.exclusions().get(j - 1).event(), params, user))
                    .append(" THEN 1 ELSE 0 END AS x").append(j);
        }
        String breakdown = query.breakdown().map(d -> compiler.dimension(d, params, query.zone(), Optional.of(query.range())))
                .orElse(dialect.noText());
        String interval = query.trend().map(t -> ", " + dialect.bigint(compiler.dimension(new Dimension.Time(t), params,
                query.zone(), Optional.of(query.range()))) + " AS p").orElse("");
        return "SELECT " + user + " AS user_key, " + dialect.epochMillis("ts") + " AS tm, event_id" + matches + ", "
                + firstStep + " AS step, " + breakdown + " AS b" + interval + " FROM " + dialect.events() + " WHERE project_id = "
                + dialect.project() + " AND " + dialect.kept() + " AND " + dialect.range(query.range(), params);
    }
}
