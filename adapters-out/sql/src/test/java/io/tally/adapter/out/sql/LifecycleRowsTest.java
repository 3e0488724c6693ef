package io.tally.adapter.out.sql;

import io.tally.domain.lifecycle.LifecycleCounts;
import io.tally.domain.lifecycle.LifecycleQuery;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A lifecycle's stages from the rows of its statement: active, first-time and stayed users per interval. */
class LifecycleRowsTest {

    private static final Instant DAY_0 = Instant.parse("2026-05-01T00:00:00Z");
    private static final LifecycleQuery TWO_DAYS = new LifecycleQuery("p", EventCriteria.anyEvent(), Granularity.DAY,
            new TimeRange(DAY_0, DAY_0.plusSeconds(2 * 86_400)), ZoneOffset.UTC);

    private static NamedColumns row(Instant start, long active, long firsts, long stayed) {
        return NamedColumns.of("stayed_users", Long.toString(stayed), "interval_start", Long.toString(start.toEpochMilli()),
                "first_time_users", Long.toString(firsts), "active_users", Long.toString(active));
    }

    @Test
    void new_are_the_first_timers_returning_those_who_stayed_and_dormant_the_day_before_s_active_who_did_not() {
        LifecycleRows rows = new LifecycleRows();
        rows.add(row(DAY_0.minusSeconds(86_400), 7, 7, 0));  // the day before the range: only its 7 active users count
        rows.add(row(DAY_0, 10, 4, 5));                     // 10 active: 4 new, 5 of the 7 stayed, 1 resurrected; 2 dormant
        LifecycleCounts counts = rows.counts(TWO_DAYS);
        // the second day has no row: nobody active, so all 10 of the first day are dormant
        assertThat(counts.byInterval()).isEqualTo(Map.of(
                DAY_0, new LifecycleCounts.Stages(4, 5, 1, 2),
                DAY_0.plusSeconds(86_400), new LifecycleCounts.Stages(0, 0, 0, 10)));
    }
}
