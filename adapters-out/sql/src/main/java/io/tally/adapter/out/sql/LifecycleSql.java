package io.tally.adapter.out.sql;

import io.tally.domain.lifecycle.LifecycleQuery;
import io.tally.domain.query.Dimension;
import io.tally.domain.time.TimeRange;

import java.time.Instant;
import java.util.Optional;

import static io.tally.adapter.out.sql.LifecycleRows.ACTIVE;
import static io.tally.adapter.out.sql.LifecycleRows.FIRSTS;
import static io.tally.adapter.out.sql.LifecycleRows.INTERVAL;
import static io.tally.adapter.out.sql.LifecycleRows.STAYED;

/**
 * A lifecycle as one statement for every SQL store, answering per interval from the one before the range's first to
 * its last ({@code interval_start}, in epoch milliseconds) the users active in it, those for whom it is their first,
 * and those also active in the interval before it; {@link LifecycleRows} turns them into stages. Every matching event
 * before the range's last interval ends is read; those before the interval before the range's first are only told
 * apart as "earlier", one value a millisecond before that interval (no bucket starts there, and it sorts first), so a
 * user's first interval is their least value. A user's previous value is the one a window frame of one preceding row
 * holds, read only where there is such a row ({@code b <> first_b}: an empty frame is NULL on DuckDB, 0 on ClickHouse);
 * the interval before each one is the one holding its start less a millisecond, cut by the report's bucket expression.
 *
 * @param <P> the store's parameter collector
 */
public final class LifecycleSql<P extends Parameters> {

    private final SqlCompiler<P> compiler;
    private final Dialect<P> dialect;

    public LifecycleSql(SqlCompiler<P> compiler) {
        this.compiler = compiler;
        this.dialect = compiler.dialect();
    }

    /**
     * The lifecycle's statement, every user value bound in {@code params}.
     *
     * @param user the column users are told apart by
     */
    public String statement(LifecycleQuery query, P params, String user) {
        Dimension.Time time = new Dimension.Time(query.interval());
        TimeRange read = new TimeRange(query.before(), query.end());
        String bucket = compiler.dimension(time, params, query.zone(), Optional.of(read));
        String earlier = dialect.range(new TimeRange(Instant.EPOCH, query.before()), params);
        String earlierValue = dialect.bigint(params.integer(query.before().toEpochMilli() - 1));
        String active = "SELECT DISTINCT user_key, b FROM (SELECT " + user + " AS user_key, CASE WHEN " + earlier
                + " THEN " + earlierValue + " ELSE " + dialect.bigint(bucket) + " END AS b FROM " + dialect.events()
                + " WHERE project_id = " + dialect.project() + " AND " + dialect.kept() + " AND "
                + dialect.range(new TimeRange(Instant.EPOCH, query.end()), params) + " AND "
                + compiler.criteria(query.event(), params, user) + ") AS matching";
        String marked = "SELECT user_key, b, min(b) OVER (PARTITION BY user_key) AS first_b, max(b) OVER (PARTITION BY "
                + "user_key ORDER BY b ROWS BETWEEN 1 PRECEDING AND 1 PRECEDING) AS previous_b, "
                + dialect.timestampOfMillis("b - 1") + " AS ts FROM (" + active + ") AS active";
        // the interval before b: the bucket of b's start less a millisecond (ts above); every b answered is from the
        // interval before the range's first on, so those instants lie from a millisecond before it to the read's end
        String before = compiler.dimension(time, params, query.zone(), Optional.of(new TimeRange(query.before().minusMillis(1),
                query.end())));
        return "SELECT b AS " + INTERVAL + ", count(*) AS " + ACTIVE + ", " + dialect.countWhere("b = first_b") + " AS "
                + FIRSTS + ", " + dialect.countWhere("b <> first_b AND previous_b = " + before) + " AS " + STAYED + " FROM ("
                + marked + ") AS marked WHERE b >= " + params.integer(query.before().toEpochMilli()) + " GROUP BY b";
    }
}
