package io.tally.application.port.in;

import io.tally.domain.lifecycle.LifecycleQuery;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.stickiness.StickinessQuery;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The range a question covers decides how long its answer stays fresh in the cache. */
class AnalyticsQueryTest {

    /** Monday 30 November to Wednesday 2 December 2026, 00:00 UTC. */
    private static final TimeRange TWO_DAYS = new TimeRange(Instant.parse("2026-11-30T00:00:00Z"), Instant.parse("2026-12-02T00:00:00Z"));

    @Test
    void a_lifecycle_covers_its_whole_intervals_to_the_end_of_the_last() {
        // by week the range's last instant is in the week from 30 November, which ends on 7 December: events until then
        // still change the answer, so it is as fresh as a range reaching into the present
        AnalyticsQuery weeks = new AnalyticsQuery.Lifecycle(new LifecycleQuery("p", EventCriteria.anyEvent(), Granularity.WEEK,
                TWO_DAYS, ZoneOffset.UTC));
        assertThat(weeks.range()).isEqualTo(new TimeRange(TWO_DAYS.from(), Instant.parse("2026-12-07T00:00:00Z")));
        // a stickiness counts the range's events only
        AnalyticsQuery sticky = new AnalyticsQuery.Stickiness(new StickinessQuery("p", EventCriteria.anyEvent(), Granularity.WEEK,
                TWO_DAYS, ZoneOffset.UTC));
        assertThat(sticky.range()).isEqualTo(TWO_DAYS);
    }
}
