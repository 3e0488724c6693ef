package io.tally.adapter.out.sql;

import io.tally.adapter.out.sql.SqlCompilerTest.Bound;
import io.tally.adapter.out.sql.SqlCompilerTest.Spelled;
import io.tally.domain.lifecycle.LifecycleQuery;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.stickiness.StickinessQuery;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The stickiness and lifecycle statements written once for every store, read through the plain-call dialect. */
class ActivitySqlTest {

    private static final TimeRange TWO_DAYS = new TimeRange(Instant.parse("2026-05-01T12:00:00Z"), Instant.parse("2026-05-03T00:00:00Z"));
    private static final String HOSTILE = "x') OR 1=1 --";

    private final Bound params = new Bound();
    private final SqlCompiler<Bound> compiler = new SqlCompiler<>(new Spelled());

    @Test
    void stickiness_counts_each_user_s_distinct_buckets_of_the_range_and_binds_the_event_type() {
        String sql = new StickinessSql<>(compiler).statement(new StickinessQuery("p1", EventCriteria.of(HOSTILE), Granularity.DAY,
                TWO_DAYS, ZoneOffset.UTC), params, "uid");
        assertThat(sql).doesNotContain(HOSTILE).contains("distinct_count(bucket) AS intervals", "GROUP BY user_key",
                "GROUP BY intervals", "in_range(");
        assertThat(params.values).contains(HOSTILE);
    }

    @Test
    void a_lifecycle_reads_from_the_interval_before_the_range_to_the_end_of_its_last_and_binds_the_event_type() {
        LifecycleQuery query = new LifecycleQuery("p1", EventCriteria.of(HOSTILE), Granularity.DAY, TWO_DAYS, ZoneOffset.UTC);
        String sql = new LifecycleSql<>(compiler).statement(query, params, "uid");
        assertThat(sql).doesNotContain(HOSTILE).contains("min(b) OVER (PARTITION BY user_key) AS first_b",
                "ROWS BETWEEN 1 PRECEDING AND 1 PRECEDING", "timestamp_of_millis(b - 1) AS ts", "b <> first_b AND previous_b = ");
        // the range's intervals are 1 and 2 May: the earlier events end where the interval before them begins (30 April),
        // the read at the end of 2 May; both bound, in epoch seconds as the plain dialect binds instants
        assertThat(params.values).contains(HOSTILE, Instant.parse("2026-04-30T00:00:00Z").getEpochSecond(),
                Instant.parse("2026-05-03T00:00:00Z").getEpochSecond());
        // earlier events are one value a millisecond before 30 April, and only 30 April on is answered
        long before = Instant.parse("2026-04-30T00:00:00Z").toEpochMilli();
        assertThat(params.values).contains(before - 1, before);
        assertThat(sql).contains("THEN bigint(?").endsWith(" GROUP BY b");
    }
}
