package io.tally.adapter.out.sql;

import io.tally.domain.funnel.FunnelCounting;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.funnel.TimeToConvert;

import java.util.ArrayList;
import java.util.List;

import static io.tally.adapter.out.sql.FunnelRows.BREAKDOWN;
import static io.tally.adapter.out.sql.FunnelRows.INTERVAL;
import static io.tally.adapter.out.sql.FunnelRows.median;
import static io.tally.adapter.out.sql.FunnelRows.total;
import static io.tally.adapter.out.sql.FunnelRows.users;

/**
 * A funnel plan every SQL store shares (strict, unordered), counted from its attempts: a subclass writes the attempts,
 * rows of a user's (and trend interval's {@code p}) attempt, its start's time {@code tm}, {@code step} and
 * {@code event_id}, its group {@code b}, the steps it reaches {@code r} and {@code neg_r = -r}, and the times between
 * its steps {@code d2…}. Each user (and interval) keeps the attempt reaching furthest, the earliest start among equals;
 * counting conversions, every attempt counts.
 *
 * @param <P> the store's parameter collector
 */
public abstract sealed class CountedAttemptsSql<P extends Parameters> permits StrictFunnelSql, UnorderedFunnelSql {

    protected final SqlCompiler<P> compiler;
    protected final Dialect<P> dialect;

    CountedAttemptsSql(SqlCompiler<P> compiler) {
        this.compiler = compiler;
        this.dialect = compiler.dialect();
    }

    /** The attempts' statement, in the columns above, every user value bound in {@code params}. */
    abstract String attempts(FunnelQuery query, P params, String user);

    /**
     * The funnel's statement in the columns of {@link FunnelRows}, every user value bound in {@code params}.
     *
     * @param user the column users are told apart by
     */
    public String statement(FunnelQuery query, P params, String user) {
        String attempts = attempts(query, params, user);
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
        return sql.append(FunnelRows.wholeColumn(query)).append(" FROM (").append(counted(query, attempts))
                .append(") AS best GROUP BY ").append(FunnelRows.groupBy(query)).toString();
    }

    /**
     * The times of a time-to-convert histogram (column {@code x}, for {@code ConversionTimesSql}): each counted attempt
     * reaching the span's last step, its time from the span's first.
     */
    public String conversionTimes(FunnelQuery query, TimeToConvert span, P params, String user) {
        String attempts = attempts(query, params, user);
        List<String> parts = new ArrayList<>();
        for (int k = span.fromStep() + 1; k <= span.toStep(); k++) {
            parts.add("d" + k);
        }
        return "SELECT " + String.join(" + ", parts) + " AS x FROM (" + counted(query, attempts) + ") AS best WHERE r >= "
                + span.toStep();
    }

    /** The attempts the funnel counts: every one counting conversions, else each user's {@link #best}. */
    private String counted(FunnelQuery query, String attempts) {
        return query.counting() == FunnelCounting.CONVERSIONS ? attempts : best(query, attempts);
    }

    /** Per user (and interval): the counted attempt's furthest step {@code r}, group {@code b}, step times {@code d2…}. */
    private String best(FunnelQuery query, String attempts) {
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
                + dialect.first(dialect.keyTuple(kept), order) + " AS x FROM (" + attempts
                + ") AS attempts GROUP BY user_key" + byInterval + ") AS firsts";
    }
}
