package io.tally.application.port.in.shape;

import io.tally.application.port.in.Answer;
import io.tally.domain.funnel.Attribution;
import io.tally.domain.funnel.ConversionTimes;
import io.tally.domain.funnel.Funnel;
import io.tally.domain.funnel.FunnelCounting;
import io.tally.domain.funnel.FunnelCounts;
import io.tally.domain.funnel.FunnelExclusion;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.funnel.StepOrder;
import io.tally.domain.funnel.TimeToConvert;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.query.Group;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A funnel's time-to-convert histogram in the chart shape (bounds in seconds, every bin listed) and its trend (one entry
 * per interval, zeros included), each only when asked; its step order always in the meta, its exclusions when it has
 * some.
 */
class ChartsTest {

    private static final FunnelQuery QUERY = new FunnelQuery("p", List.of(EventCriteria.of("page_view"),
            EventCriteria.of("sign_up"), EventCriteria.of("purchase")), FunnelQuery.DEFAULT_WINDOW,
            new TimeRange(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-08T00:00:00Z")), ZoneOffset.UTC,
            Optional.empty());
    private static final TimeToConvert SPAN = new TimeToConvert(2, 3, 3);

    private static Map<String, Object> chart(Optional<ConversionTimes> times) {
        Funnel funnel = new Funnel(times.isPresent() ? QUERY.withTimeToConvert(SPAN) : QUERY, List.of(), List.of(), times,
                List.of());
        return Charts.funnel(new Answer<>(funnel, "raw", Duration.ofMillis(3)));
    }

    @Test
    void the_histogram_follows_the_breakdown_with_its_bins_in_seconds() {
        // times 1,500 ms, 2,000 ms and 4,000 ms: width = (4,000 - 1,500 + 3) / 3 = 834 ms, so the bins start at
        // 1,500, 2,334 and 3,168 ms; 1,500 and 2,000 fall in the first, 4,000 (< 4,002) in the last
        Map<String, Object> chart = chart(Optional.of(ConversionTimes.of(SPAN, List.of(2_000L, 4_000L, 1_500L))));
        assertThat(chart.keySet()).containsExactly("columns", "rows", "breakdown", "time_to_convert", "meta");
        assertThat(chart.get("time_to_convert")).isEqualTo(Map.of("from_step", 2, "to_step", 3, "bins", 3, "users", 3L,
                "mean_seconds", 2.5, "histogram", List.of(
                        Map.of("from_seconds", 1.5, "to_seconds", 2.334, "users", 2L),
                        Map.of("from_seconds", 2.334, "to_seconds", 3.168, "users", 0L),
                        Map.of("from_seconds", 3.168, "to_seconds", 4.002, "users", 1L))));
    }

    @Test
    void without_users_there_are_no_bins_and_no_mean() {
        @SuppressWarnings("unchecked")
        Map<String, Object> times = (Map<String, Object>) chart(Optional.of(ConversionTimes.none(SPAN))).get("time_to_convert");
        assertThat(times).containsEntry("users", 0L).containsEntry("bins", 3).containsEntry("histogram", List.of());
        assertThat(times).containsKey("mean_seconds");
        assertThat(times.get("mean_seconds")).isNull();
    }

    @Test
    void a_funnel_that_did_not_ask_has_no_histogram() {
        assertThat(chart(Optional.empty())).doesNotContainKey("time_to_convert");
    }

    @Test
    void a_trend_lists_every_interval_the_range_touches_with_its_entrants_and_conversions() {
        // Sunday 1 Nov to Sunday 8 Nov (excluded) touches the weeks from Monday 26 Oct (1 Nov alone) and from Monday
        // 2 Nov. In the first, 4 users entered, 2 signed up and 1 bought: 1 of 4 converted, 25 %; no one entered in the
        // second, which is listed with zeros and no rate
        FunnelQuery weekly = QUERY.withTrend(Granularity.WEEK);
        FunnelCounts overall = new FunnelCounts(Map.of(Group.NONE, List.of(FunnelCounts.StepCount.first(4),
                new FunnelCounts.StepCount(2, 60_000.0, 120_000L), new FunnelCounts.StepCount(1, 30_000.0, 30_000L))));
        FunnelCounts byInterval = new FunnelCounts(Map.of(Group.of("2026-10-26T00:00:00Z"), List.of(FunnelCounts.StepCount.first(4),
                new FunnelCounts.StepCount(2, 60_000.0, 120_000L), new FunnelCounts.StepCount(1, 30_000.0, 30_000L))));
        Funnel funnel = Funnel.assemble(weekly, overall, new FunnelCounts(Map.of()), byInterval, new FunnelCounts(Map.of()));
        Map<String, Object> chart = Charts.funnel(new Answer<>(funnel, "raw", Duration.ofMillis(3)));

        assertThat(chart.keySet()).containsExactly("columns", "rows", "breakdown", "trend", "meta");
        assertThat(chart.get("trend")).isEqualTo(List.of(
                interval("2026-10-26T00:00:00Z", 4L, 1L, 25.0, List.of(4L, 2L, 1L)),
                interval("2026-11-02T00:00:00Z", 0L, 0L, null, List.of(0L, 0L, 0L))));
        assertThat(meta(chart)).containsEntry("interval", "week");
    }

    @Test
    void with_a_breakdown_each_value_lists_its_own_trend() {
        // by country: the DE entrants of the first week (3, 1 of whom bought) and of no other; FR has none in either week
        FunnelQuery weekly = new FunnelQuery(QUERY.projectId(), QUERY.steps(), QUERY.window(), QUERY.range(), QUERY.zone(),
                Optional.of(new Dimension.Property("country"))).withTrend(Granularity.WEEK);
        List<FunnelCounts.StepCount> de = List.of(FunnelCounts.StepCount.first(3), new FunnelCounts.StepCount(2, 60_000.0, 120_000L),
                new FunnelCounts.StepCount(1, 30_000.0, 30_000L));
        FunnelCounts byValue = new FunnelCounts(Map.of(Group.of("DE"), de, Group.of("FR"), List.of(FunnelCounts.StepCount.first(0))));
        FunnelCounts byIntervalAndValue = new FunnelCounts(Map.of(Group.of("2026-10-26T00:00:00Z", "DE"), de));
        Funnel funnel = Funnel.assemble(weekly, new FunnelCounts(Map.of()), byValue, new FunnelCounts(Map.of()), byIntervalAndValue);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> breakdown = (List<Map<String, Object>>) Charts.funnel(new Answer<>(funnel, "raw", Duration.ofMillis(3)))
                .get("breakdown");

        assertThat(breakdown.getFirst()).containsEntry("value", "DE").containsEntry("trend", List.of(
                interval("2026-10-26T00:00:00Z", 3L, 1L, 100.0 / 3, List.of(3L, 2L, 1L)),
                interval("2026-11-02T00:00:00Z", 0L, 0L, null, List.of(0L, 0L, 0L))));
        assertThat(breakdown.get(1)).containsEntry("value", "FR");
        assertThat((List<?>) breakdown.get(1).get("trend")).hasSize(2);
    }

    @Test
    void a_breakdown_by_several_dimensions_lists_each_rows_values_and_names_the_dimensions() {
        FunnelQuery byTwo = QUERY.withBreakdown(List.of(new Dimension.Property("country"), new Dimension.EventType()));
        FunnelCounts byValues = new FunnelCounts(Map.of(Group.of("DE", "page_view"), List.of(FunnelCounts.StepCount.first(2)),
                Group.of(null, "page_view"), List.of(FunnelCounts.StepCount.first(1))));
        Map<String, Object> chart = Charts.funnel(new Answer<>(Funnel.assemble(byTwo, new FunnelCounts(Map.of()), byValues),
                "raw", Duration.ofMillis(3)));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> breakdown = (List<Map<String, Object>>) chart.get("breakdown");

        assertThat(breakdown).extracting(row -> row.get("values")).containsExactly(List.of("DE", "page_view"),
                Arrays.asList(null, "page_view"));
        assertThat(breakdown).allSatisfy(row -> assertThat(row).doesNotContainKey("value"));
        assertThat(meta(chart)).containsEntry("breakdowns", List.of("country", "event_type")).doesNotContainKey("breakdown")
                .containsEntry("breakdown_attribution", "first_touch");
    }

    @Test
    void a_funnel_without_an_interval_has_no_trend() {
        Map<String, Object> chart = chart(Optional.empty());
        assertThat(chart).doesNotContainKey("trend");
        assertThat(meta(chart)).doesNotContainKey("interval");
    }

    @Test
    void the_meta_names_the_step_order_ordered_by_default() {
        assertThat(meta(chart(Optional.empty()))).containsEntry("step_order", "ordered");
    }

    @Test
    void the_meta_names_what_the_counts_count_users_by_default() {
        assertThat(meta(chart(Optional.empty()))).containsEntry("counting", "users");
        Funnel funnel = new Funnel(QUERY.withCounting(FunnelCounting.CONVERSIONS), List.of(), List.of(), Optional.empty(), List.of());
        assertThat(meta(Charts.funnel(new Answer<>(funnel, "raw", Duration.ofMillis(3))))).containsEntry("counting", "conversions");
    }

    @Test
    void a_strict_funnel_says_so_in_its_meta() {
        Funnel funnel = new Funnel(QUERY.withOrder(StepOrder.STRICT), List.of(), List.of(), Optional.empty(), List.of());
        Map<String, Object> meta = meta(Charts.funnel(new Answer<>(funnel, "raw", Duration.ofMillis(3))));
        assertThat(meta).containsEntry("step_order", "strict").containsEntry("conversion_window_seconds", 1_209_600L);
    }

    @Test
    void a_broken_down_funnel_names_its_attribution_in_its_meta() {
        FunnelQuery byCountry = new FunnelQuery(QUERY.projectId(), QUERY.steps(), QUERY.window(), QUERY.range(), QUERY.zone(),
                Optional.of(new Dimension.Property("country")));
        Map<String, Object> first = meta(Charts.funnel(new Answer<>(new Funnel(byCountry, List.of(), List.of(), Optional.empty(),
                List.of()), "raw", Duration.ofMillis(3))));
        assertThat(first).containsEntry("breakdown_attribution", "first_touch").doesNotContainKey("breakdown_attribution_step");
        Map<String, Object> second = meta(Charts.funnel(new Answer<>(new Funnel(byCountry.withAttribution(new Attribution.AtStep(2)),
                List.of(), List.of(), Optional.empty(), List.of()), "raw", Duration.ofMillis(3))));
        assertThat(second).containsEntry("breakdown_attribution", "step").containsEntry("breakdown_attribution_step", 2);
        assertThat(meta(chart(Optional.empty()))).as("no breakdown, no attribution").doesNotContainKey("breakdown_attribution");
    }

    @Test
    void a_funnel_with_exclusions_names_each_ones_event_and_steps_in_its_meta() {
        FunnelQuery excluding = QUERY.withExclusions(List.of(
                new FunnelExclusion(EventCriteria.of("page_view",
                        new Filter.Match(FilterOp.IS, new Dimension.Property("path"), List.of("/help"))), 1, 2),
                new FunnelExclusion(EventCriteria.of("refund"), 2, 3)));
        Funnel funnel = new Funnel(excluding, List.of(), List.of(), Optional.empty(), List.of());
        Map<String, Object> meta = meta(Charts.funnel(new Answer<>(funnel, "raw", Duration.ofMillis(3))));
        // the filters are left out: the event type and the steps say what was excluded
        assertThat(meta.get("exclusions")).isEqualTo(List.of(
                Map.of("event", "page_view", "from_step", 1, "to_step", 2),
                Map.of("event", "refund", "from_step", 2, "to_step", 3)));
        assertThat(List.copyOf(meta.keySet())).endsWith("step_order", "counting", "exclusions");
    }

    @Test
    void a_funnel_without_exclusions_has_none_in_its_meta() {
        assertThat(meta(chart(Optional.empty()))).doesNotContainKey("exclusions");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> meta(Map<String, Object> chart) {
        return (Map<String, Object>) chart.get("meta");
    }

    private static Map<String, Object> interval(String period, long entered, long converted, Double rate, List<Long> users) {
        Map<String, Object> interval = new LinkedHashMap<>();
        interval.put("period", period);
        interval.put("entered", entered);
        interval.put("converted", converted);
        interval.put("conversion_rate", rate);
        interval.put("users", users);
        return interval;
    }
}
