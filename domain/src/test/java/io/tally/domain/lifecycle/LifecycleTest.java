package io.tally.domain.lifecycle;

import io.tally.domain.query.EventCriteria;
import io.tally.domain.request.Definitions;
import io.tally.domain.request.LifecycleRequest;
import io.tally.domain.request.RequestContext;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The intervals a lifecycle reads, its answer's rows, and the request's rules. */
class LifecycleTest {

    private static final RequestContext CONTEXT = new RequestContext("p", Instant.parse("2026-11-28T10:30:00Z"), Definitions.NONE);
    /** Thursday 29 October 2026, 13:00 UTC, to Monday 2 November, 09:00 UTC: after summer time ended in Berlin (25 October). */
    private static final TimeRange RANGE = new TimeRange(Instant.parse("2026-10-29T13:00:00Z"), Instant.parse("2026-11-02T09:00:00Z"));

    private static LifecycleQuery query(Granularity interval, String zone) {
        return new LifecycleQuery("p", EventCriteria.of("page_view"), interval, RANGE, ZoneId.of(zone));
    }

    @Test
    void the_range_picks_whole_intervals_the_one_before_the_first_and_the_end_of_the_last() {
        LifecycleQuery berlin = query(Granularity.DAY, "Europe/Berlin");
        // local days 29 October to 2 November, each starting at 23:00 UTC the day before (Berlin is on +01:00 again)
        assertThat(berlin.intervals()).containsExactly(Instant.parse("2026-10-28T23:00:00Z"), Instant.parse("2026-10-29T23:00:00Z"),
                Instant.parse("2026-10-30T23:00:00Z"), Instant.parse("2026-10-31T23:00:00Z"), Instant.parse("2026-11-01T23:00:00Z"));
        assertThat(berlin.before()).isEqualTo(Instant.parse("2026-10-27T23:00:00Z"));
        assertThat(berlin.end()).isEqualTo(Instant.parse("2026-11-02T23:00:00Z"));
        // weeks from Monday: 26 October and 2 November; the one before starts 19 October
        LifecycleQuery weeks = query(Granularity.WEEK, "UTC");
        assertThat(weeks.intervals()).containsExactly(Instant.parse("2026-10-26T00:00:00Z"), Instant.parse("2026-11-02T00:00:00Z"));
        assertThat(weeks.before()).isEqualTo(Instant.parse("2026-10-19T00:00:00Z"));
        assertThat(weeks.end()).isEqualTo(Instant.parse("2026-11-09T00:00:00Z"));
        // months: November's start is the end of the range's last interval
        assertThat(query(Granularity.MONTH, "UTC").end()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(query(Granularity.MONTH, "UTC").before()).isEqualTo(Instant.parse("2026-09-01T00:00:00Z"));
    }

    @Test
    void every_interval_is_a_row_zero_where_the_engine_counted_nothing() {
        LifecycleQuery weeks = query(Granularity.WEEK, "UTC");
        LifecycleCounts.Stages second = new LifecycleCounts.Stages(1, 2, 3, 4);
        Lifecycle answer = Lifecycle.assemble(weeks, new LifecycleCounts(Map.of(Instant.parse("2026-11-02T00:00:00Z"), second)));
        assertThat(answer.rows()).containsExactly(
                new Lifecycle.Row(Instant.parse("2026-10-26T00:00:00Z"), LifecycleCounts.Stages.NONE),
                new Lifecycle.Row(Instant.parse("2026-11-02T00:00:00Z"), second));
        assertThat(second.active()).isEqualTo(6);
    }

    @Test
    void the_request_reads_the_fields_a_stickiness_reads_and_refuses_minutes() {
        Validated<LifecycleQuery> parsed = LifecycleRequest.parse(Map.of("event", "sign_up", "interval", "month",
                "filters", List.of(List.of("is", "country", List.of("DE")))), CONTEXT);
        LifecycleQuery query = ((Validated.Valid<LifecycleQuery>) parsed).value();
        assertThat(query.event().eventType()).contains("sign_up");
        assertThat(query.event().filters()).hasSize(1);
        assertThat(query.interval()).isEqualTo(Granularity.MONTH);
        Validated<LifecycleQuery> minutes = LifecycleRequest.parse(Map.of("interval", "minute"), CONTEXT);
        assertThat(((Validated.Invalid<LifecycleQuery>) minutes).violations()).extracting(Violation::field)
                .containsExactly("interval");
    }

    @Test
    void the_interval_before_a_range_starting_after_the_autumn_change_is_the_25_hour_day() {
        // from Monday 26 October in Berlin: the day before is Sunday 25 October, 25 hours from 22:00 UTC on the 24th
        LifecycleQuery query = new LifecycleQuery("p", EventCriteria.anyEvent(), Granularity.DAY,
                new TimeRange(Instant.parse("2026-10-25T23:00:00Z"), Instant.parse("2026-10-27T23:00:00Z")), ZoneId.of("Europe/Berlin"));
        assertThat(query.before()).isEqualTo(Instant.parse("2026-10-24T22:00:00Z"));
        assertThat(query.intervals()).containsExactly(Instant.parse("2026-10-25T23:00:00Z"), Instant.parse("2026-10-26T23:00:00Z"));
        assertThat(query.end()).isEqualTo(Instant.parse("2026-10-27T23:00:00Z"));
    }
}
