package io.tally.adapter.out.memory;

import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.QueryTelemetry;
import io.tally.application.service.QueryService;
import io.tally.domain.funnel.Attribution;
import io.tally.domain.funnel.FunnelCounting;
import io.tally.domain.funnel.FunnelCounts;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.goal.Conversions;
import io.tally.domain.goal.ConversionsQuery;
import io.tally.domain.lifecycle.LifecycleCounts;
import io.tally.domain.lifecycle.LifecycleQuery;
import io.tally.domain.path.PathCounts;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.GoalBreakdown;
import io.tally.domain.query.Group;
import io.tally.domain.query.Metric;
import io.tally.domain.query.MetricRef;
import io.tally.domain.query.Report;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.query.SeriesMetric;
import io.tally.domain.query.Timeseries;
import io.tally.domain.query.TimeseriesQuery;
import io.tally.domain.retention.RetentionCounts;
import io.tally.domain.retention.RetentionQuery;
import io.tally.domain.stickiness.StickinessCounts;
import io.tally.domain.stickiness.StickinessQuery;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import io.tally.domain.trend.Trend;
import io.tally.domain.trend.TrendQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The contract of the {@link AnalyticsEngine} port: on {@link #events()}, an engine answers every agreement case
 * ({@link AgreementCases}: 120,000 generated events, five zones, a DST change) exactly as the reference engine
 * does, and every hand-worked case of {@link HandWorkedContract}. A store's test extends this and loads the same events.
 */
public abstract class AnalyticsEngineContract extends HandWorkedContract {

    private static MemoryStore reference;

    /** The reference engine over {@link #events()}: the domain's definitions, made once per test JVM. */
    private static synchronized MemoryStore reference() {
        if (reference == null) {
            reference = MemoryStore.of(events());
        }
        return reference;
    }

    @ParameterizedTest
    @MethodSource("io.tally.adapter.out.memory.AgreementCases#reportCases")
    void reports_agree_with_the_reference(AggregateQuery query) {
        sampled(query);
        Map<Group, Aggregates> expected = reference().aggregate(query);
        assertSameEntries(engine().aggregate(query), expected);
        if (!query.filters().toString().contains("nope")) {
            assertThat(expected).as("a case must count something to prove anything").isNotEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("io.tally.adapter.out.memory.AgreementCases#partialReportCases")
    void reports_that_leave_out_costly_parts_count_the_rest_as_the_reference(AggregateQuery query) {
        sampled(query);
        Map<Group, Aggregates> expected = new HashMap<>();
        reference().aggregate(query).forEach((group, all) -> expected.put(group, counted(all, query))); // counts every part
        Map<Group, Aggregates> actual = new HashMap<>();
        engine().aggregate(query).forEach((group, facts) -> actual.put(group, counted(facts, query)));
        assertSameEntries(actual, expected);
        assertThat(expected).isNotEmpty();
    }

    /**
     * Every report case again with its totals beside the groups, as one answer: the totals equal the reference's
     * ungrouped answer (distinct visitors included, which the rows do not add up to), and the groups are unchanged.
     */
    @ParameterizedTest
    @MethodSource("io.tally.adapter.out.memory.AgreementCases#reportCases")
    void reports_with_their_totals_agree_with_the_reference(AggregateQuery query) {
        sampled(query);
        Map<Group, Aggregates> expected = new HashMap<>(reference().aggregate(query));
        expected.putAll(reference().aggregate(query.withoutDimensions()));
        assertSameEntries(engine().aggregate(query.withTotals()), expected);
    }

    @ParameterizedTest
    @MethodSource("io.tally.adapter.out.memory.AgreementCases#partialReportCases")
    void reports_with_their_totals_that_leave_out_costly_parts_count_the_rest_as_the_reference(AggregateQuery query) {
        sampled(query);
        Map<Group, Aggregates> expected = new HashMap<>();
        reference().aggregate(query).forEach((group, all) -> expected.put(group, counted(all, query)));
        reference().aggregate(query.withoutDimensions()).forEach((group, all) -> expected.put(group, counted(all, query)));
        Map<Group, Aggregates> actual = new HashMap<>();
        engine().aggregate(query.withTotals()).forEach((group, facts) -> actual.put(group, counted(facts, query)));
        assertSameEntries(actual, expected);
    }

    /**
     * Engagement events count as events alone: with their totals, each case is the reference's, and differs from the
     * same report without engagement types (so the case proves something).
     */
    @ParameterizedTest
    @MethodSource("io.tally.adapter.out.memory.AgreementCases#engagementCases")
    void reports_with_engagement_events_agree_with_the_reference(AggregateQuery query) {
        sampled(query);
        Map<Group, Aggregates> expected = new HashMap<>(reference().aggregate(query));
        expected.putAll(reference().aggregate(query.withoutDimensions()));
        assertSameEntries(engine().aggregate(query.withTotals()), expected);
        assertThat(expected).isNotEmpty().isNotEqualTo(reference().aggregate(query.withEngagement(Set.of()).withTotals()));
    }

    /** A report by type and day with its previous period, as a comparison asks it: the same two answers as the reference. */
    @Test
    void a_report_and_its_previous_period_with_totals_agree_with_the_reference() {
        AggregateQuery current = AgreementCases.typeAndDayWithTotals();
        TimeRange range = current.range();
        AggregateQuery previous = current.over(new TimeRange(range.from().minus(Duration.between(range.from(), range.to())),
                range.from()));
        for (AggregateQuery query : List.of(current, previous)) {
            Map<Group, Aggregates> expected = reference().aggregate(query);
            assertSameEntries(engine().aggregate(query), expected);
            long summedVisitors = expected.entrySet().stream().filter(e -> !e.getKey().equals(Group.NONE))
                    .mapToLong(e -> e.getValue().visitors()).sum();
            assertThat(expected.get(Group.NONE).visitors()).as("visitors come back across days, so the rows overcount them")
                    .isLessThan(summedVisitors);
        }
    }

    /** The facts a query counts; those of the parts it leaves out are zeroed, whatever the engine put there. */
    private static Aggregates counted(Aggregates a, AggregateQuery query) {
        boolean sessions = query.counts(Aggregates.Part.SESSIONS);
        boolean visitors = query.counts(Aggregates.Part.VISITORS);
        return new Aggregates(a.events(), visitors ? a.visitors() : 0, sessions ? a.sessions() : 0, a.pageviews(),
                sessions ? a.bounces() : 0, sessions ? a.sessionMillis() : 0, sessions ? a.sessionPageviews() : 0, a.conversions(),
                query.counts(Aggregates.Part.CONVERTED_VISITORS) ? a.convertedVisitors() : 0,
                query.counts(Aggregates.Part.REVENUE) ? a.revenue() : BigDecimal.ZERO, sessions ? a.entries() : 0);
    }

    @ParameterizedTest
    @MethodSource("io.tally.adapter.out.memory.AgreementCases#funnelCases")
    void funnels_agree_with_the_reference(FunnelQuery query) {
        sampled(query);
        FunnelCounts expected = reference().funnel(query);
        assertThat(engine().funnel(query)).isEqualTo(expected);
        assertThat(expected.byGroup().values()).as("someone must reach the last step")
                .anyMatch(steps -> steps.getLast().users() > 0);
        expected.timeToConvert().ifPresent(times -> assertThat(times.usersPerBin().stream().filter(n -> n > 0).count())
                .as("a histogram worth comparing fills more than one bin").isGreaterThan(1));
        if (!query.exclusions().isEmpty()) {
            assertThat(reference().funnel(query.withExclusions(List.of()))).as("the exclusions must drop some attempt")
                    .isNotEqualTo(expected);
        }
        if (!(query.attribution() instanceof Attribution.FirstTouch)) {
            assertThat(reference().funnel(query.withAttribution(Attribution.FIRST_TOUCH))).as("the attribution must move some user")
                    .isNotEqualTo(expected);
        }
        if (query.counting() == FunnelCounting.CONVERSIONS) {
            assertThat(reference().funnel(query.withCounting(FunnelCounting.USERS))).as("some user must convert twice")
                    .isNotEqualTo(expected);
        }
        if (query.breakdown().size() > 1) {
            int first = query.trend().isPresent() ? 1 : 0;
            assertThat(expected.byGroup().keySet().stream().map(g -> g.values().subList(first, first + 2)).distinct().count())
                    .as("a second dimension must split some value of the first")
                    .isGreaterThan(expected.byGroup().keySet().stream().map(g -> g.values().get(first)).distinct().count());
            assertThat(expected.byGroup().keySet()).as("some group must have a value and lack another")
                    .anyMatch(g -> g.values().contains(null) && g.values().stream().skip(first).anyMatch(Objects::nonNull));
        }
        if (query.trend().isPresent()) {
            assertThat(expected.byGroup().values().stream().filter(steps -> steps.getLast().users() > 0).count())
                    .as("a trend worth comparing has conversions in several intervals").isGreaterThan(2);
        }
    }

    @ParameterizedTest
    @MethodSource("io.tally.adapter.out.memory.AgreementCases#retentionCases")
    void retention_agrees_with_the_reference(RetentionQuery query) {
        sampled(query);
        RetentionCounts expected = reference().retention(query);
        assertThat(engine().retention(query)).isEqualTo(expected);
        assertThat(expected.cohorts().values()).as("someone must come back")
                .anyMatch(c -> c.returning().stream().anyMatch(n -> n > 0));
    }

    @ParameterizedTest
    @MethodSource("io.tally.adapter.out.memory.AgreementCases#stickinessCases")
    void stickiness_agrees_with_the_reference(StickinessQuery query) {
        sampled(query);
        StickinessCounts expected = reference().stickiness(query);
        assertThat(engine().stickiness(query)).isEqualTo(expected);
        assertThat(expected.usersByIntervals().keySet()).as("someone must come back in a second interval")
                .anyMatch(n -> n > 1);
    }

    @ParameterizedTest
    @MethodSource("io.tally.adapter.out.memory.AgreementCases#lifecycleCases")
    void lifecycle_agrees_with_the_reference(LifecycleQuery query) {
        sampled(query);
        LifecycleCounts expected = reference().lifecycle(query);
        assertThat(engine().lifecycle(query)).isEqualTo(expected);
        assertThat(expected.byInterval().values()).as("someone must come back and someone go dormant")
                .anyMatch(s -> s.returning() + s.resurrecting() > 0).anyMatch(s -> s.dormant() > 0);
    }

    /**
     * A trend answered through {@link QueryService} on the engine alone (every series from raw events) is the reference's
     * answer, line for line; where plain loops over the events can work it out ({@link TrendDefinition}), it is theirs too.
     */
    @ParameterizedTest
    @MethodSource("io.tally.adapter.out.memory.AgreementCases#trendCases")
    void trends_agree_with_the_reference(TrendQuery query, List<TrendDefinition.TwoSeriesFormula> formulas) {
        sampled(query);
        Trend expected = trend(reference(), query);
        Trend actual = trend(engine(), query);
        assertThat(actual.periods()).isEqualTo(expected.periods());
        assertThat(actual.lines()).containsExactlyElementsOf(expected.lines());
        assertThat(expected.lines()).as("a series must count something in several periods to prove anything")
                .anyMatch(line -> line.values().stream().filter(v -> v != null && v.doubleValue() != 0).count() > 1);
        if (TrendDefinition.definable(query)) {
            assertThat(actual.lines()).map(line -> new TrendDefinition.Line(line.name(),
                            line.breakdown().map(Trend.BreakdownValue::values).orElse(TrendDefinition.NONE), line.values(), line.total()))
                    .containsExactlyElementsOf(TrendDefinition.lines(events(), query.withoutCompare(), formulas));
        }
        query.previousRange().ifPresent(range -> {
            assertThat(actual.lines()).as("the compared range must count something").anyMatch(line -> line.previous().orElseThrow()
                    .values().stream().anyMatch(v -> v != null && v.doubleValue() != 0));
            if (TrendDefinition.definable(query) && query.breakdown().isEmpty()) {
                // the previous period worked out as a trend of its own, its periods beside the range's by position
                List<TrendDefinition.Line> before = TrendDefinition.lines(events(), query.withoutCompare().over(range), formulas);
                for (int i = 0; i < before.size(); i++) {
                    Trend.Previous previous = actual.lines().get(i).previous().orElseThrow();
                    int shared = Math.min(before.get(i).values().size(), previous.values().size());
                    assertThat(previous.values().subList(0, shared)).isEqualTo(before.get(i).values().subList(0, shared));
                    assertThat(previous.total()).isEqualTo(before.get(i).total());
                }
            }
        });
    }

    /**
     * Goal conversions through {@link QueryService} on the engine are the reference's, and those of plain Java tests of
     * the same goals ({@link ConversionsDefinition}): the page patterns' wildcards run as the stores' RE2 runs them.
     */
    @ParameterizedTest
    @MethodSource("io.tally.adapter.out.memory.AgreementCases#conversionsCases")
    void goal_conversions_agree_with_the_reference(ConversionsQuery query, List<ConversionsDefinition.GoalTest> goals) {
        sampled(query);
        QueryService engineService = new QueryService(engine(), Optional.empty(), QueryTelemetry.NONE);
        Conversions actual = engineService.conversions(query).result();
        assertThat(actual).isEqualTo(new QueryService(reference(), Optional.empty(), QueryTelemetry.NONE).conversions(query).result());
        assertThat(actual.rows()).map(row -> new ConversionsDefinition.Row(row.goal().name(), row.visitors(), row.events(),
                row.revenue(), row.conversionRate())).containsExactlyElementsOf(ConversionsDefinition.rows(events(), query, goals));
        assertThat(actual.rows()).as("most goals must be reached to prove anything").filteredOn(row -> row.visitors() > 0).hasSizeGreaterThanOrEqualTo(3);
    }

    /**
     * A report by goal (a count per goal, {@link GoalBreakdown}) on the engine is the reference's, and the plain loops'
     * ({@link ConversionsDefinition#byGoalAndCountry}): an event of two goals counts in both rows and once in the totals.
     */
    @ParameterizedTest
    @MethodSource("io.tally.adapter.out.memory.AgreementCases#goalBreakdownCase")
    void a_report_by_goal_agrees_with_the_reference_and_with_plain_loops(AggregateQuery query, List<ConversionsDefinition.GoalTest> goals) {
        // with session facts a query per goal; without, the engine groups every event once per goal it completes
        for (AggregateQuery asked : List.of(query.withTotals(), query.without(Aggregates.Part.SESSIONS).withTotals())) {
            Map<Group, Aggregates> actual = GoalBreakdown.count(asked, engine()::aggregate);
            assertSameEntries(actual, countedOnly(reference().aggregate(asked), asked));
            Map<List<String>, List<Object>> counted = new HashMap<>();
            actual.forEach((group, facts) -> counted.put(group.values(), List.of(facts.events(), facts.visitors(),
                    facts.revenue().stripTrailingZeros())));
            assertSameEntries(counted, ConversionsDefinition.byGoalAndCountry(events(), query.projectId(), query.range(), goals));
            long overlapping = actual.keySet().stream()
                    .filter(group -> !group.values().isEmpty() && group.values().getFirst().equals("every_page")).count();
            assertThat(overlapping).as("the overlapping goal must have rows to prove anything").isGreaterThan(1);
        }
        AggregateQuery inOnePass = query.without(Aggregates.Part.SESSIONS);
        assertSameEntries(engine().aggregate(inOnePass), countedOnly(reference().aggregate(inOnePass), inOnePass));
    }

    /** The reference's rows with only the parts the query counts (the reference counts them all). */
    private static Map<Group, Aggregates> countedOnly(Map<Group, Aggregates> all, AggregateQuery query) {
        Map<Group, Aggregates> counted = new HashMap<>();
        all.forEach((group, facts) -> counted.put(group, counted(facts, query)));
        return counted;
    }

    /** Reports by goal, with and without session facts (a report per goal, or one pass), are the reference's. */
    @ParameterizedTest
    @MethodSource("io.tally.adapter.out.memory.AgreementCases#goalCases")
    void reports_by_goal_agree_with_the_reference(AggregateQuery query) {
        sampled(query);
        for (AggregateQuery asked : List.of(query.withTotals(), query.without(Aggregates.Part.SESSIONS).withTotals())) {
            Map<Group, Aggregates> expected = countedOnly(reference().aggregate(asked), asked);
            assertSameEntries(GoalBreakdown.count(asked, engine()::aggregate), expected);
            assertThat(expected).hasSizeGreaterThan(2);
        }
    }

    private static Trend trend(AnalyticsEngine engine, TrendQuery query) {
        return new QueryService(engine, Optional.empty(), QueryTelemetry.NONE).trend(query).result();
    }

    @ParameterizedTest
    @MethodSource("io.tally.adapter.out.memory.AgreementCases#pathsCases")
    void paths_agree_with_the_reference(PathsQuery query) {
        sampled(query);
        PathCounts expected = reference().paths(query);
        assertThat(engine().paths(query)).isEqualTo(expected);
        assertThat(expected.anchors()).isPositive();
    }

    /**
     * A time series is the report of its metrics grouped by time at its interval ({@link TimeseriesQuery#report()}):
     * on every granularity, zone and edge case, that report gives what the time series has always counted.
     */
    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("io.tally.adapter.out.memory.AgreementCases#timeseriesCases")
    void a_time_series_answered_as_a_report_counts_what_the_time_series_counted(Granularity granularity, String zone,
                                                                              TimeRange range) {
        TimeseriesQuery query = new TimeseriesQuery("default", List.of(SeriesMetric.values()), range, granularity,
                ZoneId.of(zone));
        List<List<Object>> expected = SeriesDefinition.rows(events(), query);
        Timeseries series = Timeseries.assemble(query, engine().aggregate(query.report().aggregation()));
        assertThat(series.rows()).map(row -> {
            List<Object> cells = new ArrayList<>(List.of(row.bucketStart()));
            cells.addAll(row.values());
            return cells;
        }).containsExactlyElementsOf(expected);
        assertThat(expected.stream().mapToLong(row -> (Long) row.get(1)).sum())
                .as("the case must count something to prove anything").isPositive();
    }

    /**
     * Each series metric reads the facts of a built-in report metric: page views and conversions are
     * {@code pageviews} and {@code conversions} per bucket; the average session time is {@code avg_session_duration},
     * but 0 where no session starts (the report says null) and divided in the time series' order, to the last bit.
     */
    @Test
    void each_series_metric_is_its_report_metric_per_bucket() {
        TimeseriesQuery query = new TimeseriesQuery("default", List.of(SeriesMetric.values()), AgreementCases.ALL,
                Granularity.DAY, ZoneId.of("Europe/Berlin"));
        ReportQuery builtins = new ReportQuery("default", List.of(new MetricRef.Builtin(Metric.PAGEVIEWS),
                new MetricRef.Builtin(Metric.CONVERSIONS), new MetricRef.Builtin(Metric.AVG_SESSION_DURATION)),
                List.of(new Dimension.Time(Granularity.DAY)), List.of(), query.range(), query.zone(), Optional.empty(),
                List.of(), ReportQuery.MAX_LIMIT);
        Map<Group, Aggregates> groups = engine().aggregate(builtins.aggregation());
        Report report = Report.assemble(builtins, new Report.Counts(groups, Aggregates.ZERO), Optional.empty());
        List<Timeseries.Row> series = Timeseries.assemble(query, engine().aggregate(query.report().aggregation())).rows();
        assertThat(series).hasSameSizeAs(report.rows()).hasSizeGreaterThan(20);
        for (int i = 0; i < series.size(); i++) {
            List<Number> values = series.get(i).values();
            Report.Row row = report.rows().get(i);
            assertThat(row.dimensions().getFirst()).isEqualTo(series.get(i).bucketStart());
            assertThat(values.subList(0, 2)).isEqualTo(row.metrics().subList(0, 2));
            Aggregates bucket = groups.getOrDefault(Group.of(series.get(i).bucketStart().toString()), Aggregates.ZERO);
            if (row.metrics().get(2) == null) {
                assertThat(bucket.sessions()).isZero();
                assertThat(values.get(2)).isEqualTo(0.0);
            } else {
                assertThat(values.get(2).doubleValue()).isCloseTo(row.metrics().get(2).doubleValue(), within(1e-9));
                assertThat(values.get(2)).isEqualTo(bucket.sessionMillis() / (double) bucket.sessions() / 1000.0);
            }
        }
    }
}
