package io.tally.adapter.out.sql;

import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.funnel.StepOrder;
import io.tally.domain.query.Dimension;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A funnel of {@link StepOrder#UNORDERED} steps as one statement for every SQL store, in the columns of
 * {@link FunnelRows}. Only the range's events matching a step are read. Each starts an attempt; for each step, the
 * earliest time of the user's events matching it at or after the start's time ({@code min} over a window by time
 * descending, from the partition's start to the start's peers: a frame whose start stays put, which ClickHouse
 * aggregates as it goes instead of again for every row) is done when it lies within the window. The attempt
 * reaches as many steps as are done, and the times between them are those between the done times sorted
 * ({@link Dialect#sortedNullsLast}: the k-th done step is the k-th element). Each user (with a trend, each user and
 * interval of the start) keeps the attempt reaching furthest, the earliest start among equals ({@link CountedAttemptsSql}),
 * its group the start's value.
 *
 * @param <P> the store's parameter collector
 */
public final class UnorderedFunnelSql<P extends Parameters> extends CountedAttemptsSql<P> {

    public UnorderedFunnelSql(SqlCompiler<P> compiler) {
        super(compiler);
    }

    /** Every attempt: how far it reaches ({@code r}, {@code neg_r}) and the times between its done steps. */
    @Override
    String attempts(FunnelQuery query, P params, String user) {
        int n = query.steps().size();
        String window = params.integer(query.window().toMillis());
        String byInterval = query.trend().isPresent() ? ", p" : "";
        List<String> done = new ArrayList<>();
        StringBuilder earliest = new StringBuilder();
        StringBuilder reach = new StringBuilder("0");
        for (int k = 1; k <= n; k++) {
            earliest.append(", min(CASE WHEN m").append(k).append(" = 1 THEN tm END) OVER w AS f").append(k);
            String within = "f" + k + " <= tm + " + window;
            done.add("CASE WHEN " + within + " THEN f" + k + " END");
            reach.append(" + CASE WHEN ").append(within).append(" THEN 1 ELSE 0 END");
        }
        StringBuilder times = new StringBuilder();
        for (int k = 2; k <= n; k++) {
            times.append(", CASE WHEN r >= ").append(k).append(" THEN done[").append(k).append("] - done[").append(k - 1)
                    .append("] END AS d").append(k);
        }
        String withDone = "SELECT user_key, tm, step, event_id, b" + byInterval + ", " + reach + " AS r, "
                + dialect.sortedNullsLast(done) + " AS done FROM (SELECT user_key, tm, step, event_id, b" + byInterval + earliest
                + " FROM (" + events(query, params, user) + ") AS ranged WINDOW w AS (PARTITION BY user_key ORDER BY tm DESC"
                + " RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)) AS earliest";
        return "SELECT user_key, tm, step, event_id, b" + byInterval + ", r, -r AS neg_r" + times + " FROM (" + withDone
                + ") AS reached";
    }

    /** The range's events matching a step: user, time, the steps matched ({@code m1…}), the first of them, group, interval. */
    private String events(FunnelQuery query, P params, String user) {
        int n = query.steps().size();
        StringBuilder matches = new StringBuilder();
        StringBuilder firstStep = new StringBuilder("CASE");
        List<String> any = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            String criteria = compiler.criteria(query.steps().get(k - 1), params, user);
            matches.append(", CASE WHEN ").append(criteria).append(" THEN 1 ELSE 0 END AS m").append(k);
            firstStep.append(" WHEN m").append(k).append(" = 1 THEN ").append(k);
            any.add("(" + criteria + ")");
        }
        firstStep.append(" END");
        String breakdown = FunnelRows.breakdownKey(query.breakdown().stream()
                .map(d -> compiler.dimension(d, params, query.zone(), Optional.of(query.range()))).toList(), dialect.noText());
        String interval = query.trend().map(t -> ", " + dialect.bigint(compiler.dimension(new Dimension.Time(t), params,
                query.zone(), Optional.of(query.range()))) + " AS p").orElse("");
        return "SELECT user_key, tm, event_id" + matchColumns(n) + ", " + firstStep + " AS step, b" + (interval.isEmpty() ? "" : ", p")
                + " FROM (SELECT " + user + " AS user_key, " + dialect.epochMillis("ts") + " AS tm, event_id" + matches + ", "
                + breakdown + " AS b" + interval + " FROM " + dialect.events() + " WHERE project_id = " + dialect.project() + " AND "
                + dialect.kept() + " AND " + dialect.range(query.range(), params) + " AND (" + String.join(" OR ", any)
                + ")) AS matched";
    }

    private static String matchColumns(int n) {
        StringBuilder columns = new StringBuilder();
        for (int k = 1; k <= n; k++) {
            columns.append(", m").append(k);
        }
        return columns.toString();
    }
}
