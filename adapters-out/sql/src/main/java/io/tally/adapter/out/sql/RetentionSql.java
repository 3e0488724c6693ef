package io.tally.adapter.out.sql;

import io.tally.domain.retention.CohortMode;
import io.tally.domain.retention.RetentionPeriod;
import io.tally.domain.retention.RetentionQuery;

import static io.tally.adapter.out.sql.RetentionRows.COHORT;
import static io.tally.adapter.out.sql.RetentionRows.PERIOD;
import static io.tally.adapter.out.sql.RetentionRows.USERS;

/**
 * A retention query as one statement for every SQL store, answering rows ({@code cohort}, {@code k}, {@code users})
 * read by {@link RetentionRows}: period 0 is the cohort's size, the cohort its local period start as text. A user's
 * cohort is the period of their first start event in the range (first-time mode) or of each of their start events in
 * it; they return in a later period with a return event in the range. Only events of the range have their dates
 * read: a first start before it leaves its user out.
 *
 * @param <P> the store's parameter collector
 */
public final class RetentionSql<P extends Parameters> {

    private final SqlCompiler<P> compiler;
    private final Dialect<P> dialect;

    public RetentionSql(SqlCompiler<P> compiler) {
        this.compiler = compiler;
        this.dialect = compiler.dialect();
    }

    /**
     * The retention's statement, every user value bound in {@code params}.
     *
     * @param user the column users are told apart by
     */
    public String statement(RetentionQuery query, P params, String user) {
        String population = query.population()
                .map(cohort -> " AND " + user + " IN (" + compiler.cohortMembers(cohort, params, user) + ")").orElse("");
        String inRange = dialect.range(query.range(), params);
        String weekStart = params.integer(query.weekStart().getValue());
        String periodStart = periodStart(query.period(), dialect.localDate(query.zone(), query.range()), weekStart);
        String cohorts = query.mode() == CohortMode.FIRST_TIME
                ? "SELECT user_key, " + periodStart + " AS cohort FROM (SELECT user_key, min(ts) AS ts FROM starts "
                  + "GROUP BY user_key) AS firsts WHERE " + inRange
                : "SELECT DISTINCT user_key, " + periodStart + " AS cohort FROM starts WHERE " + inRange;
        return "WITH project_events " + dialect.rescanned() + " (SELECT " + user + ", " + SqlCompiler.READ_COLUMNS + " FROM "
                + dialect.events() + " WHERE project_id = " + dialect.project() + " AND " + dialect.kept() + population + "),\n"
                + "starts AS (SELECT " + user + " AS user_key, ts FROM project_events WHERE "
                + compiler.criteria(query.startEvent(), params, user) + "),\n"
                + "cohorts AS (" + cohorts + "),\n"
                + "returns AS (SELECT DISTINCT " + user + " AS user_key, " + periodStart + " AS period FROM project_events WHERE "
                + inRange + " AND " + compiler.criteria(query.returnEvent(), params, user) + "),\n"
                + "cells AS (SELECT c.cohort AS cohort, " + periodsBetween(query.period(), "c.cohort", "r.period") + " AS "
                + PERIOD + ", count(*) AS " + USERS + " FROM cohorts AS c INNER JOIN returns AS r ON r.user_key = c.user_key "
                + "WHERE r.period > c.cohort GROUP BY cohort, " + PERIOD + ")\n"
                + "SELECT " + dialect.dateText("cohort") + " AS " + COHORT + ", 0 AS " + PERIOD + ", count(*) AS " + USERS
                + " FROM cohorts GROUP BY cohort\nUNION ALL\n"
                + "SELECT " + dialect.dateText("cohort") + " AS " + COHORT + ", " + PERIOD + ", " + USERS
                + " FROM cells WHERE " + PERIOD + " <= " + params.integer(query.periods());
    }

    private String periodStart(RetentionPeriod period, String date, String weekStart) {
        return switch (period) {
            case DAY -> date;
            case WEEK -> dialect.weekStart(date, weekStart);
            case MONTH -> dialect.monthStart(date);
        };
    }

    private String periodsBetween(RetentionPeriod period, String from, String to) {
        return switch (period) {
            case DAY -> dialect.daysBetween(from, to);
            case WEEK -> dialect.quotient(dialect.daysBetween(from, to), "7");
            case MONTH -> dialect.monthsBetween(from, to);
        };
    }
}
