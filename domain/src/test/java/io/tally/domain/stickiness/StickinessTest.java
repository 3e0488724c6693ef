package io.tally.domain.stickiness;

import io.tally.domain.query.EventCriteria;
import io.tally.domain.request.Definitions;
import io.tally.domain.request.RequestContext;
import io.tally.domain.request.StickinessRequest;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The answer's rows from an engine's counts, the number of intervals a range holds, and the request's rules. */
class StickinessTest {

    private static final RequestContext CONTEXT = new RequestContext("p", Instant.parse("2026-11-28T10:30:00Z"), Definitions.NONE);
    private static final TimeRange FOUR_DAYS = new TimeRange(Instant.parse("2026-03-27T00:00:00Z"), Instant.parse("2026-03-31T00:00:00Z"));

    private static StickinessQuery days(String zone) {
        return new StickinessQuery("p", EventCriteria.of("page_view"), Granularity.DAY, FOUR_DAYS, ZoneId.of(zone));
    }

    @Test
    void every_n_from_one_to_the_range_s_intervals_is_a_row_with_the_users_at_least_n_and_their_share() {
        // 2 users on one day, 1 on two, 1 on four: 4 users; at least 1: 4, 2: 2, 3: 1, 4: 1
        Stickiness answer = Stickiness.assemble(days("UTC"), new StickinessCounts(Map.of(1, 2L, 2, 1L, 4, 1L)));
        assertThat(answer.users()).isEqualTo(4);
        assertThat(answer.rows()).containsExactly(
                new Stickiness.Row(1, 2, 4, 50.0),
                new Stickiness.Row(2, 1, 2, 25.0),
                new Stickiness.Row(3, 0, 1, 0.0),
                new Stickiness.Row(4, 1, 1, 25.0));
    }

    @Test
    void nobody_active_gives_zero_rows_without_a_share() {
        Stickiness answer = Stickiness.assemble(days("UTC"), new StickinessCounts(Map.of()));
        assertThat(answer.users()).isZero();
        assertThat(answer.rows()).hasSize(4).allSatisfy(row -> {
            assertThat(row.users()).isZero();
            assertThat(row.percent()).isNull();
        });
    }

    @Test
    void a_partial_interval_at_either_edge_counts() {
        // in Berlin the range is 27 March 01:00 to 31 March 02:00 local: five local days
        assertThat(days("Europe/Berlin").intervals()).isEqualTo(5);
        assertThat(days("UTC").intervals()).isEqualTo(4);
        // weeks from Monday 23 and 30 March
        assertThat(new StickinessQuery("p", EventCriteria.anyEvent(), Granularity.WEEK, FOUR_DAYS, ZoneId.of("UTC")).intervals())
                .isEqualTo(2);
    }

    @Test
    void an_engine_count_beyond_the_range_s_intervals_is_a_defect_not_a_row() {
        assertThatThrownBy(() -> Stickiness.assemble(days("UTC"), new StickinessCounts(Map.of(5, 1L))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void the_request_reads_its_fields_with_defaults() {
        Validated<StickinessQuery> parsed = StickinessRequest.parse(Map.of("event", "sign_up", "interval", "week",
                "date_range", "last_7d", "timezone", "Europe/Berlin"), CONTEXT);
        StickinessQuery query = ((Validated.Valid<StickinessQuery>) parsed).value();
        assertThat(query.event()).isEqualTo(EventCriteria.of("sign_up"));
        assertThat(query.interval()).isEqualTo(Granularity.WEEK);
        assertThat(query.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        StickinessQuery defaults = ((Validated.Valid<StickinessQuery>) StickinessRequest.parse(Map.of(), CONTEXT)).value();
        assertThat(defaults.event()).isEqualTo(EventCriteria.anyEvent());
        assertThat(defaults.interval()).isEqualTo(Granularity.DAY);
    }

    @Test
    void minutes_unknown_fields_and_too_many_intervals_are_refused_by_field() {
        assertThat(violations(Map.of("interval", "minute"))).extracting(Violation::field).containsExactly("interval");
        assertThat(violations(Map.of("steps", List.of()))).extracting(Violation::field).containsExactly("steps");
        // 2025 and 2026 to 15 May: 500 days of hours, 12,000 intervals
        List<Violation> tooMany = violations(Map.of("interval", "hour", "date_range", List.of("2025-01-01", "2026-05-15")));
        assertThat(tooMany).extracting(Violation::field).containsExactly("interval");
        assertThat(tooMany).extracting(Violation::kind).containsExactly(ViolationKind.TOO_MANY);
    }

    private static List<Violation> violations(Map<String, Object> body) {
        Validated<StickinessQuery> parsed = StickinessRequest.parse(body, CONTEXT);
        assertThat(parsed).isInstanceOf(Validated.Invalid.class);
        return ((Validated.Invalid<StickinessQuery>) parsed).violations();
    }
}
