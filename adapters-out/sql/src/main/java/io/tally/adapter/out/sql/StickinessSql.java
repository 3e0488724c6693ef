package io.tally.adapter.out.sql;

import io.tally.domain.query.Dimension;
import io.tally.domain.stickiness.StickinessQuery;

import java.util.Optional;

import static io.tally.adapter.out.sql.StickinessRows.INTERVALS;
import static io.tally.adapter.out.sql.StickinessRows.USERS;

/**
 * A stickiness as one statement for every SQL store, answering rows ({@code intervals}, {@code users}) read by
 * {@link StickinessRows}: each user's matching events of the range cut into the query's time buckets (the report's
 * own bucket expression, so an interval is what a report's time bucket is), the distinct buckets counted per user,
 * and the users counted per count.
 *
 * @param <P> the store's parameter collector
 */
public final class StickinessSql<P extends Parameters> {

    private final SqlCompiler<P> compiler;
    private final Dialect<P> dialect;

    public StickinessSql(SqlCompiler<P> compiler) {
        this.compiler = compiler;
        this.dialect = compiler.dialect();
    }

    /**
     * The stickiness's statement, every user value bound in {@code params}.
     *
     * @param user the column users are told apart by
     */
    public String statement(StickinessQuery query, P params, String user) {
        String bucket = compiler.dimension(new Dimension.Time(query.interval()), params, query.zone(), Optional.of(query.range()));
        return "SELECT " + INTERVALS + ", count(*) AS " + USERS + " FROM (SELECT user_key, "
                + dialect.distinctCount("bucket") + " AS " + INTERVALS + " FROM (SELECT " + user + " AS user_key, "
                + bucket + " AS bucket FROM " + dialect.events() + " WHERE project_id = " + dialect.project() + " AND "
                + dialect.kept() + " AND " + dialect.range(query.range(), params) + " AND "
                + compiler.criteria(query.event(), params, user) + ") AS active GROUP BY user_key) AS per_user GROUP BY "
                + INTERVALS;
    }
}
