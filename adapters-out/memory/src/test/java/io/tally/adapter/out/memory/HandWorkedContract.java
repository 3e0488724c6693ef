package io.tally.adapter.out.memory;

import io.tally.application.port.out.AnalyticsEngine;
import io.tally.domain.event.Event;
import io.tally.domain.funnel.Attribution;
import io.tally.domain.funnel.ConversionTimes;
import io.tally.domain.funnel.FunnelCounting;
import io.tally.domain.funnel.FunnelCounts;
import io.tally.domain.funnel.FunnelExclusion;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.funnel.StepOrder;
import io.tally.domain.funnel.TimeToConvert;
import io.tally.domain.goal.Goal;
import io.tally.domain.lifecycle.LifecycleCounts;
import io.tally.domain.lifecycle.LifecycleQuery;
import io.tally.domain.path.PathCounts;
import io.tally.domain.path.PathDirection;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.query.Group;
import io.tally.domain.query.Metric;
import io.tally.domain.query.ResolvedCohort;
import io.tally.domain.retention.CohortMode;
import io.tally.domain.retention.RetentionCounts;
import io.tally.domain.retention.RetentionMatrix;
import io.tally.domain.retention.RetentionPeriod;
import io.tally.domain.retention.RetentionQuery;
import io.tally.domain.stickiness.StickinessCounts;
import io.tally.domain.stickiness.StickinessQuery;
import io.tally.domain.time.DateRange;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-worked half of the {@link AnalyticsEngine} contract: cases whose numbers are written in the test or
 * counted by plain string tests beside their data (funnel window edges, retention across a DST change, numbers and
 * revenue at their edges, hostile values, patterns), on {@link #events()}. The reference engine runs this half alone
 * (agreeing with itself would prove nothing); {@link AnalyticsEngineContract} adds the agreement cases.
 */
public abstract class HandWorkedContract {

    /**
     * 1 to run every parameterized case; n to run one case in n (chosen by the hash of the case's text), for the suites
     * whose subject is not the query but the transport, a migration or the id hashes, which need a sample of the cases.
     */
    protected int caseSample() {
        return 1;
    }

    /** Skips a parameterized case this suite leaves out of its sample ({@link #caseSample}). */
    protected final void sampled(Object parameter) {
        int every = caseSample();
        Assumptions.assumeTrue(every == 1 || Math.floorMod(String.valueOf(parameter).hashCode(), every) == 0,
                "one case in " + every + " on this suite");
    }

    private static List<Event> events;

    /** The shared data set (the agreement events and the hand-worked ones), generated once per test JVM. */
    protected static synchronized List<Event> events() {
        if (events == null) {
            List<Event> all = new ArrayList<>(AgreementCases.events());
            all.addAll(HandWorked.events());
            all.addAll(HostileValues.events());
            all.addAll(RevenueEdges.events());
            all.addAll(NumberEdges.events());
            all.addAll(PatternCases.events());
            all.addAll(TotalsCases.events());
            all.addAll(ExitPages.events());
            all.addAll(VisitOrigins.events());
            all.addAll(StickyDays.events());
            all.addAll(SameInstants.events());
            all.addAll(AnyOrder.events());
            events = List.copyOf(all);
        }
        return events;
    }

    /** The engine under test, holding {@link #events()}. */
    protected abstract AnalyticsEngine engine();

    /** Equal maps, with a failure that shows the differing entries only (reports can hold thousands of rows). */
    static <K, V> void assertSameEntries(Map<K, V> actual, Map<K, V> expected) {
        List<String> differences = new ArrayList<>();
        expected.forEach((key, value) -> {
            if (!value.equals(actual.get(key))) {
                differences.add(key + ": expected " + value + " but was " + actual.get(key));
            }
        });
        actual.keySet().stream().filter(key -> !expected.containsKey(key))
                .forEach(key -> differences.add(key + ": not expected, was " + actual.get(key)));
        assertThat(differences).as("rows differing from the reference").isEmpty();
    }

    // ---- hand-worked: numbers below are worked out by hand from HandWorked.events(), not by any engine ----

    private static final TimeRange HAND_RANGE = new TimeRange(HandWorked.T0.minus(Duration.ofDays(1)),
            HandWorked.T0.plus(Duration.ofDays(30)));

    private FunnelQuery handFunnel(TimeRange range, String... steps) {
        return new FunnelQuery(HandWorked.PROJECT, Arrays.stream(steps).map(EventCriteria::of).toList(),
                Duration.ofDays(14), range, ZoneId.of("UTC"), Optional.empty());
    }

    @Test
    void a_broken_down_funnel_nobody_enters_has_no_row_by_value_nor_over_every_value() {
        // nobody sends either step's event: in every step order, with and without a trend, no group at all
        FunnelQuery nobody = handFunnel(HAND_RANGE, "never_sent", "never_either").withBreakdown(List.of(new Dimension.Property("country")));
        for (FunnelQuery query : List.of(nobody, nobody.withTrend(Granularity.DAY), nobody.withOrder(StepOrder.STRICT),
                nobody.withOrder(StepOrder.UNORDERED))) {
            FunnelCounts counts = engine().funnel(query);
            assertThat(counts.byGroup()).as(query.order() + " " + query.trend()).isEmpty();
            assertThat(counts.overall()).as(query.order() + " " + query.trend()).isEmpty();
        }
    }

    @Test
    void funnel_window_edges_order_and_attempts() {
        // u1 at the 14-day edge (inclusive), u3 after ignoring an earlier fb, u4 at one instant (fa the earlier step),
        // u6 by its second attempt; u2 is a millisecond late and u5 never does fb.
        List<FunnelCounts.StepCount> steps = engine().funnel(handFunnel(HAND_RANGE, "fa", "fb")).byGroup().get(Group.NONE);
        assertThat(steps.get(0).users()).isEqualTo(6);
        assertThat(steps.get(1).users()).isEqualTo(4);
        // times: 0 (u4), 1 000 (u3), 86 400 000 (u6), 1 209 600 000 (u1): the mean of the middle two
        assertThat(steps.get(1).medianMillisFromPrevious()).isEqualTo(43_200_500.0);
        assertThat(steps.get(1).totalMillisFromPrevious()).isEqualTo(1_296_001_000L);
        assertThat(steps.get(1).meanMillisFromPrevious()).isEqualTo(324_000_250.0);
    }

    @Test
    void counting_conversions_counts_every_attempt() {
        // the attempts: u1, u2, u3, u4 one each, u5 two (neither converts), u6 two (the second converts): 8, of which
        // the same four convert as by users, with the same times
        List<FunnelCounts.StepCount> steps = engine().funnel(handFunnel(HAND_RANGE, "fa", "fb")
                .withCounting(FunnelCounting.CONVERSIONS)).byGroup().get(Group.NONE);
        assertThat(steps).extracting(FunnelCounts.StepCount::users).containsExactly(8L, 4L);
        assertThat(steps.get(1).medianMillisFromPrevious()).isEqualTo(43_200_500.0);
        assertThat(steps.get(1).totalMillisFromPrevious()).isEqualTo(1_296_001_000L);
    }

    @Test
    void counting_conversions_groups_each_attempt_by_its_own_first_event() {
        // attempts (k of their ga, reach): v1 (x, 3), v2 (y, 3), v3-1 (x, 1: gb too late), v3-2 (y, 3), v4-1 (x, 3),
        // v4-2 (y, 3), v5 (y, 1), v7-1 (x, 2), v7-2 (y, 2): v4's and v7's later events complete two attempts each
        FunnelQuery query = threeSteps(new Dimension.Property("k"), "ga", "gb", "gb").withCounting(FunnelCounting.CONVERSIONS);
        Map<Group, List<FunnelCounts.StepCount>> groups = engine().funnel(query).byGroup();
        assertThat(groups).containsOnlyKeys(Group.of("x"), Group.of("y"));
        assertThat(users(groups.get(Group.of("x")))).containsExactly(4L, 3L, 2L);
        assertThat(users(groups.get(Group.of("y")))).containsExactly(5L, 4L, 3L);
        // over all attempts, step 2: {0 v1, 0 v2, 1 860 000 v3-2, 2 000 v4-1, 1 000 v4-2, 0 v7-1, 0 v7-2};
        // step 3: {0 v1, 10 000 v2, 60 000 v3-2, 1 000 v4-1, 1 000 v4-2}
        List<FunnelCounts.StepCount> all = engine().funnel(query.withoutBreakdown()).byGroup().get(Group.NONE);
        assertThat(users(all)).containsExactly(9L, 7L, 5L);
        assertThat(medians(all)).containsExactly(null, 0.0, 1_000.0);
        assertThat(totals(all)).containsExactly(null, 1_863_000L, 72_000L);
    }

    @Test
    void one_event_never_fills_two_steps() {
        // only u5 has two fa (at one instant); u6's two fa are 20 days apart, outside the window
        List<FunnelCounts.StepCount> steps = engine().funnel(handFunnel(HAND_RANGE, "fa", "fa")).byGroup().get(Group.NONE);
        assertThat(steps).extracting(FunnelCounts.StepCount::users).containsExactly(6L, 1L);
        assertThat(steps.get(1).medianMillisFromPrevious()).isEqualTo(0.0);
    }

    @Test
    void funnel_steps_count_only_events_inside_the_range() {
        // ending at T0 + 14 days drops u1's fb (at the edge) and u6's second attempt
        TimeRange shorter = new TimeRange(HAND_RANGE.from(), HandWorked.T0.plus(Duration.ofDays(14)));
        List<FunnelCounts.StepCount> steps = engine().funnel(handFunnel(shorter, "fa", "fb")).byGroup().get(Group.NONE);
        assertThat(steps).extracting(FunnelCounts.StepCount::users).containsExactly(6L, 2L);
    }

    @Test
    void a_trend_counts_each_user_in_every_interval_they_entered_in() {
        // fa, fb by UTC day: on 7 Sep u1 to u6 enter; u1 (fb 14 days later, at the edge), u3 (1 s) and u4 (0) convert
        // in their entry day's row; u6's first attempt is too slow. On 27 Sep u6 enters again and converts in a day.
        Map<Group, List<FunnelCounts.StepCount>> days = engine().funnel(handFunnel(HAND_RANGE, "fa", "fb")
                .withTrend(Granularity.DAY)).byGroup();
        assertThat(days).containsOnlyKeys(Group.of("2026-09-07T00:00:00Z"), Group.of("2026-09-27T00:00:00Z"));
        assertThat(users(days.get(Group.of("2026-09-07T00:00:00Z")))).containsExactly(6L, 3L);
        assertThat(medians(days.get(Group.of("2026-09-07T00:00:00Z")))).containsExactly(null, 1_000.0);
        assertThat(totals(days.get(Group.of("2026-09-07T00:00:00Z")))).containsExactly(null, 1_209_601_000L);
        assertThat(users(days.get(Group.of("2026-09-27T00:00:00Z")))).containsExactly(1L, 1L);
        assertThat(totals(days.get(Group.of("2026-09-27T00:00:00Z")))).containsExactly(null, 86_400_000L);
        // in Los Angeles the first day starts at 07:00 UTC; with a breakdown its value follows the interval's
        Map<Group, List<FunnelCounts.StepCount>> local = engine().funnel(new FunnelQuery(HandWorked.PROJECT,
                List.of(EventCriteria.of("fa"), EventCriteria.of("fb")), Duration.ofDays(14), HAND_RANGE,
                ZoneId.of("America/Los_Angeles"), Optional.of(new Dimension.Property("k"))).withTrend(Granularity.DAY)).byGroup();
        assertThat(local).containsOnlyKeys(Group.of("2026-09-07T07:00:00Z", "v"), Group.of("2026-09-27T07:00:00Z", "v"));
        assertThat(users(local.get(Group.of("2026-09-07T07:00:00Z", "v")))).containsExactly(6L, 3L);
    }

    @Test
    void strict_steps_take_the_very_next_event_whatever_its_type() {
        // sa, sb in an hour: w1's sx between breaks it (1); w2 (5 s); w3's sa, sb, sx at one instant are taken in that
        // order (0); w4's first attempt is broken by sx, its second converts (1 s)
        FunnelQuery ordered = threeSteps(null, "sa", "sb");
        List<FunnelCounts.StepCount> strict = engine().funnel(ordered.withOrder(StepOrder.STRICT)).byGroup().get(Group.NONE);
        assertThat(users(strict)).containsExactly(4L, 3L);
        assertThat(medians(strict)).containsExactly(null, 1_000.0);                            // {0, 1 000, 5 000}
        assertThat(totals(strict)).containsExactly(null, 6_000L);
        // ordered, w1 converts (2 s) and w4 by its first attempt (3 s)
        List<FunnelCounts.StepCount> loose = engine().funnel(ordered).byGroup().get(Group.NONE);
        assertThat(users(loose)).containsExactly(4L, 4L);
        assertThat(totals(loose)).containsExactly(null, 10_000L);
    }

    @Test
    void an_exclusion_drops_the_attempts_it_falls_inside_of() {
        // sa, sb in an hour without sx between: w1's one attempt is dropped, so w1 is not in the funnel at all; w2 (5 s);
        // w3's sx at the instant of its steps drops nothing (0); w4's first attempt is dropped, its second counts (1 s)
        FunnelQuery excluding = threeSteps(null, "sa", "sb").withExclusions(List.of(new FunnelExclusion(EventCriteria.of("sx"), 1, 2)));
        List<FunnelCounts.StepCount> steps = engine().funnel(excluding).byGroup().get(Group.NONE);
        assertThat(users(steps)).containsExactly(3L, 3L);
        assertThat(medians(steps)).containsExactly(null, 1_000.0);                             // {0, 1 000, 5 000}
        assertThat(totals(steps)).containsExactly(null, 6_000L);
        // strict attempts that sx breaks never reach step 2, so nothing is dropped: w1 stays at step 1
        List<FunnelCounts.StepCount> strict = engine().funnel(excluding.withOrder(StepOrder.STRICT)).byGroup().get(Group.NONE);
        assertThat(users(strict)).containsExactly(4L, 3L);
    }

    @Test
    void a_strict_histogram_and_trend_count_the_strict_attempts() {
        // the strict times above, 0, 1 000 and 5 000 ms, in two bins of (5 000 + 2) / 2 = 2 501 ms
        FunnelQuery strict = threeSteps(null, "sa", "sb").withOrder(StepOrder.STRICT);
        ConversionTimes times = engine().funnel(strict.withTimeToConvert(new TimeToConvert(1, 2, 2))).timeToConvert().orElseThrow();
        assertThat(times.usersPerBin()).containsExactly(2L, 1L);
        assertThat(times.widthMillis()).isEqualTo(2_501);
        // all in one UTC day, 10 Sep
        assertThat(engine().funnel(strict.withTrend(Granularity.DAY)).byGroup())
                .containsOnlyKeys(Group.of("2026-09-10T00:00:00Z"));
    }

    private FunnelQuery threeSteps(Dimension breakdown, String... steps) {
        return new FunnelQuery(HandWorked.PROJECT, Arrays.stream(steps).map(EventCriteria::of).toList(),
                Duration.ofHours(1), HAND_RANGE, ZoneId.of("UTC"), Optional.ofNullable(breakdown));
    }

    private static List<Long> users(List<FunnelCounts.StepCount> steps) {
        return steps.stream().map(FunnelCounts.StepCount::users).toList();
    }

    private static List<Double> medians(List<FunnelCounts.StepCount> steps) {
        return steps.stream().map(FunnelCounts.StepCount::medianMillisFromPrevious).toList();
    }

    private static List<Long> totals(List<FunnelCounts.StepCount> steps) {
        return steps.stream().map(FunnelCounts.StepCount::totalMillisFromPrevious).toList();
    }

    @Test
    void a_repeated_later_step_takes_the_next_event_in_funnel_order() {
        // ga, gb, gb: v1 at one instant (3, times 0 and 0), v2's earlier-id gb at its ga's instant still follows it
        // (3, 0 and 10 s), v3 by its second attempt (3, 31 min and 1 min), v4 by its first (3, 2 s and 1 s), v5 (1),
        // v7 (2, 0)
        List<FunnelCounts.StepCount> steps = engine().funnel(threeSteps(null, "ga", "gb", "gb")).byGroup().get(Group.NONE);
        assertThat(users(steps)).containsExactly(6L, 5L, 4L);
        // step 2: 0, 0, 0, 2 000, 1 860 000; step 3: 0, 1 000, 10 000, 60 000
        assertThat(medians(steps)).containsExactly(null, 0.0, 5_500.0);
        assertThat(totals(steps)).containsExactly(null, 1_862_000L, 71_000L);
        assertThat(steps.get(2).meanMillisFromPrevious()).isEqualTo(17_750.0);
    }

    @Test
    void at_one_instant_a_later_step_follows_the_step_before_it_whatever_the_ids() {
        // ga then gb: v2's gb sorts before its ga by id, at the same instant; it converts (0), as v1, v7 (0) and
        // v4 (2 s); v3's gb comes 61 min after its first ga but 31 min after its second; v5 has no gb
        List<FunnelCounts.StepCount> steps = engine().funnel(threeSteps(null, "ga", "gb")).byGroup().get(Group.NONE);
        assertThat(users(steps)).containsExactly(6L, 5L);
        assertThat(medians(steps)).containsExactly(null, 0.0);
        assertThat(totals(steps)).containsExactly(null, 1_862_000L);
    }

    @Test
    void at_one_instant_an_event_of_an_earlier_step_counts_as_that_step() {
        // ga, gb, ga (a loop): v7's ga, ga, gb at one instant are taken as ga, ga, gb, so no ga follows its gb (2);
        // v1 (2), v2 (2), v4: gb at 2 s, no ga after it (2); v3's gb at 61 min is 31 min after its second ga (2)
        List<FunnelCounts.StepCount> steps = engine().funnel(threeSteps(null, "ga", "gb", "ga")).byGroup().get(Group.NONE);
        assertThat(users(steps)).containsExactly(6L, 5L, 0L);
        assertThat(medians(steps)).containsExactly(null, 0.0, null);
        assertThat(totals(steps)).containsExactly(null, 1_862_000L, null);
    }

    private ConversionTimes histogram(Dimension breakdown, TimeToConvert span, String... steps) {
        return engine().funnel(threeSteps(breakdown, steps).withTimeToConvert(span)).timeToConvert().orElseThrow();
    }

    @Test
    void the_time_to_convert_histogram_bins_the_counted_attempts_times() {
        // ga, gb, gb from step 1 to 3: v1 0, v2 10 000, v4 3 000 (its first attempt), v3 1 920 000 (its second);
        // width (1 920 000 + 4) / 4 = 480 001: three in bin 0, v3 in bin 3
        ConversionTimes times = histogram(null, new TimeToConvert(1, 3, 4), "ga", "gb", "gb");
        assertThat(times.users()).isEqualTo(4);
        assertThat(times.shortestMillis()).isZero();
        assertThat(times.widthMillis()).isEqualTo(480_001);
        assertThat(times.usersPerBin()).containsExactly(3L, 0L, 0L, 1L);
        assertThat(times.totalMillis()).isEqualTo(1_933_000);
        // the same with a breakdown: the histogram spans every group
        assertThat(histogram(new Dimension.Property("k"), new TimeToConvert(1, 3, 4), "ga", "gb", "gb")).isEqualTo(times);
    }

    @Test
    void a_histogram_may_span_later_steps_only() {
        // from step 2 to 3: v1 0, v2 10 000, v4 1 000, v3 60 000; width (60 000 + 2) / 2 = 30 001
        ConversionTimes times = histogram(null, new TimeToConvert(2, 3, 2), "ga", "gb", "gb");
        assertThat(times.usersPerBin()).containsExactly(3L, 1L);
        assertThat(times.shortestMillis()).isZero();
        assertThat(times.widthMillis()).isEqualTo(30_001);
        assertThat(times.totalMillis()).isEqualTo(71_000);
    }

    @Test
    void a_histogram_nobody_reaches_the_end_of_is_empty() {
        ConversionTimes times = histogram(null, new TimeToConvert(1, 3, 5), "ga", "gb", "ga");
        assertThat(times).isEqualTo(ConversionTimes.none(new TimeToConvert(1, 3, 5)));
    }

    @Test
    void a_funnel_breaks_down_by_the_best_attempts_first_event() {
        // x: v1 (3), v4 (3, its first attempt among equals), v7 (2, its first ga); y: v2 (3), v3 (3, its second ga), v5 (1)
        Map<Group, List<FunnelCounts.StepCount>> groups = engine().funnel(threeSteps(new Dimension.Property("k"), "ga", "gb", "gb")).byGroup();
        assertThat(groups).containsOnlyKeys(Group.of("x"), Group.of("y"));
        assertThat(users(groups.get(Group.of("x")))).containsExactly(3L, 3L, 2L);
        assertThat(medians(groups.get(Group.of("x")))).containsExactly(null, 0.0, 500.0);       // {0, 0, 2 000}; {0, 1 000}
        assertThat(totals(groups.get(Group.of("x")))).containsExactly(null, 2_000L, 1_000L);
        assertThat(users(groups.get(Group.of("y")))).containsExactly(3L, 2L, 2L);
        assertThat(medians(groups.get(Group.of("y")))).containsExactly(null, 930_000.0, 35_000.0); // {0, 1 860 000}; {10 000, 60 000}
        assertThat(totals(groups.get(Group.of("y")))).containsExactly(null, 1_860_000L, 70_000L);
    }

    @Test
    void a_last_touch_attribution_takes_the_value_of_the_counted_attempts_furthest_step() {
        // the same counted attempts as by first touch; their furthest steps' k: v1 x (v1-3), v2 x (v2-3), v3 x (v3-4),
        // v4 x (v4-4), v7 x (v7-3, step 2); v5 reaches step 1 alone, its ga's y
        Map<Group, List<FunnelCounts.StepCount>> groups = engine().funnel(threeSteps(new Dimension.Property("k"), "ga", "gb", "gb")
                .withAttribution(new Attribution.LastTouch())).byGroup();
        assertThat(groups).containsOnlyKeys(Group.of("x"), Group.of("y"));
        assertThat(users(groups.get(Group.of("x")))).containsExactly(5L, 5L, 4L);
        // step 2: {0 (v1), 0 (v2), 1 860 000 (v3), 2 000 (v4), 0 (v7)}; step 3: {0 (v1), 10 000 (v2), 60 000 (v3), 1 000 (v4)}
        assertThat(medians(groups.get(Group.of("x")))).containsExactly(null, 0.0, 5_500.0);
        assertThat(totals(groups.get(Group.of("x")))).containsExactly(null, 1_862_000L, 71_000L);
        assertThat(users(groups.get(Group.of("y")))).containsExactly(1L, 0L, 0L);
    }

    @Test
    void a_step_attribution_leaves_attempts_short_of_its_step_without_a_value() {
        // step 3's k: v1 x, v2 x, v3 x, v4 x; v7 stops at step 2 (0 ms) and v5 at step 1: no value
        Map<Group, List<FunnelCounts.StepCount>> groups = engine().funnel(threeSteps(new Dimension.Property("k"), "ga", "gb", "gb")
                .withAttribution(new Attribution.AtStep(3))).byGroup();
        Group none = Group.of((String) null);
        assertThat(groups).containsOnlyKeys(Group.of("x"), none);
        assertThat(users(groups.get(Group.of("x")))).containsExactly(4L, 4L, 4L);
        assertThat(totals(groups.get(Group.of("x")))).containsExactly(null, 1_862_000L, 71_000L);
        assertThat(users(groups.get(none))).containsExactly(2L, 1L, 0L);
        assertThat(medians(groups.get(none))).containsExactly(null, 0.0, null);
    }

    @Test
    void a_breakdown_by_several_dimensions_groups_by_their_values_together() {
        // as by step 3's k alone, with step 3's type beside it: v1–v4 (x, gb); v7 and v5 short of step 3 have neither
        Map<Group, List<FunnelCounts.StepCount>> groups = engine().funnel(threeSteps(null, "ga", "gb", "gb")
                .withBreakdown(List.of(new Dimension.Property("k"), new Dimension.EventType()))
                .withAttribution(new Attribution.AtStep(3))).byGroup();
        Group none = Group.of(null, null);
        assertThat(groups).containsOnlyKeys(Group.of("x", "gb"), none);
        assertThat(users(groups.get(Group.of("x", "gb")))).containsExactly(4L, 4L, 4L);
        assertThat(totals(groups.get(Group.of("x", "gb")))).containsExactly(null, 1_862_000L, 71_000L);
        assertThat(users(groups.get(none))).containsExactly(2L, 1L, 0L);
    }

    private FunnelQuery anyOrder(Dimension breakdown) {
        return new FunnelQuery(AnyOrder.PROJECT, List.of(EventCriteria.of("ua"), EventCriteria.of("ub"), EventCriteria.of("uc")),
                Duration.ofHours(1), new TimeRange(AnyOrder.T0, AnyOrder.T0.plus(Duration.ofHours(3))), ZoneId.of("UTC"),
                Optional.ofNullable(breakdown)).withOrder(StepOrder.UNORDERED);
    }

    @Test
    void an_unordered_funnel_counts_the_steps_done_in_any_order_within_the_window() {
        // r: w1 3, w2 2, w3 1, w4 3, w5 2, w6 2, w7 1; step 2 times {10, 30, 0, 60, 20} min, step 3 {10, 0} min (AnyOrder)
        List<FunnelCounts.StepCount> steps = engine().funnel(anyOrder(null)).byGroup().get(Group.NONE);
        assertThat(users(steps)).containsExactly(7L, 5L, 2L);
        assertThat(medians(steps)).containsExactly(null, 1_200_000.0, 300_000.0);
        assertThat(totals(steps)).containsExactly(null, 7_200_000L, 600_000L);
    }

    @Test
    void an_unordered_funnel_breaks_down_by_its_counted_attempts_first_event() {
        // x: w1, w3, w4 (ua, the first step, first at its instant, not uc's y), w5; y: w2 (uc), w6 (the first ub);
        // none: w7 (its first ua)
        Map<Group, List<FunnelCounts.StepCount>> groups = engine().funnel(anyOrder(new Dimension.Property("k"))).byGroup();
        assertThat(groups).containsOnlyKeys(Group.of("x"), Group.of("y"), Group.of((String) null));
        assertThat(users(groups.get(Group.of((String) null)))).containsExactly(1L, 0L, 0L);
        assertThat(users(groups.get(Group.of("x")))).containsExactly(4L, 3L, 2L);
        assertThat(totals(groups.get(Group.of("x")))).containsExactly(null, 4_200_000L, 600_000L); // 10, 0, 60 min
        assertThat(users(groups.get(Group.of("y")))).containsExactly(2L, 2L, 0L);
        assertThat(medians(groups.get(Group.of("y")))).containsExactly(null, 1_500_000.0, null); // 30 and 20 min
    }

    @Test
    void a_user_reaching_step_one_alone_is_grouped_by_their_first_step_one_event_even_without_a_value() {
        // in order: x w1 (1), w2 (2), w3 (1), w4 (3), w5 (2), w6 (1); w7's first ua has no k (AnyOrder)
        Map<Group, List<FunnelCounts.StepCount>> groups = engine().funnel(anyOrder(new Dimension.Property("k"))
                .withOrder(StepOrder.ORDERED)).byGroup();
        assertThat(groups).containsOnlyKeys(Group.of("x"), Group.of((String) null));
        assertThat(users(groups.get(Group.of("x")))).containsExactly(6L, 3L, 1L);
        assertThat(users(groups.get(Group.of((String) null)))).containsExactly(1L, 0L, 0L);
        // the same for a last touch: w7's attempt stops at step 1, whose event has no k
        assertThat(engine().funnel(anyOrder(new Dimension.Property("k")).withOrder(StepOrder.ORDERED)
                .withAttribution(new Attribution.LastTouch())).byGroup().get(Group.of((String) null)))
                .extracting(FunnelCounts.StepCount::users).containsExactly(1L, 0L, 0L);
    }

    @Test
    void an_unordered_histogram_spans_the_times_between_the_steps_done() {
        // from the first step done to the third: w1 20 min, w4 0
        ConversionTimes times = engine().funnel(anyOrder(null).withTimeToConvert(new TimeToConvert(1, 3, 2))).timeToConvert()
                .orElseThrow();
        assertThat(times.users()).isEqualTo(2);
        assertThat(times.usersPerBin()).containsExactly(1L, 1L);
    }

    @Test
    void a_step_one_event_may_be_the_step_two_event_of_an_earlier_attempt() {
        // ga, ga, gb: v3's second ga is its first attempt's step 2 (30 min), whose gb comes 61 min after it starts (2);
        // v4 reaches 3 (1 s, 1 s), v7 at one instant (0, 0); v1, v2 and v5 have one ga
        List<FunnelCounts.StepCount> steps = engine().funnel(threeSteps(null, "ga", "ga", "gb")).byGroup().get(Group.NONE);
        assertThat(users(steps)).containsExactly(6L, 3L, 2L);
        assertThat(medians(steps)).containsExactly(null, 1_000.0, 500.0);                       // {0, 1 000, 1 800 000}; {0, 1 000}
        assertThat(totals(steps)).containsExactly(null, 1_801_000L, 1_000L);
    }

    private RetentionMatrix handRetention(DayOfWeek weekStart, CohortMode mode) {
        RetentionQuery query = new RetentionQuery(HandWorked.PROJECT, EventCriteria.of("rs"), EventCriteria.of("rr"),
                RetentionPeriod.WEEK, weekStart, mode, 3,
                new DateRange.Dates(LocalDate.parse("2026-10-26"), LocalDate.parse("2026-11-22"))
                        .resolve(Instant.EPOCH, ZoneId.of("America/New_York")),
                ZoneId.of("America/New_York"), Optional.empty());
        return RetentionMatrix.assemble(query, engine().retention(query));
    }

    // ---- stickiness: StickyDays, worked out by hand ----

    private StickinessCounts sticky(EventCriteria event, Granularity interval, String zone) {
        return engine().stickiness(new StickinessQuery(StickyDays.PROJECT, event, interval, StickyDays.RANGE, ZoneId.of(zone)));
    }

    @Test
    void stickiness_counts_each_user_s_distinct_days_inside_the_range() {
        // UTC days of page views: sa 27 and 29 (two on the 27th); sb 28; sc 27 to 30; se 28 (its 26th is outside)
        assertThat(sticky(EventCriteria.of("page_view"), Granularity.DAY, "UTC").usersByIntervals())
                .isEqualTo(Map.of(1, 2L, 2, 1L, 4, 1L));
    }

    @Test
    void stickiness_cuts_days_in_the_zone_s_calendar() {
        // Berlin: sa's 23:30 is the 28th there, so sa has three days; sc's 01:00 on the 29th is 03:00 summer time, still the 29th
        assertThat(sticky(EventCriteria.of("page_view"), Granularity.DAY, "Europe/Berlin").usersByIntervals())
                .isEqualTo(Map.of(1, 2L, 3, 1L, 4, 1L));
    }

    @Test
    void stickiness_of_any_event_counts_every_type_and_weeks_start_on_monday() {
        // any event: sd's sign-up makes one day, sb's sign-up a second day
        assertThat(sticky(EventCriteria.anyEvent(), Granularity.DAY, "UTC").usersByIntervals())
                .isEqualTo(Map.of(1, 2L, 2, 2L, 4, 1L));
        // weeks from Monday 23 and 30 March: only sc has a page view in both
        assertThat(sticky(EventCriteria.of("page_view"), Granularity.WEEK, "UTC").usersByIntervals())
                .isEqualTo(Map.of(1, 3L, 2, 1L));
    }

    // ---- lifecycle: StickyDays again, worked out by hand (stages as new, returning, resurrecting, dormant) ----

    private Map<Instant, LifecycleCounts.Stages> lifecycle(EventCriteria event, Granularity interval, String zone) {
        return engine().lifecycle(new LifecycleQuery(StickyDays.PROJECT, event, interval, StickyDays.RANGE, ZoneId.of(zone)))
                .byInterval();
    }

    private static Map<Instant, LifecycleCounts.Stages> stages(String firstDay, long[]... rows) {
        Map<Instant, LifecycleCounts.Stages> stages = new HashMap<>();
        for (int i = 0; i < rows.length; i++) {
            stages.put(Instant.parse(firstDay).plus(Duration.ofDays(i)),
                    new LifecycleCounts.Stages(rows[i][0], rows[i][1], rows[i][2], rows[i][3]));
        }
        return stages;
    }

    @Test
    void lifecycle_days_new_returning_resurrecting_and_dormant() {
        // page views by UTC day: sa 27, 29; sb 28; sc 27 to 30; se 26 (the day before the range), 28
        assertThat(lifecycle(EventCriteria.of("page_view"), Granularity.DAY, "UTC")).isEqualTo(stages("2026-03-27T00:00:00Z",
                new long[] {2, 0, 0, 1},    // 27: sa and sc new; se (26) dormant
                new long[] {1, 1, 1, 1},    // 28: sb new, sc returning, se resurrecting, sa dormant
                new long[] {0, 1, 1, 2},    // 29: sc returning, sa resurrecting, sb and se dormant
                new long[] {0, 1, 0, 1}));  // 30: sc returning, sa dormant
        // any event adds sd's sign-up on the 27th and sb's on the 29th
        assertThat(lifecycle(EventCriteria.anyEvent(), Granularity.DAY, "UTC")).isEqualTo(stages("2026-03-27T00:00:00Z",
                new long[] {3, 0, 0, 1}, new long[] {1, 1, 1, 2}, new long[] {0, 2, 1, 1}, new long[] {0, 1, 0, 2}));
    }

    @Test
    void lifecycle_intervals_count_whole_in_the_zone_s_calendar() {
        // Berlin: the range is 27 March 01:00 to 31 March 02:00 local, five local days counted whole: se's page view at
        // 26 23:00 UTC is 27 00:00 local, so se is new on the 27th; sa's 23:30 is the 28th, so sa returns on the 28th
        Map<Instant, LifecycleCounts.Stages> berlin = new HashMap<>();
        String[] days = {"2026-03-26T23:00:00Z", "2026-03-27T23:00:00Z", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z",
                "2026-03-30T22:00:00Z"};
        long[][] rows = {{3, 0, 0, 0}, {1, 3, 0, 0}, {0, 2, 0, 2}, {0, 1, 0, 1}, {0, 0, 0, 1}};
        for (int i = 0; i < days.length; i++) {
            berlin.put(Instant.parse(days[i]), new LifecycleCounts.Stages(rows[i][0], rows[i][1], rows[i][2], rows[i][3]));
        }
        assertThat(lifecycle(EventCriteria.of("page_view"), Granularity.DAY, "Europe/Berlin")).isEqualTo(berlin);
        // weeks from Monday 23 and 30 March: everyone is new in the first; only sc comes back
        assertThat(lifecycle(EventCriteria.of("page_view"), Granularity.WEEK, "UTC")).isEqualTo(Map.of(
                Instant.parse("2026-03-23T00:00:00Z"), new LifecycleCounts.Stages(4, 0, 0, 0),
                Instant.parse("2026-03-30T00:00:00Z"), new LifecycleCounts.Stages(0, 1, 0, 3)));
    }

    private static Map<String, List<Long>> cells(RetentionMatrix matrix) {
        Map<String, List<Long>> cells = new LinkedHashMap<>();
        matrix.rows().forEach(row -> cells.put(row.cohortStart().toString(), row.counts()));
        return cells;
    }

    @Test
    void retention_weeks_from_monday_first_time() {
        // r1 starts Sunday 1 Nov late evening (week of 26 Oct) and returns just after midnight: period 1.
        // r2 starts 3 Nov and returns two weeks later; r3 started before the range, so joins no cohort.
        // Cells whose period starts after 22 Nov are absent.
        assertThat(cells(handRetention(DayOfWeek.MONDAY, CohortMode.FIRST_TIME))).containsExactly(
                Map.entry("2026-10-26", List.of(1L, 1L, 0L, 0L)),
                Map.entry("2026-11-02", List.of(1L, 0L, 1L)),
                Map.entry("2026-11-09", List.of(0L, 0L)),
                Map.entry("2026-11-16", List.of(0L)));
    }

    @Test
    void retention_recurring_counts_every_start_period() {
        assertThat(cells(handRetention(DayOfWeek.MONDAY, CohortMode.RECURRING)).get("2026-11-02"))
                .containsExactly(2L, 0L, 1L);
    }

    @Test
    void retention_weeks_from_sunday_keep_a_same_week_return_in_period_zero() {
        assertThat(cells(handRetention(DayOfWeek.SUNDAY, CohortMode.FIRST_TIME))).containsExactly(
                Map.entry("2026-10-25", List.of(0L, 0L, 0L, 0L)),
                Map.entry("2026-11-01", List.of(2L, 0L, 1L, 0L)),
                Map.entry("2026-11-08", List.of(0L, 0L, 0L)),
                Map.entry("2026-11-15", List.of(0L, 0L)),
                Map.entry("2026-11-22", List.of(0L)));
    }


    // ---- revenue at the edges of its range, and values outside it stored before ingest refused them ----

    // ---- numeric properties at the edges of what ingest takes ----

    private static final TimeRange NUMBERS = new TimeRange(NumberEdges.T0, NumberEdges.T0.plus(Duration.ofHours(1)));

    static Stream<NumberEdges.Case> numberCases() {
        return NumberEdges.cases().stream();
    }

    @ParameterizedTest
    @MethodSource("numberCases")
    void a_number_at_the_edges_is_compared_as_the_number_sent(NumberEdges.Case numberCase) {
        AggregateQuery query = new AggregateQuery(NumberEdges.PROJECT, NUMBERS, UTC, List.of(), List.of(numberCase.filter()));
        Map<Group, Aggregates> answer = engine().aggregate(query);
        assertThat(answer.values().stream().mapToLong(Aggregates::events).sum()).as(numberCase.toString())
                .isEqualTo(numberCase.selected());
    }

    @Test
    void a_number_at_the_edges_shows_as_its_shortest_plain_text() {
        Map<Group, Aggregates> answer = engine().aggregate(new AggregateQuery(NumberEdges.PROJECT, NUMBERS, UTC,
                List.of(new Dimension.Property("n")), List.of()));
        Map<Group, Long> events = new HashMap<>();
        answer.forEach((group, facts) -> events.put(group, facts.events()));
        Map<Group, Long> expected = new HashMap<>();
        for (String text : List.of("999999999999999", "-999999999999999", "0.000000000000001", "-0.000000000000001",
                "123456.789012345", "-123456.789012345", "100000000000000", "0", "0.1", "0.3", "9007199254740.99")) {
            expected.put(Group.of(text), 1L);
        }
        expected.put(Group.of("2.5"), 2L); // 2.5 and 2.50
        assertSameEntries(events, expected);
    }

    @Test
    void revenue_sums_exactly_at_the_edges_and_counts_nothing_outside_its_range() {
        TimeRange range = new TimeRange(RevenueEdges.T0, RevenueEdges.T0.plus(Duration.ofHours(2)));
        Map<Group, Aggregates> byHour = engine().aggregate(new AggregateQuery(RevenueEdges.PROJECT, range, UTC,
                List.of(new Dimension.Time(Granularity.HOUR)), List.of()));
        Map<Group, BigDecimal> revenue = new HashMap<>();
        byHour.forEach((group, facts) -> revenue.put(group, facts.revenue()));
        assertThat(revenue).containsOnly(
                Map.entry(Group.of(RevenueEdges.T0.toString()), RevenueEdges.FIRST_HOUR.setScale(6)),
                Map.entry(Group.of(RevenueEdges.T0.plus(Duration.ofHours(1)).toString()), RevenueEdges.SECOND_HOUR.setScale(6)));
        Aggregates total = engine().aggregate(new AggregateQuery(RevenueEdges.PROJECT, range, UTC, List.of(), List.of(),
                Set.of(Aggregates.Part.REVENUE, Aggregates.Part.VISITORS))).get(Group.NONE);
        assertThat(total.revenue()).isEqualTo(RevenueEdges.TOTAL.setScale(6));
        // four buyers: 525000000000002.99999975, to 6 decimals
        assertThat((BigDecimal) Metric.ARPU.of(total)).isEqualByComparingTo("525000000000003");
    }

    // ---- totals beside groups: numbers worked out by hand from TotalsCases.events() ----

    private static final TimeRange TOTALS_CURRENT = new TimeRange(TotalsCases.T1, TotalsCases.T1.plus(Duration.ofDays(2)));
    private static final TimeRange TOTALS_PREVIOUS = new TimeRange(TotalsCases.T1.minus(Duration.ofDays(2)), TotalsCases.T1);

    private static AggregateQuery byCountryAndPlan(TimeRange range, Filter... filters) {
        return new AggregateQuery(TotalsCases.PROJECT, range, ZoneId.of("UTC"),
                List.of(new Dimension.Property("country"), new Dimension.Property("plan")), List.of(filters)).withTotals();
    }

    private static Aggregates facts(long events, long visitors, long sessions, long pageviews, long bounces, long sessionMillis,
                                    long sessionPageviews, long conversions, long convertedVisitors, String revenue) {
        return new Aggregates(events, visitors, sessions, pageviews, bounces, sessionMillis, sessionPageviews, conversions,
                convertedVisitors, new BigDecimal(revenue));
    }

    /** Facts of whole sessions, {@code entries} of which entered on a selected event. */
    private static Aggregates facts(long events, long visitors, long sessions, long pageviews, long bounces, long sessionMillis,
                                    long sessionPageviews, long conversions, long convertedVisitors, String revenue, long entries) {
        return new Aggregates(events, visitors, sessions, pageviews, bounces, sessionMillis, sessionPageviews, conversions,
                convertedVisitors, new BigDecimal(revenue), entries);
    }

    @Test
    void totals_beside_groups_count_every_selected_event_once_not_the_sum_of_the_rows() {
        Map<Group, Aggregates> expected = new HashMap<>();
        // a1 + b2; sessions: sa starts at a1 (a1, a2: 5 minutes, 2 page views)
        expected.put(Group.of("DE", "pro"), facts(2, 2, 1, 2, 0, 300_000, 2, 0, 0, "0"));
        // a2, a3, b1; sessions: sb (a3 alone, a bounce), sc starts at b1 (b1, b2: 1 minute, 2 page views)
        expected.put(Group.of(null, null), facts(3, 2, 2, 2, 1, 60_000, 2, 1, 1, "12.5"));
        // c1; session sd, a bounce
        expected.put(Group.of("FR", null), facts(1, 1, 1, 1, 1, 0, 1, 0, 0, "0"));
        // users a, b, c: 3 visitors, where the rows add up to 5; sessions sa, sb, sc, sd
        expected.put(Group.NONE, facts(6, 3, 4, 5, 2, 360_000, 5, 1, 1, "12.5"));
        assertSameEntries(engine().aggregate(byCountryAndPlan(TOTALS_CURRENT)), expected);
    }

    @Test
    void a_group_whose_dimension_values_are_all_missing_stands_beside_totals_equal_to_it() {
        // only a3 is a conversion: its group (no country, no plan) and the totals hold the same facts, yet are two rows
        Aggregates a3 = facts(1, 1, 1, 0, 1, 0, 0, 1, 1, "12.5");
        Map<Group, Aggregates> answer = engine().aggregate(byCountryAndPlan(TOTALS_CURRENT,
                new Filter.Match(FilterOp.IS, new Dimension.EventType(), List.of("conversion"))));
        assertSameEntries(answer, Map.of(Group.of(null, null), a3, Group.NONE, a3));
    }

    @Test
    void the_previous_period_of_a_comparison_counts_its_own_groups_and_totals() {
        AggregateQuery previous = byCountryAndPlan(TOTALS_CURRENT).over(TOTALS_PREVIOUS);
        Map<Group, Aggregates> expected = new HashMap<>();
        // p1, p3; session sp (p1 alone, a bounce); sq starts at p2, in the other group
        expected.put(Group.of(null, null), facts(2, 2, 1, 1, 1, 0, 1, 1, 1, "3"));
        // p2; session sq (p2, p3: 30 minutes, 1 page view)
        expected.put(Group.of("DE", "pro"), facts(1, 1, 1, 1, 0, 1_800_000, 1, 0, 0, "0"));
        // users a, d: 2 visitors, where the rows add up to 3
        expected.put(Group.NONE, facts(3, 2, 2, 2, 1, 1_800_000, 2, 1, 1, "3"));
        assertSameEntries(engine().aggregate(previous), expected);
    }

    @Test
    void totals_of_no_selected_event_are_no_row_and_ungrouped_totals_are_the_one_group() {
        TimeRange before = new TimeRange(TotalsCases.T1.minus(Duration.ofDays(9)), TotalsCases.T1.minus(Duration.ofDays(2)));
        assertThat(engine().aggregate(byCountryAndPlan(before))).isEmpty();
        AggregateQuery ungrouped = byCountryAndPlan(TOTALS_CURRENT).withoutDimensions().withTotals();
        assertSameEntries(engine().aggregate(ungrouped), Map.of(Group.NONE, facts(6, 3, 4, 5, 2, 360_000, 5, 1, 1, "12.5")));
    }

    private static AggregateQuery byExitPage(TimeRange range, Filter... filters) {
        return new AggregateQuery(ExitPages.PROJECT, range, ZoneId.of("UTC"), List.of(new Dimension.ExitPage()), List.of(filters));
    }

    private static final TimeRange EXIT_RANGE = new TimeRange(ExitPages.T0, ExitPages.T0.plus(Duration.ofHours(4)));

    @Test
    void events_and_sessions_count_under_their_session_s_exit_page() {
        Map<Group, Aggregates> expected = new HashMap<>();
        // x1: 4 events from 09:00 to 10:05 (65 minutes), 3 page views, ending on /signup
        expected.put(Group.of("/signup"), facts(4, 1, 1, 3, 0, 3_900_000, 3, 0, 0, "0"));
        // x2: both events at 11:00, x2-b (/a) last by event id
        expected.put(Group.of("/a"), facts(2, 1, 1, 1, 0, 0, 1, 0, 0, "0"));
        // x3: ends on a click without a path, 20 minutes after /docs
        expected.put(Group.of((String) null), facts(2, 1, 1, 1, 0, 1_200_000, 1, 0, 0, "0"));
        // x4: only /blog before 13:00, a bounce
        expected.put(Group.of("/blog"), facts(1, 1, 1, 1, 1, 0, 1, 0, 0, "0"));
        // users ux and uy, four sessions, 65 + 20 minutes
        expected.put(Group.NONE, facts(9, 2, 4, 6, 1, 5_100_000, 6, 0, 0, "0"));
        assertSameEntries(engine().aggregate(byExitPage(EXIT_RANGE).withTotals()), expected);
    }

    @Test
    void the_range_and_the_filters_decide_which_event_is_a_session_s_last() {
        // until 14:00, x4 ends on /about after an hour
        Map<Group, Aggregates> longer = engine().aggregate(byExitPage(new TimeRange(EXIT_RANGE.from(), EXIT_RANGE.to().plus(Duration.ofHours(1)))));
        assertThat(longer.get(Group.of("/about"))).isEqualTo(facts(2, 1, 1, 2, 0, 3_600_000, 2, 0, 0, "0"));
        assertThat(longer).doesNotContainKey(Group.of("/blog"));
        // page views alone: x1 ends on /pricing at 09:50, x2 on /a, x3 on /docs, x4 on /blog still; the session facts are
        // the whole sessions': x1 65 minutes and 3 page views, x2 entered on its click (no entry, so no bounce counted),
        // x3 20 minutes to its click, x4 a bounce
        Map<Group, Aggregates> expected = new HashMap<>();
        expected.put(Group.of("/pricing"), facts(3, 1, 1, 3, 0, 3_900_000, 3, 0, 0, "0", 1));
        expected.put(Group.of("/a"), facts(1, 1, 1, 1, 0, 0, 1, 0, 0, "0", 0));
        expected.put(Group.of("/docs"), facts(1, 1, 1, 1, 0, 1_200_000, 1, 0, 0, "0", 1));
        expected.put(Group.of("/blog"), facts(1, 1, 1, 1, 1, 0, 1, 0, 0, "0", 1));
        assertSameEntries(engine().aggregate(byExitPage(EXIT_RANGE,
                new Filter.Match(FilterOp.IS, new Dimension.EventType(), List.of("page_view")))), expected);
    }

    @Test
    void a_page_filter_reports_the_whole_sessions_holding_the_page() {
        Map<String, Aggregates> byPage = new HashMap<>();
        for (String page : List.of("/pricing", "/docs", "/blog")) {
            Map<Group, Aggregates> answer = engine().aggregate(new AggregateQuery(ExitPages.PROJECT, EXIT_RANGE, ZoneId.of("UTC"),
                    List.of(), List.of(new Filter.Match(FilterOp.IS, new Dimension.Property("path"), List.of(page)))));
            byPage.put(page, answer.get(Group.NONE));
        }
        // /pricing: x1, whole 65 minutes with 3 page views, entered on /landing: no bounce rate (no session entered on it)
        assertThat(byPage.get("/pricing")).isEqualTo(facts(1, 1, 1, 1, 0, 3_900_000, 3, 0, 0, "0", 0));
        assertThat(Metric.AVG_SESSION_DURATION.of(byPage.get("/pricing"))).isEqualTo(3_900.0);
        assertThat(Metric.BOUNCE_RATE.of(byPage.get("/pricing"))).isNull();
        assertThat(Metric.VIEWS_PER_SESSION.of(byPage.get("/pricing"))).isEqualTo(3.0);
        // /docs: x3, entered on it and left 20 minutes later by a click: no bounce
        assertThat(byPage.get("/docs")).isEqualTo(facts(1, 1, 1, 1, 0, 1_200_000, 1, 0, 0, "0", 1));
        assertThat(Metric.BOUNCE_RATE.of(byPage.get("/docs"))).isEqualTo(0.0);
        // /blog: x4, its only event in the range: a bounce
        assertThat(Metric.BOUNCE_RATE.of(byPage.get("/blog"))).isEqualTo(100.0);
        assertThat(Metric.AVG_SESSION_DURATION.of(byPage.get("/blog"))).isEqualTo(0.0);
    }

    @Test
    void a_goal_filter_selects_the_goals_events_and_measures_their_whole_sessions() {
        Goal signUpClick = new Goal("signup_click", "", new Goal.CustomEvent("click"),
                List.of(new Filter.Match(FilterOp.IS, new Dimension.Property("path"), List.of("/signup"))));
        Filter.GoalMatch clicked = new Filter.GoalMatch(FilterOp.IS, List.of("signup_click"), List.of(signUpClick.criteria()));
        // x1-3 alone; its session whole: 65 minutes, 3 page views, entered on /landing
        assertThat(engine().aggregate(new AggregateQuery(ExitPages.PROJECT, EXIT_RANGE, ZoneId.of("UTC"), List.of(), List.of(clicked))))
                .isEqualTo(Map.of(Group.NONE, facts(1, 1, 1, 0, 0, 3_900_000, 3, 0, 0, "0", 0)));
        // every other event: the 8 others of the four sessions, each whole and entered on a selected event, x4 a bounce
        Filter.GoalMatch others = new Filter.GoalMatch(FilterOp.IS_NOT, List.of("signup_click"), List.of(signUpClick.criteria()));
        assertThat(engine().aggregate(new AggregateQuery(ExitPages.PROJECT, EXIT_RANGE, ZoneId.of("UTC"), List.of(), List.of(others))))
                .isEqualTo(Map.of(Group.NONE, facts(8, 2, 4, 6, 1, 5_100_000, 6, 0, 0, "0", 4)));
    }

    @Test
    void engagement_events_count_as_events_and_in_no_visitor_or_session_fact() {
        Set<String> clicks = Set.of("click");
        Filter.Match clicked = new Filter.Match(FilterOp.IS, new Dimension.EventType(), List.of("click"));
        // ExitPages in [09:00, 13:00) with clicks as engagement events: 9 events (x4-2 is after the range), 6 page views.
        // The sessions without their clicks: x1 /landing 09:00, /home 09:10, /pricing 09:50 (50 minutes, 3 page views; its
        // click at 10:05 no longer lengthens it); x2, x3 and x4 a page view each, so bounces (x2's and x3's clicks no
        // longer keep them from bouncing). Visitors ux and uy.
        assertThat(engine().aggregate(exits(List.of()).withEngagement(clicks)))
                .isEqualTo(Map.of(Group.NONE, facts(9, 2, 4, 6, 3, 3_000_000, 6, 0, 0, "0", 4)));
        // the clicks alone: 3 events, no visitor, no session
        assertThat(engine().aggregate(exits(List.of(), clicked).withEngagement(clicks)))
                .isEqualTo(Map.of(Group.NONE, facts(3, 0, 0, 0, 0, 0, 0, 0, 0, "0", 0)));
        // by exit page, still read from every selected event: x1 exits on its click's /signup, x2 on /a (its page view sorts
        // after its click at 11:00), x3 on its path-less click (null), x4 on /blog
        Map<Group, Aggregates> byExit = engine().aggregate(exits(List.of(new Dimension.ExitPage())).withEngagement(clicks));
        Map<Group, Aggregates> expected = new HashMap<>();
        expected.put(Group.of("/signup"), facts(4, 1, 1, 3, 0, 3_000_000, 3, 0, 0, "0", 1));
        expected.put(Group.of("/a"), facts(2, 1, 1, 1, 1, 0, 1, 0, 0, "0", 1));
        expected.put(new Group(Arrays.asList((String) null)), facts(2, 1, 1, 1, 1, 0, 1, 0, 0, "0", 1));
        expected.put(Group.of("/blog"), facts(1, 1, 1, 1, 1, 0, 1, 0, 0, "0", 1));
        assertSameEntries(byExit, expected);
        // /pricing alone: x1's whole session without its click (50 minutes, 3 page views), entered on /landing: no entry
        Filter.Match pricing = new Filter.Match(FilterOp.IS, new Dimension.Property("path"), List.of("/pricing"));
        assertThat(engine().aggregate(exits(List.of(), pricing).withEngagement(clicks)))
                .isEqualTo(Map.of(Group.NONE, facts(1, 1, 1, 1, 0, 3_000_000, 3, 0, 0, "0", 0)));
    }

    private static AggregateQuery exits(List<Dimension> dimensions, Filter... filters) {
        return new AggregateQuery(ExitPages.PROJECT, EXIT_RANGE, ZoneId.of("UTC"), dimensions, List.of(filters));
    }

    private static AggregateQuery byEntryPage(TimeRange range, Filter... filters) {
        return new AggregateQuery(ExitPages.PROJECT, range, ZoneId.of("UTC"), List.of(new Dimension.EntryPage()), List.of(filters));
    }

    @Test
    void events_and_sessions_count_under_their_session_s_entry_page() {
        Map<Group, Aggregates> expected = new HashMap<>();
        // x1: /landing at 09:00 arrived last but is first by time; 4 events over 65 minutes, 3 page views
        expected.put(Group.of("/landing"), facts(4, 1, 1, 3, 0, 3_900_000, 3, 0, 0, "0"));
        // x2: both events at 11:00, x2-a (the click on /b) first by event id
        expected.put(Group.of("/b"), facts(2, 1, 1, 1, 0, 0, 1, 0, 0, "0"));
        // x3: /docs, then a click 20 minutes later
        expected.put(Group.of("/docs"), facts(2, 1, 1, 1, 0, 1_200_000, 1, 0, 0, "0"));
        // x4: only /blog before 13:00, a bounce
        expected.put(Group.of("/blog"), facts(1, 1, 1, 1, 1, 0, 1, 0, 0, "0"));
        expected.put(Group.NONE, facts(9, 2, 4, 6, 1, 5_100_000, 6, 0, 0, "0"));
        assertSameEntries(engine().aggregate(byEntryPage(EXIT_RANGE).withTotals()), expected);
    }

    @Test
    void the_range_and_the_filters_decide_which_event_is_a_session_s_first() {
        // from 09:05, x1 enters on /home at 09:10: 3 events, 2 page views, 55 minutes to the click at 10:05
        Map<Group, Aggregates> later = engine().aggregate(byEntryPage(new TimeRange(EXIT_RANGE.from().plus(Duration.ofMinutes(5)),
                EXIT_RANGE.to())));
        assertThat(later.get(Group.of("/home"))).isEqualTo(facts(3, 1, 1, 2, 0, 3_300_000, 2, 0, 0, "0"));
        assertThat(later).doesNotContainKey(Group.of("/landing"));
        // clicks alone: x1's only click (/signup), x2's (/b) and x3's (no path), each session whole: x1 65 minutes and 3
        // page views, entered on /landing; x2 entered on its click, two events at one instant; x3 20 minutes, entered on /docs
        Map<Group, Aggregates> expected = new HashMap<>();
        expected.put(Group.of("/signup"), facts(1, 1, 1, 0, 0, 3_900_000, 3, 0, 0, "0", 0));
        expected.put(Group.of("/b"), facts(1, 1, 1, 0, 0, 0, 1, 0, 0, "0", 1));
        expected.put(Group.of((String) null), facts(1, 1, 1, 0, 0, 1_200_000, 1, 0, 0, "0", 0));
        assertSameEntries(engine().aggregate(byEntryPage(EXIT_RANGE,
                new Filter.Match(FilterOp.IS, new Dimension.EventType(), List.of("click")))), expected);
    }

    private static final TimeRange ORIGIN_RANGE = new TimeRange(VisitOrigins.T0, VisitOrigins.T0.plus(Duration.ofHours(5)));

    private static AggregateQuery byOrigin(Dimension.VisitOrigin.Part part, Filter... filters) {
        return new AggregateQuery(VisitOrigins.PROJECT, ORIGIN_RANGE, ZoneId.of("UTC"), List.of(new Dimension.VisitOrigin(part)),
                List.of(filters));
    }

    @Test
    void events_and_sessions_count_under_their_visit_s_channel() {
        Map<Group, Aggregates> expected = new HashMap<>();
        // c1: 3 events over 20 minutes, 2 page views
        expected.put(Group.of("Organic Search"), facts(3, 1, 1, 2, 0, 1_200_000, 2, 0, 0, "0"));
        // c2 (va, 5 minutes, 2 page views) and c4 (vb: its click is first, 1 minute, 1 page view)
        expected.put(Group.of("Direct"), facts(4, 2, 2, 3, 0, 360_000, 3, 0, 0, "0"));
        // c3: a bounce
        expected.put(Group.of("Organic Social"), facts(1, 1, 1, 1, 1, 0, 1, 0, 0, "0"));
        expected.put(Group.NONE, facts(8, 2, 4, 6, 1, 1_560_000, 6, 0, 0, "0"));
        assertSameEntries(engine().aggregate(byOrigin(Dimension.VisitOrigin.Part.CHANNEL).withTotals()), expected);
    }

    @Test
    void a_visit_s_source_is_its_first_selected_event_s() {
        Map<Group, Aggregates> bySource = new HashMap<>();
        bySource.put(Group.of("Google"), facts(3, 1, 1, 2, 0, 1_200_000, 2, 0, 0, "0"));
        bySource.put(Group.of("Direct / None"), facts(4, 2, 2, 3, 0, 360_000, 3, 0, 0, "0"));
        bySource.put(Group.of("Hacker News"), facts(1, 1, 1, 1, 1, 0, 1, 0, 0, "0"));
        assertSameEntries(engine().aggregate(byOrigin(Dimension.VisitOrigin.Part.SOURCE)), bySource);
        // page views alone: c1's 2 and c4's page view from Google; whole sessions: c1 20 minutes, c4 1 minute, entered on
        // its click (no entry)
        Map<Group, Aggregates> pageViews = new HashMap<>();
        pageViews.put(Group.of("Organic Search"), facts(3, 2, 2, 3, 0, 1_260_000, 3, 0, 0, "0", 1));
        pageViews.put(Group.of("Direct"), facts(2, 1, 1, 2, 0, 300_000, 2, 0, 0, "0"));
        pageViews.put(Group.of("Organic Social"), facts(1, 1, 1, 1, 1, 0, 1, 0, 0, "0"));
        assertSameEntries(engine().aggregate(byOrigin(Dimension.VisitOrigin.Part.CHANNEL,
                new Filter.Match(FilterOp.IS, new Dimension.EventType(), List.of("page_view")))), pageViews);
    }

    @Test
    void a_visit_filter_selects_whole_sessions_by_their_events_before_the_other_filters() {
        Filter.VisitMatch direct = new Filter.VisitMatch(FilterOp.IS, new Dimension.VisitOrigin(Dimension.VisitOrigin.Part.CHANNEL),
                List.of("Direct"));
        // c2 and c4 (whose click comes before its page view from Google): every event of both
        assertThat(engine().aggregate(new AggregateQuery(VisitOrigins.PROJECT, ORIGIN_RANGE, ZoneId.of("UTC"), List.of(),
                List.of(direct)))).isEqualTo(Map.of(Group.NONE, facts(4, 2, 2, 3, 0, 360_000, 3, 0, 0, "0")));
        // from Organic Search is c1 alone, though c4's first page view came from Google; then its page views alone, the
        // session whole (20 minutes to its click)
        Filter.VisitMatch organic = new Filter.VisitMatch(FilterOp.IS, new Dimension.VisitOrigin(Dimension.VisitOrigin.Part.CHANNEL),
                List.of("Organic Search"));
        assertThat(engine().aggregate(new AggregateQuery(VisitOrigins.PROJECT, ORIGIN_RANGE, ZoneId.of("UTC"), List.of(),
                List.of(organic, new Filter.Match(FilterOp.IS, new Dimension.EventType(), List.of("page_view"))))))
                .isEqualTo(Map.of(Group.NONE, facts(2, 1, 1, 2, 0, 1_200_000, 2, 0, 0, "0")));
        // entering on c4's click path, leaving on c1's click path: one session each, grouped by their source
        Map<Group, Aggregates> entryOrExit = new HashMap<>();
        entryOrExit.put(Group.of("Direct / None"), facts(2, 1, 1, 1, 0, 60_000, 1, 0, 0, "0"));
        assertSameEntries(engine().aggregate(new AggregateQuery(VisitOrigins.PROJECT, ORIGIN_RANGE, ZoneId.of("UTC"),
                List.of(new Dimension.VisitOrigin(Dimension.VisitOrigin.Part.SOURCE)),
                List.of(new Filter.VisitMatch(FilterOp.IS, new Dimension.EntryPage(), List.of("/c4-1"))))), entryOrExit);
        assertThat(engine().aggregate(new AggregateQuery(VisitOrigins.PROJECT, ORIGIN_RANGE, ZoneId.of("UTC"), List.of(),
                List.of(new Filter.VisitMatch(FilterOp.MATCHES, new Dimension.ExitPage(), List.of("^/c1-3$"))))))
                .isEqualTo(Map.of(Group.NONE, facts(3, 1, 1, 2, 0, 1_200_000, 2, 0, 0, "0")));
        // the range decides a visit's events: from 09:05, c1 enters on /c1-2 and carries no source
        assertThat(engine().aggregate(new AggregateQuery(VisitOrigins.PROJECT,
                new TimeRange(VisitOrigins.T0.plus(Duration.ofMinutes(5)), ORIGIN_RANGE.to()), ZoneId.of("UTC"), List.of(),
                List.of(organic)))).isEmpty();
    }

    // ---- hostile values: every operator, and every query kind that carries a value, counted by plain string tests ----

    private static final TimeRange HOSTILE_RANGE = new TimeRange(HostileValues.T0.minus(Duration.ofDays(1)),
            HostileValues.T0.plus(Duration.ofDays(4)));
    private static final ZoneId UTC = ZoneId.of("UTC");
    /** The reference over the project's own events: the same answers as over the whole data set, sooner. */
    private static final MemoryStore HOSTILE_REFERENCE = MemoryStore.of(HostileValues.events());

    private static Filter.Match match(FilterOp op, Dimension dimension, String value) {
        return new Filter.Match(op, dimension, List.of(value));
    }

    @ParameterizedTest
    @MethodSource("io.tally.adapter.out.memory.HostileValues#filterCases")
    void a_filter_value_is_compared_exactly_as_written(Filter.Match filter, long expected) {
        sampled(filter);
        AggregateQuery query = new AggregateQuery(HostileValues.PROJECT, HOSTILE_RANGE, UTC, List.of(), List.of(filter));
        Map<Group, Aggregates> answer = engine().aggregate(query);
        assertThat(answer.values().stream().mapToLong(Aggregates::events).sum()).isEqualTo(expected);
        assertSameEntries(answer, HOSTILE_REFERENCE.aggregate(query));
    }

    @Test
    void grouped_values_come_back_exactly_as_stored() {
        for (Dimension dimension : List.of(new Dimension.EventType(), new Dimension.Property("v"))) {
            Map<Group, Aggregates> answer = engine().aggregate(new AggregateQuery(HostileValues.PROJECT, HOSTILE_RANGE, UTC,
                    List.of(dimension), List.of()));
            Map<Group, Long> events = new HashMap<>();
            answer.forEach((group, facts) -> events.put(group, facts.events()));
            Map<Group, Long> expected = new HashMap<>();
            HostileValues.VALUES.forEach(value -> expected.put(Group.of(value), 3L)); // the single and two walks
            if (dimension instanceof Dimension.EventType) {
                expected.put(Group.of(HostileValues.PLAIN), 2L);
            } else {
                expected.put(Group.of((String) null), 2L);
            }
            assertSameEntries(events, expected);
        }
    }

    @Test
    void funnel_steps_carry_hostile_types_and_filters() {
        // steps are three consecutive values: their singles reach step 1 only, the walker (once per day) every step
        List<String> values = HostileValues.VALUES;
        for (int from = 0; from + 1 < values.size(); from += 3) {
            List<EventCriteria> steps = new ArrayList<>();
            for (int k = from; k < Math.min(values.size(), from + 3); k++) {
                FilterOp op = List.of(FilterOp.IS, FilterOp.CONTAINS, FilterOp.MATCHES).get(k % 3);
                String value = op == FilterOp.MATCHES ? HostileValues.literalPattern(values.get(k)) : values.get(k);
                steps.add(EventCriteria.of(values.get(k), match(op, new Dimension.Property("v"), value)));
            }
            FunnelQuery query = new FunnelQuery(HostileValues.PROJECT, steps, Duration.ofHours(1), HOSTILE_RANGE, UTC,
                    Optional.empty());
            List<Long> expected = new ArrayList<>(List.of(2L));
            while (expected.size() < steps.size()) {
                expected.add(1L);
            }
            FunnelCounts counts = engine().funnel(query);
            assertThat(counts.byGroup().get(Group.NONE)).as(steps.toString())
                    .extracting(FunnelCounts.StepCount::users).containsExactlyElementsOf(expected);
            assertThat(counts).isEqualTo(HOSTILE_REFERENCE.funnel(query));
        }
    }

    @Test
    void funnel_breakdowns_by_several_dimensions_carry_hostile_values() {
        // each value then the next: its single reaches step 1, the walker step 2; both by (v, type) of step 1, no k
        List<String> values = HostileValues.VALUES;
        for (int i = 0; i + 1 < values.size(); i++) {
            FunnelQuery query = new FunnelQuery(HostileValues.PROJECT, List.of(EventCriteria.of(values.get(i)),
                    EventCriteria.of(values.get(i + 1))), Duration.ofHours(1), HOSTILE_RANGE, UTC, Optional.empty())
                    .withBreakdown(List.of(new Dimension.Property("v"), new Dimension.EventType(), new Dimension.Property("k")));
            Map<Group, List<FunnelCounts.StepCount>> groups = engine().funnel(query).byGroup();
            Group group = Group.of(values.get(i), values.get(i), null);
            assertThat(groups).as(values.get(i)).containsOnlyKeys(group);
            assertThat(users(groups.get(group))).as(values.get(i)).containsExactly(2L, 1L);
        }
    }

    @Test
    void retention_events_carry_hostile_types_and_filters() {
        // each value's single starts on T0's day and never returns; the walker starts the next day, returns the day after
        List<String> values = HostileValues.VALUES;
        for (int i = 0; i < values.size(); i++) {
            String start = values.get(i);
            String back = values.get((i + 7) % values.size());
            RetentionQuery query = new RetentionQuery(HostileValues.PROJECT,
                    EventCriteria.of(start, match(FilterOp.IS, new Dimension.Property("v"), start)),
                    EventCriteria.of(back, match(FilterOp.MATCHES, new Dimension.Property("v"), HostileValues.literalPattern(back))),
                    RetentionPeriod.DAY, DayOfWeek.MONDAY, CohortMode.FIRST_TIME, 2, HOSTILE_RANGE, UTC, Optional.empty());
            RetentionCounts counts = engine().retention(query);
            LocalDate day0 = HostileValues.T0.atZone(UTC).toLocalDate();
            assertThat(counts.cohorts().get(day0)).as(start).isEqualTo(new RetentionCounts.Cohort(1, List.of(0L, 0L)));
            assertThat(counts.cohorts().get(day0.plusDays(1))).as(start).isEqualTo(new RetentionCounts.Cohort(1, List.of(1L, 0L)));
            assertThat(counts).isEqualTo(HOSTILE_REFERENCE.retention(query));
        }
    }

    @Test
    void cohort_rules_carry_hostile_types_and_filters() {
        List<String> values = HostileValues.VALUES;
        for (String value : values) {
            // did it twice with that v: only the walker (the single did it once); did not do it: everyone but those two
            ResolvedCohort twice = new ResolvedCohort("twice", List.of(new ResolvedCohort.Rule(true, value, 2, HOSTILE_RANGE,
                    List.of(match(FilterOp.IS, new Dimension.Property("v"), value)))));
            ResolvedCohort never = new ResolvedCohort("never", List.of(new ResolvedCohort.Rule(false, value, 1, HOSTILE_RANGE,
                    List.of(match(FilterOp.CONTAINS, new Dimension.Property("v"), value)))));
            for (var cohort : Map.of(twice, (long) 2 * values.size(), never, (long) values.size() + 1).entrySet()) {
                AggregateQuery query = new AggregateQuery(HostileValues.PROJECT, HOSTILE_RANGE, UTC, List.of(),
                        List.of(new Filter.InCohort(cohort.getKey())));
                Map<Group, Aggregates> answer = engine().aggregate(query);
                assertThat(answer.get(Group.NONE).events()).as(cohort.getKey().name() + " " + value).isEqualTo(cohort.getValue());
                assertSameEntries(answer, HOSTILE_REFERENCE.aggregate(query));
            }
        }
    }

    @Test
    void path_anchors_and_nodes_carry_hostile_values() {
        List<String> values = HostileValues.VALUES;
        for (int i = 0; i + 1 < values.size(); i++) {
            PathsQuery query = new PathsQuery(HostileValues.PROJECT, EventCriteria.of(values.get(i),
                    match(FilterOp.CONTAINS, new Dimension.Property("v"), values.get(i))), PathDirection.NEXT, 1, 10,
                    new Dimension.Property("v"), HOSTILE_RANGE, UTC);
            PathCounts counts = engine().paths(query);
            assertThat(counts.anchors()).isEqualTo(3); // the single and two walks
            assertThat(counts.steps().getFirst()).as(values.get(i)).containsEntry(values.get(i + 1), 2L);
            assertThat(counts).isEqualTo(HOSTILE_REFERENCE.paths(query));
        }
    }

    /** Values selected by a {@code matches} pattern, by hand in {@link PatternCases}, not by any engine. */
    @ParameterizedTest
    @MethodSource("io.tally.adapter.out.memory.PatternCases#cases")
    void patterns_select_what_re2_selects(String pattern, Set<String> values) {
        Map<Group, Aggregates> answer = engine().aggregate(PatternCases.query(pattern));
        assertThat(answer.keySet().stream().map(g -> g.values().getFirst()).collect(Collectors.toSet()))
                .isEqualTo(values);
        assertThat(answer.values()).allMatch(a -> a.events() == 1);
    }

    /**
     * Every project's first event is its earliest timestamp, found by a plain loop over {@link #events()}: each store
     * here keeps everything (no retention, or {@code Retention.ALL}, whose horizon of 1970 comes before every event).
     */
    @Test
    void the_first_event_of_each_project_is_its_earliest_and_none_for_a_project_without_events() {
        Map<String, Instant> earliest = new HashMap<>();
        for (Event event : events()) {
            Instant first = earliest.get(event.projectId());
            if (first == null || event.timestamp().isBefore(first)) {
                earliest.put(event.projectId(), event.timestamp());
            }
        }
        assertThat(earliest).containsKeys("default", HandWorked.PROJECT, ExitPages.PROJECT, VisitOrigins.PROJECT,
                SameInstants.PROJECT, HostileValues.PROJECT);
        assertThat(earliest.values()).as("no event before the 1970 horizon").allMatch(t -> !t.isBefore(Instant.EPOCH));
        Map<String, Optional<Instant>> answers = new HashMap<>();
        earliest.keySet().forEach(project -> answers.put(project, engine().firstEvent(project)));
        Map<String, Optional<Instant>> expected = new HashMap<>();
        earliest.forEach((project, first) -> expected.put(project, Optional.of(first)));
        assertSameEntries(answers, expected);
        assertThat(engine().firstEvent("no-such-project")).isEmpty();
    }
}
