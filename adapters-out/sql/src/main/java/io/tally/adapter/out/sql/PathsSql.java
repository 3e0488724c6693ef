package io.tally.adapter.out.sql;

import io.tally.domain.path.PathDirection;
import io.tally.domain.path.PathsQuery;

import java.util.Optional;

import static io.tally.adapter.out.sql.PathRows.NODE;
import static io.tally.adapter.out.sql.PathRows.OCCURRENCES;
import static io.tally.adapter.out.sql.PathRows.POSITION;

/**
 * A paths query as one statement for every SQL store, answering rows ({@code k}, {@code node}, {@code occurrences})
 * read by {@link PathRows}: for each position k from 1 to the query's steps, each node value (NULL where the event has
 * none) and how many anchor occurrences have it there, and one row with k 0 and no node holding the number of anchor
 * occurrences. An event's position is its place in its session's events of the range, by time then event id, as the
 * reference orders them.
 *
 * @param <P> the store's parameter collector
 */
public final class PathsSql<P extends Parameters> {

    private final SqlCompiler<P> compiler;
    private final Dialect<P> dialect;

    public PathsSql(SqlCompiler<P> compiler) {
        this.compiler = compiler;
        this.dialect = compiler.dialect();
    }

    /**
     * The paths' statement, every user value bound in {@code params}.
     *
     * @param user    the column users are told apart by
     * @param session the column sessions are told apart by
     */
    public String statement(PathsQuery query, P params, String user, String session) {
        String positions = query.direction() == PathDirection.NEXT
                ? "x.position BETWEEN a.position + 1 AND a.position + " + query.steps()
                : "x.position BETWEEN a.position - " + query.steps() + " AND a.position - 1";
        // positions may be unsigned (ClickHouse's row_number): the larger minus the smaller never wraps
        String distance = "CASE WHEN x.position > a.position THEN x.position - a.position ELSE a.position - x.position END";
        return "WITH scoped AS (SELECT " + user + ", " + session + " AS session_key, " + SqlCompiler.READ_COLUMNS + ", "
                + compiler.dimension(query.node(), params, query.zone(), Optional.of(query.range())) + " AS node, "
                + "row_number() OVER (PARTITION BY " + session + " ORDER BY ts, event_id) AS position FROM "
                + dialect.events() + " WHERE project_id = " + dialect.project() + " AND " + dialect.kept() + " AND "
                + dialect.range(query.range(), params) + "),\n"
                + "anchors AS (SELECT session_key, position FROM scoped WHERE "
                + compiler.criteria(query.anchor(), params, user) + ")\n"
                + "SELECT " + dialect.bigint(distance) + " AS " + POSITION + ", x.node AS " + NODE + ", count(*) AS "
                + OCCURRENCES + " FROM anchors AS a INNER JOIN scoped AS x ON x.session_key = a.session_key WHERE "
                + positions + " GROUP BY " + POSITION + ", " + NODE + "\nUNION ALL\n"
                + "SELECT " + dialect.bigint("0") + ", " + dialect.noText() + ", count(*) FROM anchors";
    }
}
