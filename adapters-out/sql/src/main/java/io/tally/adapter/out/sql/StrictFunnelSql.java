package io.tally.adapter.out.sql;

import io.tally.domain.funnel.Attribution;
import io.tally.domain.funnel.FunnelExclusion;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.funnel.StepOrder;
import io.tally.domain.query.Dimension;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A funnel of {@link StepOrder#STRICT} steps as one statement for every SQL store, in the columns of
 * {@link FunnelRows}. Every event of the range is read, whatever its type, as any event breaks a strict chain: each
 * user's events in funnel order (time, first step matched, event id; an event matching no step after those that do),
 * and for each step-1 event the k-th event after it ({@code lead}) is its attempt's step k + 1 when it matches that
 * step, no later than the window after the step-1 event, and every step before it was reached. Each user (with a
 * trend, each user and interval of the step-1 event) keeps the attempt reaching furthest, the earliest among equals,
 * of those no exclusion drops. Its group is the breakdown's value on the event the attribution names: with another
 * than the first touch, each step's value comes with its time ({@code lead} of the value).
 *
 * @param <P> the store's parameter collector
 */
public final class StrictFunnelSql<P extends Parameters> extends CountedAttemptsSql<P> {

    public StrictFunnelSql(SqlCompiler<P> compiler) {
        super(compiler);
    }

    /** Every step-1 event's attempt: how far it reaches ({@code r}, and {@code neg_r} to order by) and its step times. */
    @Override
    String attempts(FunnelQuery query, P params, String user) {
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
        boolean firstTouch = query.attribution() instanceof Attribution.FirstTouch;
        StringBuilder following = new StringBuilder();
        for (int k = 2; k <= n; k++) {
            following.append(", ").append(dialect.following("m" + k, k - 1)).append(" AS n").append(k)
                    .append(", ").append(dialect.following("tm", k - 1)).append(" AS tm").append(k);
            if (!firstTouch) {
                following.append(", ").append(dialect.following("b", k - 1)).append(" AS b").append(k);
            }
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
        StringBuilder values = new StringBuilder();
        for (int k = 2; k <= n && !firstTouch; k++) {
            values.append(", b").append(k);
        }
        String attempts = "SELECT user_key, tm, step, event_id, b" + values + byInterval + ", " + reach + " AS r, -(" + reach
                + ") AS neg_r" + times + " FROM (SELECT user_key, tm, step, event_id, m1, b" + byInterval + following + " FROM ("
                + events(query, params, user) + ") AS ranged WINDOW w AS (PARTITION BY user_key ORDER BY tm, step, event_id"
                + " ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)) AS followed WHERE m1 = 1" + kept;
        if (firstTouch) {
            return attempts;
        }
        StringBuilder columns = new StringBuilder("user_key, tm, step, event_id, ").append(attributed(query)).append(" AS b")
                .append(byInterval).append(", r, neg_r");
        for (int k = 2; k <= n; k++) {
            columns.append(", d").append(k);
        }
        return "SELECT " + columns + " FROM (" + attempts + ") AS reached";
    }

    /**
     * The breakdown's value on the attempt's event the attribution names, from the values of its steps ({@code b},
     * {@code b2…}) and its reach {@code r}: NULL when the attempt falls short of that step.
     */
    private String attributed(FunnelQuery query) {
        StringBuilder value = new StringBuilder("CASE");
        for (int k = 1; k <= query.steps().size(); k++) {
            value.append(" WHEN r = ").append(k).append(" THEN ");
            int named = query.attribution().stepOf(k);
            value.append(named == 0 ? dialect.noText() : named == 1 ? "b" : "b" + named);
        }
        return value.append(" END").toString();
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
        String breakdown = FunnelRows.breakdownKey(query.breakdown().stream()
                .map(d -> compiler.dimension(d, params, query.zone(), Optional.of(query.range()))).toList(), dialect.noText());
        String interval = query.trend().map(t -> ", " + dialect.bigint(compiler.dimension(new Dimension.Time(t), params,
                query.zone(), Optional.of(query.range()))) + " AS p").orElse("");
        return "SELECT " + user + " AS user_key, " + dialect.epochMillis("ts") + " AS tm, event_id" + matches + ", "
                + firstStep + " AS step, " + breakdown + " AS b" + interval + " FROM " + dialect.events() + " WHERE project_id = "
                + dialect.project() + " AND " + dialect.kept() + " AND " + dialect.range(query.range(), params);
    }
}
