package io.tally.adapter.out.sql;

import io.tally.adapter.out.sql.SqlCompilerTest.Bound;
import io.tally.adapter.out.sql.SqlCompilerTest.Spelled;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.retention.CohortMode;
import io.tally.domain.retention.RetentionPeriod;
import io.tally.domain.retention.RetentionQuery;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The retention statement written once for every store, read through the plain-call dialect of {@link SqlCompilerTest}. */
class RetentionSqlTest {

    private static final TimeRange RANGE = new TimeRange(Instant.ofEpochSecond(1_000), Instant.ofEpochSecond(2_000));
    private static final String HOSTILE = "x') OR 1=1 --";

    private final Bound params = new Bound();

    private static RetentionQuery query(RetentionPeriod period, CohortMode mode, EventCriteria returnEvent) {
        return new RetentionQuery("p1", EventCriteria.of("signup"), returnEvent, period, DayOfWeek.SUNDAY, mode, 4, RANGE,
                ZoneOffset.UTC, Optional.empty());
    }

    private String statement(RetentionQuery query) {
        return new RetentionSql<>(new SqlCompiler<>(new Spelled())).statement(query, params, "uid");
    }

    @Test
    void first_time_cohorts_take_each_users_first_start_and_cells_count_later_returns_up_to_the_last_period() {
        String sql = statement(query(RetentionPeriod.DAY, CohortMode.FIRST_TIME, EventCriteria.anyEvent()));
        assertThat(sql).isEqualTo("""
                WITH project_events AS RESCANNED (SELECT uid, event_id, ts, event_type, properties, path, referrer, \
                utm_source, utm_medium, utm_campaign, country, region, city, browser, os, device FROM ev WHERE project_id = ?project \
                AND kept()),
                starts AS (SELECT uid AS user_key, ts FROM project_events WHERE (event_type = ?3 AND T)),
                cohorts AS (SELECT user_key, local_date(Z) AS cohort FROM (SELECT user_key, min(ts) AS ts FROM starts \
                GROUP BY user_key) AS firsts WHERE in_range(?0, ?1)),
                returns AS (SELECT DISTINCT uid AS user_key, local_date(Z) AS period FROM project_events WHERE in_range(?0, ?1) \
                AND (T AND T)),
                cells AS (SELECT c.cohort AS cohort, days(c.cohort, r.period) AS k, count(*) AS users FROM cohorts AS c \
                INNER JOIN returns AS r ON r.user_key = c.user_key WHERE r.period > c.cohort GROUP BY cohort, k)
                SELECT date_text(cohort) AS cohort, 0 AS k, count(*) AS users FROM cohorts GROUP BY cohort
                UNION ALL
                SELECT date_text(cohort) AS cohort, k, users FROM cells WHERE k <= ?4""");
        assertThat(params.values).containsExactly(1_000L, 2_000L, 7L, "signup", 4L);
    }

    @Test
    void weeks_start_on_the_bound_day_and_count_whole_weeks_between_starts() {
        String sql = statement(query(RetentionPeriod.WEEK, CohortMode.RECURRING, EventCriteria.anyEvent()));
        assertThat(sql).contains("SELECT DISTINCT user_key, week_start(local_date(Z), ?2) AS cohort FROM starts WHERE in_range(?0, ?1)");
        assertThat(sql).contains("quotient(days(c.cohort, r.period), 7) AS k");
        assertThat(params.values.get(2)).isEqualTo(7L); // Sunday, ISO day 7
    }

    @Test
    void months_start_on_the_first_and_count_calendar_months() {
        String sql = statement(query(RetentionPeriod.MONTH, CohortMode.FIRST_TIME, EventCriteria.anyEvent()));
        assertThat(sql).contains("month_start(local_date(Z)) AS period").contains("months(c.cohort, r.period) AS k");
    }

    @Test
    void the_return_events_filters_are_bound_never_inlined() {
        String sql = statement(query(RetentionPeriod.DAY, CohortMode.FIRST_TIME, EventCriteria.of("buy",
                new Filter.Match(FilterOp.IS, new Dimension.Property("plan"), List.of(HOSTILE)))));
        assertThat(sql).doesNotContain("1=1").doesNotContain("'").doesNotContain("buy");
        assertThat(params.values).contains(HOSTILE, "buy", "signup");
    }
}
