package io.tally.domain.trend;

import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Compare;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.query.Formula;
import io.tally.domain.query.FormulaParser;
import io.tally.domain.query.Group;
import io.tally.domain.query.Metric;
import io.tally.domain.query.MetricRef;
import io.tally.domain.query.Report;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import io.tally.domain.validation.Validated;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A trend lays each series' counts out along every period of the range, takes each total from the range's own count
 * (a visitor on two days is one visitor of the range), keeps each series' largest breakdown values and evaluates the
 * formulas per period and on the totals.
 */
class TrendTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** Three Berlin days, 2026-10-24 to 2026-10-27, the last one 25 hours long (the clocks go back on the 25th). */
    private static final TimeRange THREE_DAYS = new TimeRange(Instant.parse("2026-10-23T22:00:00Z"),
            Instant.parse("2026-10-26T23:00:00Z"));
    private static final String DAY1 = "2026-10-23T22:00:00Z";
    private static final String DAY2 = "2026-10-24T22:00:00Z";
    private static final String DAY3 = "2026-10-25T23:00:00Z";

    private static TrendSeries series(String type, Metric metric) {
        return new TrendSeries(EventCriteria.of(type), new MetricRef.Builtin(metric));
    }

    private static TrendFormula formula(String expression) {
        Formula<Integer> parsed = switch (FormulaParser.parse(expression, "e", name -> name.length() == 1
                ? Optional.of(name.charAt(0) - 'A') : Optional.empty(), "series", "A, B")) {
            case Validated.Valid<Formula<Integer>> valid -> valid.value();
            case Validated.Invalid<Formula<Integer>> invalid -> throw new AssertionError(invalid.violations());
        };
        return new TrendFormula(expression, expression, parsed);
    }

    private static TrendQuery query(List<TrendSeries> series, List<TrendFormula> formulas, Optional<Dimension> breakdown, int limit) {
        return new TrendQuery("default", series, formulas, List.of(), Granularity.DAY, THREE_DAYS, BERLIN, breakdown, limit);
    }

    private static Aggregates events(long events, long visitors) {
        return new Aggregates(events, visitors, 0, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO);
    }

    private static Group group(String... values) {
        return new Group(Arrays.asList(values));
    }

    @Test
    void every_period_is_listed_with_zeros_and_the_total_is_the_ranges_own() {
        TrendQuery query = query(List.of(series("page_view", Metric.EVENTS), series("sign_up", Metric.VISITORS)),
                List.of(formula("B / A * 100")), Optional.empty(), 25);
        SeriesCounts views = new SeriesCounts(new Report.Counts(Map.of(group(DAY1), events(4, 2), group(DAY3), events(10, 3)),
                events(14, 4)), Map.of());
        // one visitor signs up on both days: 2 + 1 daily, 2 over the range
        SeriesCounts signUps = new SeriesCounts(new Report.Counts(Map.of(group(DAY1), events(2, 2), group(DAY3), events(1, 1)),
                events(3, 2)), Map.of());

        Trend trend = Trend.assemble(query, List.of(views, signUps));

        assertThat(trend.periods()).containsExactly(Instant.parse(DAY1), Instant.parse(DAY2), Instant.parse(DAY3));
        assertThat(trend.lines()).extracting(Trend.Line::name, Trend.Line::kind, Trend.Line::values, Trend.Line::total)
                .containsExactly(
                        tuple("A", Trend.Kind.SERIES, List.of(4L, 0L, 10L), 14L),
                        tuple("B", Trend.Kind.SERIES, List.of(2L, 0L, 1L), 2L),
                        // 2/4, 0/0 (undefined), 1/10; over the range 2 visitors / 14 views
                        tuple("B / A * 100", Trend.Kind.FORMULA,
                                Arrays.asList(50.0, null, 10.0), 2.0 / 14 * 100));
        assertThat(trend.lines()).allMatch(line -> line.breakdown().isEmpty());
    }

    @Test
    void a_breakdown_keeps_each_series_largest_values_and_a_formula_the_values_its_series_show() {
        Dimension country = new Dimension.Property("country");
        TrendQuery query = query(List.of(series("page_view", Metric.EVENTS), series("sign_up", Metric.EVENTS)),
                List.of(formula("B / A")), Optional.of(country), 2);
        // page views: DE 5, FR 5, no country 7, US 1 → the two largest are the missing value (7) and DE (5 ties FR 5: DE first)
        Map<Group, Aggregates> viewsByDay = new HashMap<>();
        viewsByDay.put(group(DAY1, "DE"), events(5, 1));
        viewsByDay.put(group(DAY2, "FR"), events(5, 1));
        viewsByDay.put(group(DAY3, null), events(7, 1));
        viewsByDay.put(group(DAY3, "US"), events(1, 1));
        Map<Group, Aggregates> viewsByValue = new HashMap<>();
        viewsByValue.put(group("DE"), events(5, 1));
        viewsByValue.put(group("FR"), events(5, 1));
        viewsByValue.put(group((String) null), events(7, 1));
        viewsByValue.put(group("US"), events(1, 1));
        // sign-ups: US 3, DE 1, FR 1 → US and DE
        Map<Group, Aggregates> signUpsByDay = Map.of(group(DAY2, "US"), events(3, 1), group(DAY1, "DE"), events(1, 1),
                group(DAY3, "FR"), events(1, 1));
        Map<Group, Aggregates> signUpsByValue = Map.of(group("US"), events(3, 1), group("DE"), events(1, 1), group("FR"), events(1, 1));

        Trend trend = Trend.assemble(query, List.of(new SeriesCounts(new Report.Counts(viewsByDay, Aggregates.ZERO), viewsByValue),
                new SeriesCounts(new Report.Counts(signUpsByDay, Aggregates.ZERO), signUpsByValue)));

        assertThat(trend.lines()).extracting(Trend.Line::name, line -> line.breakdown().orElseThrow().values().getFirst(), Trend.Line::values,
                Trend.Line::total).containsExactly(
                tuple("A", null, List.of(0L, 0L, 7L), 7L),
                tuple("A", "DE", List.of(5L, 0L, 0L), 5L),
                tuple("B", "US", List.of(0L, 3L, 0L), 3L),
                tuple("B", "DE", List.of(1L, 0L, 0L), 1L),
                // the formula's values: A's (missing, DE), then B's not yet listed (US, one page view on day 3), though B is written first
                tuple("B / A", null, Arrays.asList(null, null, 0.0), 0.0),
                tuple("B / A", "DE", Arrays.asList(0.2, null, null), 0.2),
                tuple("B / A", "US", Arrays.asList(null, null, 0.0), 3.0));
    }

    @Test
    void a_comparison_puts_each_lines_previous_periods_beside_its_own_by_position() {
        // the previous period of the range's 73 hours is the 73 hours before: 20 Oct 21:00 UTC (23:00 local) to 23 Oct 22:00
        // UTC, which touches the local days of the 20th, 21st, 22nd and 23rd: four periods beside the range's three
        TrendQuery query = new TrendQuery("default", List.of(series("page_view", Metric.EVENTS), series("sign_up", Metric.EVENTS)),
                List.of(formula("B / A * 100")), List.of(), Granularity.DAY, THREE_DAYS, BERLIN, List.of(), 25,
                Optional.of(Compare.PREVIOUS_PERIOD));
        assertThat(query.previousRange()).contains(new TimeRange(Instant.parse("2026-10-20T21:00:00Z"), Instant.parse("2026-10-23T22:00:00Z")));
        SeriesCounts views = new SeriesCounts(new Report.Counts(Map.of(group(DAY1), events(4, 2)), events(4, 2)), Map.of());
        SeriesCounts signUps = new SeriesCounts(new Report.Counts(Map.of(group(DAY1), events(1, 1)), events(1, 1)), Map.of());
        SeriesCounts viewsBefore = new SeriesCounts(new Report.Counts(Map.of(group("2026-10-19T22:00:00Z"), events(2, 1),
                group("2026-10-21T22:00:00Z"), events(3, 1), group("2026-10-22T22:00:00Z"), events(9, 1)), events(14, 2)), Map.of());
        SeriesCounts signUpsBefore = new SeriesCounts(new Report.Counts(Map.of(group("2026-10-21T22:00:00Z"), events(3, 1)),
                events(3, 1)), Map.of());

        Trend trend = Trend.assemble(query, List.of(views, signUps), Optional.of(List.of(viewsBefore, signUpsBefore)));

        // previous periods by position: 20th (2), 21st (0), 22nd (3); the 23rd (9) has no current period beside it
        assertThat(trend.lines()).extracting(Trend.Line::name, line -> line.previous().orElseThrow().values(),
                line -> line.previous().orElseThrow().total(), Trend.Line::totalChangePercent).containsExactly(
                tuple("A", List.of(2L, 0L, 3L), 14L, (4 - 14) * 100.0 / 14),
                tuple("B", List.of(0L, 0L, 3L), 3L, (1 - 3) * 100.0 / 3),
                tuple("B / A * 100", Arrays.asList(0.0, null, 100.0), 3.0 / 14 * 100, (25.0 - 3.0 / 14 * 100) * 100 / (3.0 / 14 * 100)));
        assertThat(Trend.assemble(query.withoutCompare(), List.of(views, signUps)).lines()).allMatch(line -> line.previous().isEmpty()
                && line.totalChangePercent() == null);
    }

    @Test
    void a_query_refuses_formulas_over_series_it_lacks_and_time_as_a_breakdown() {
        List<TrendSeries> one = List.of(series("page_view", Metric.EVENTS));
        assertThatThrownBy(() -> query(one, List.of(formula("B / A")), Optional.empty(), 25))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> query(one, List.of(), Optional.of(new Dimension.Time(Granularity.DAY)), 25))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> query(List.of(), List.of(), Optional.empty(), 25)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void each_series_is_a_report_of_its_metric_over_its_events_and_the_trends_filters() {
        TrendQuery query = new TrendQuery("default", List.of(series("sign_up", Metric.VISITORS),
                new TrendSeries(EventCriteria.anyEvent(), new MetricRef.Builtin(Metric.SESSIONS))), List.of(),
                List.of(new Filter.Match(FilterOp.IS, new Dimension.Property("country"),
                        List.of("DE"))), Granularity.DAY, THREE_DAYS, BERLIN, Optional.of(new Dimension.Property("plan")), 25);
        assertThat(query.periods(0).dimensions()).containsExactly(new Dimension.Time(Granularity.DAY), new Dimension.Property("plan"));
        assertThat(query.periods(0).filters()).hasSize(2);
        assertThat(query.periods(0).metrics()).containsExactly(new MetricRef.Builtin(Metric.VISITORS));
        assertThat(query.values(0).orElseThrow().dimensions()).containsExactly(new Dimension.Property("plan"));
        assertThat(query.periods(1).filters()).hasSize(1); // any event: the trend's filter alone
        assertThat(query.cacheKey()).isNotEqualTo(new TrendQuery("default", query.series(), List.of(), List.of(), Granularity.DAY,
                THREE_DAYS, BERLIN, Optional.of(new Dimension.Property("plan")), 25).cacheKey());
    }

    @Test
    void several_dimensions_break_a_series_down_by_their_combinations_of_values() {
        Dimension country = new Dimension.Property("country");
        Dimension device = new Dimension.Property("device");
        TrendQuery query = new TrendQuery("default", List.of(series("page_view", Metric.EVENTS)), List.of(), List.of(),
                Granularity.DAY, THREE_DAYS, BERLIN, List.of(country, device), 3, Optional.empty());
        assertThat(query.periods(0).dimensions()).containsExactly(new Dimension.Time(Granularity.DAY), country, device);
        assertThat(query.values(0).orElseThrow().dimensions()).containsExactly(country, device);
        // totals: (DE, mobile) 4, (DE, desktop) 4, (DE, none) 4, (FR, mobile) 9, (none, mobile) 1: the three largest are
        // FR/mobile, then the ties of DE by device, desktop before mobile before the missing one; none/mobile is left out
        Map<Group, Aggregates> byDay = new HashMap<>();
        byDay.put(group(DAY1, "DE", "mobile"), events(4, 1));
        byDay.put(group(DAY2, "DE", "desktop"), events(4, 1));
        byDay.put(group(DAY3, "DE", null), events(4, 1));
        byDay.put(group(DAY2, "FR", "mobile"), events(9, 1));
        byDay.put(group(DAY3, null, "mobile"), events(1, 1));
        Map<Group, Aggregates> byValue = new HashMap<>();
        byValue.put(group("DE", "mobile"), events(4, 1));
        byValue.put(group("DE", "desktop"), events(4, 1));
        byValue.put(group("DE", null), events(4, 1));
        byValue.put(group("FR", "mobile"), events(9, 1));
        byValue.put(group(null, "mobile"), events(1, 1));

        Trend trend = Trend.assemble(query, List.of(new SeriesCounts(new Report.Counts(byDay, Aggregates.ZERO), byValue)));

        assertThat(trend.lines()).extracting(line -> line.breakdown().orElseThrow().values(), Trend.Line::values, Trend.Line::total)
                .containsExactly(
                        tuple(List.of("FR", "mobile"), List.of(0L, 9L, 0L), 9L),
                        tuple(List.of("DE", "desktop"), List.of(0L, 4L, 0L), 4L),
                        tuple(List.of("DE", "mobile"), List.of(4L, 0L, 0L), 4L));
        assertThatThrownBy(() -> new TrendQuery("default", query.series(), List.of(), List.of(), Granularity.DAY, THREE_DAYS, BERLIN,
                List.of(country, country), 3, Optional.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrendQuery("default", query.series(), List.of(), List.of(), Granularity.DAY, THREE_DAYS, BERLIN,
                List.of(country, device, new Dimension.Property("os"), new Dimension.Property("plan")), 3, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
