package io.tally.domain.funnel;

import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.Group;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FunnelTest {

    /** Three days and a half in Berlin, from 22:00 UTC on 24 Oct (midnight local): the DST change falls on the 25th. */
    private static final TimeRange RANGE = new TimeRange(Instant.parse("2026-10-24T22:00:00Z"),
            Instant.parse("2026-10-28T11:00:00Z"));
    private static final FunnelQuery QUERY = new FunnelQuery("p", List.of(EventCriteria.of("a"), EventCriteria.of("b")),
            Duration.ofDays(1), RANGE, ZoneId.of("Europe/Berlin"), Optional.empty());

    private static FunnelCounts counts(Map<Group, List<FunnelCounts.StepCount>> groups) {
        return new FunnelCounts(groups);
    }

    @Test
    void a_trend_lists_every_interval_of_the_range_in_order_with_zeros_where_nobody_entered() {
        FunnelQuery query = QUERY.withTrend(Granularity.DAY);
        FunnelCounts overall = counts(Map.of(Group.NONE, List.of(FunnelCounts.StepCount.first(5),
                new FunnelCounts.StepCount(2, 1_000.0, 2_000L))));
        // the 25th lasts 25 hours in Berlin, so the days after it start at 23:00 UTC
        FunnelCounts byInterval = counts(Map.of(
                Group.of("2026-10-26T23:00:00Z"), List.of(FunnelCounts.StepCount.first(1), new FunnelCounts.StepCount(0, null, null)),
                Group.of("2026-10-24T22:00:00Z"), List.of(FunnelCounts.StepCount.first(4), new FunnelCounts.StepCount(3, 500.0, 1_500L))));

        Funnel funnel = Funnel.assemble(query, overall, counts(Map.of()), byInterval, counts(Map.of()));

        assertThat(funnel.trend()).extracting(Funnel.Interval::start).containsExactly(Instant.parse("2026-10-24T22:00:00Z"),
                Instant.parse("2026-10-25T23:00:00Z"), Instant.parse("2026-10-26T23:00:00Z"), Instant.parse("2026-10-27T23:00:00Z"));
        assertThat(funnel.trend()).extracting(Funnel.Interval::entered).containsExactly(4L, 0L, 1L, 0L);
        assertThat(funnel.trend()).extracting(Funnel.Interval::converted).containsExactly(3L, 0L, 0L, 0L);
        assertThat(funnel.trend()).extracting(Funnel.Interval::conversionRate).containsExactly(75.0, null, 0.0, null);
        assertThat(funnel.trend().getFirst().steps().get(1).medianSecondsToConvert()).isEqualTo(0.5);
        // the overall steps are the overall call's, not a sum of the intervals'
        assertThat(funnel.overall()).extracting(Funnel.Step::users).containsExactly(5L, 2L);
    }

    @Test
    void with_a_breakdown_each_value_has_its_own_trend_from_the_counts_by_interval_and_value() {
        FunnelQuery query = new FunnelQuery("p", QUERY.steps(), QUERY.window(), RANGE, QUERY.zone(),
                Optional.of(new Dimension.Property("country"))).withTrend(Granularity.DAY);
        FunnelCounts byValue = counts(Map.of(Group.of("DE"), List.of(FunnelCounts.StepCount.first(3), new FunnelCounts.StepCount(1, 60_000.0, 60_000L)),
                Group.of("FR"), List.of(FunnelCounts.StepCount.first(2), new FunnelCounts.StepCount(2, 1_000.0, 2_000L))));
        // DE: two entrants on the 24th (one converts), one on the 26th; FR: both on the 25th (a user may enter on two days)
        Map<Group, List<FunnelCounts.StepCount>> groups = new HashMap<>();
        groups.put(Group.of("2026-10-24T22:00:00Z", "DE"), List.of(FunnelCounts.StepCount.first(2), new FunnelCounts.StepCount(1, 60_000.0, 60_000L)));
        groups.put(Group.of("2026-10-26T23:00:00Z", "DE"), List.of(FunnelCounts.StepCount.first(1), new FunnelCounts.StepCount(0, null, null)));
        groups.put(Group.of("2026-10-25T23:00:00Z", "FR"), List.of(FunnelCounts.StepCount.first(2), new FunnelCounts.StepCount(2, 1_000.0, 2_000L)));

        Funnel funnel = Funnel.assemble(query, counts(Map.of()), byValue, counts(Map.of()), counts(groups));

        assertThat(funnel.breakdown()).extracting(Funnel.Breakdown::value).containsExactly("DE", "FR");
        assertThat(funnel.breakdown().get(0).trend()).extracting(Funnel.Interval::entered).containsExactly(2L, 0L, 1L, 0L);
        assertThat(funnel.breakdown().get(0).trend()).extracting(Funnel.Interval::conversionRate).containsExactly(50.0, null, 0.0, null);
        assertThat(funnel.breakdown().get(1).trend()).extracting(Funnel.Interval::converted).containsExactly(0L, 2L, 0L, 0L);
        // a value counted in one interval only (a user under "free" over the range, under "pro" on the 26th) has its row
        groups.put(Group.of("2026-10-26T23:00:00Z", "pro"), List.of(FunnelCounts.StepCount.first(1), new FunnelCounts.StepCount(0, null, null)));
        Funnel withPro = Funnel.assemble(query, counts(Map.of()), byValue, counts(Map.of()), counts(groups));
        assertThat(withPro.breakdown()).extracting(Funnel.Breakdown::value).containsExactly("DE", "FR", "pro");
        assertThat(withPro.breakdown().get(2).steps()).extracting(Funnel.Step::users).containsExactly(0L, 0L);
        assertThat(withPro.breakdown().get(2).trend()).extracting(Funnel.Interval::entered).containsExactly(0L, 0L, 1L, 0L);
        // without a trend, a value's trend is empty
        assertThat(Funnel.assemble(query.withoutTrend(), counts(Map.of()), byValue).breakdown()).allMatch(b -> b.trend().isEmpty());
    }

    @Test
    void a_breakdown_by_several_dimensions_has_a_row_per_combination_ordered_by_users_then_value_by_value() {
        FunnelQuery query = QUERY.withBreakdown(List.of(new Dimension.Property("country"), new Dimension.Property("plan")))
                .withTrend(Granularity.DAY);
        Map<Group, List<FunnelCounts.StepCount>> byValues = new HashMap<>();
        byValues.put(Group.of("DE", null), List.of(FunnelCounts.StepCount.first(2), new FunnelCounts.StepCount(1, 10.0, 10L)));
        byValues.put(Group.of(null, null), List.of(FunnelCounts.StepCount.first(2), new FunnelCounts.StepCount(0, null, null)));
        byValues.put(Group.of("DE", "pro"), List.of(FunnelCounts.StepCount.first(2), new FunnelCounts.StepCount(2, 5.0, 10L)));
        byValues.put(Group.of("FR", "free"), List.of(FunnelCounts.StepCount.first(3), new FunnelCounts.StepCount(1, 1.0, 1L)));
        Map<Group, List<FunnelCounts.StepCount>> byIntervalAndValues = new HashMap<>();
        byIntervalAndValues.put(Group.of("2026-10-25T23:00:00Z", "DE", "pro"), List.of(FunnelCounts.StepCount.first(2),
                new FunnelCounts.StepCount(2, 5.0, 10L)));

        Funnel funnel = Funnel.assemble(query, counts(Map.of()), counts(byValues), counts(Map.of()), counts(byIntervalAndValues));

        // most step-1 users first, then value by value, a missing value after every present one
        assertThat(funnel.breakdown()).extracting(Funnel.Breakdown::values).containsExactly(List.of("FR", "free"),
                List.of("DE", "pro"), Arrays.asList("DE", null), Arrays.asList(null, null));
        assertThat(funnel.breakdown().get(1).steps()).extracting(Funnel.Step::users).containsExactly(2L, 2L);
        assertThat(funnel.breakdown().get(1).trend()).extracting(Funnel.Interval::entered).containsExactly(0L, 2L, 0L, 0L);
        assertThat(funnel.breakdown().get(0).trend()).extracting(Funnel.Interval::entered).containsExactly(0L, 0L, 0L, 0L);
    }

    @Test
    void a_funnel_breaks_down_by_up_to_three_different_event_dimensions() {
        List<Dimension> three = List.of(new Dimension.Property("a"), new Dimension.Property("b"), new Dimension.EventType());
        assertThat(QUERY.withBreakdown(three).brokenDown()).isTrue();
        assertThatThrownBy(() -> QUERY.withBreakdown(List.of(new Dimension.Property("a"), new Dimension.Property("b"),
                new Dimension.Property("c"), new Dimension.Property("d")))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QUERY.withBreakdown(List.of(new Dimension.Property("a"), new Dimension.Property("a"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QUERY.withBreakdown(List.of(new Dimension.Property("a"), new Dimension.ExitPage())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(QUERY.withBreakdown(three).withoutBreakdown().brokenDown()).isFalse();
    }

    @Test
    void without_a_trend_there_is_no_interval() {
        Funnel funnel = Funnel.assemble(QUERY, counts(Map.of()), counts(Map.of()));
        assertThat(funnel.trend()).isEmpty();
    }

    @Test
    void a_trend_is_by_hours_days_weeks_or_months_and_no_more_than_ten_thousand_of_them() {
        assertThatThrownBy(() -> QUERY.withTrend(Granularity.MINUTE)).isInstanceOf(IllegalArgumentException.class);
        FunnelQuery years = new FunnelQuery("p", QUERY.steps(), QUERY.window(), new TimeRange(Instant.parse("2020-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:00Z")), ZoneId.of("UTC"), Optional.empty());
        assertThatThrownBy(() -> years.withTrend(Granularity.HOUR)).isInstanceOf(IllegalArgumentException.class);
        assertThat(years.withTrend(Granularity.DAY).trend()).contains(Granularity.DAY);
    }

    @Test
    void the_trend_and_the_step_order_are_part_of_the_cache_key() {
        assertThat(QUERY.withTrend(Granularity.DAY).cacheKey()).isNotEqualTo(QUERY.cacheKey())
                .isNotEqualTo(QUERY.withTrend(Granularity.WEEK).cacheKey());
        assertThat(QUERY.withTrend(Granularity.DAY).withoutTrend()).isEqualTo(QUERY);
        assertThat(QUERY.order()).isEqualTo(StepOrder.ORDERED);
        assertThat(QUERY.withOrder(StepOrder.STRICT).cacheKey()).isNotEqualTo(QUERY.cacheKey());
        // the calls QueryService splits a funnel into keep its order
        assertThat(QUERY.withOrder(StepOrder.STRICT).withTrend(Granularity.DAY).withoutBreakdown().withoutTimeToConvert().order())
                .isEqualTo(StepOrder.STRICT);
    }
    @Test
    void an_attribution_other_than_the_first_touch_needs_a_breakdown_and_a_step_of_the_funnel() {
        FunnelQuery byCountry = new FunnelQuery("p", QUERY.steps(), QUERY.window(), RANGE, ZoneId.of("UTC"),
                Optional.of(new Dimension.Property("country")));
        assertThat(byCountry.attribution()).isEqualTo(Attribution.FIRST_TOUCH);
        assertThatThrownBy(() -> QUERY.withAttribution(new Attribution.LastTouch())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> byCountry.withAttribution(new Attribution.AtStep(3))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Attribution.AtStep(0)).isInstanceOf(IllegalArgumentException.class);
        FunnelQuery last = byCountry.withAttribution(new Attribution.LastTouch());
        assertThat(last.cacheKey()).isNotEqualTo(byCountry.cacheKey())
                .isNotEqualTo(byCountry.withAttribution(new Attribution.AtStep(2)).cacheKey());
        // the overall counts QueryService asks beside the breakdown drop the attribution with it
        assertThat(last.withoutBreakdown().attribution()).isEqualTo(Attribution.FIRST_TOUCH);
        assertThat(last.withTrend(Granularity.DAY).withoutTimeToConvert().attribution()).isEqualTo(new Attribution.LastTouch());
    }

    @Test
    void the_attributed_step_of_an_attempt_follows_how_far_it_reaches() {
        assertThat(Attribution.FIRST_TOUCH.stepOf(3)).isEqualTo(1);
        assertThat(new Attribution.LastTouch().stepOf(1)).isEqualTo(1);
        assertThat(new Attribution.LastTouch().stepOf(3)).isEqualTo(3);
        assertThat(new Attribution.AtStep(2).stepOf(1)).isZero();
        assertThat(new Attribution.AtStep(2).stepOf(2)).isEqualTo(2);
        assertThat(new Attribution.AtStep(2).stepOf(4)).isEqualTo(2);
    }
}
