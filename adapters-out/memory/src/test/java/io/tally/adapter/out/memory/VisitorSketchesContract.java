package io.tally.adapter.out.memory;

import io.tally.application.port.in.Answer;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.QueryTelemetry;
import io.tally.application.port.out.RollupStore;
import io.tally.application.service.QueryService;
import io.tally.domain.event.Event;
import io.tally.domain.query.Accuracy;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Compare;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.query.Group;
import io.tally.domain.query.Metric;
import io.tally.domain.query.MetricRef;
import io.tally.domain.query.Report;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.query.Source;
import io.tally.domain.query.VisitorSketch;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * The contract of {@link RollupStore#visitors}: {@link AgreementCases#events()} have about 3,000 users, so every
 * sketch and every union of them holds fewer than k = 2^{@value VisitorSketch#LG_K} and is in exact mode: the
 * estimate equals the exact count. Each {@link AgreementCases#rollupCases() case the rollup answers} gives the
 * visitors and converted visitors the reference counts exactly from events (an independent count: sets of user ids),
 * and whole approximate reports through {@link QueryService} equal the exact ones. A store's test loads the events
 * through {@link SessionsContract#loadAsTrafficArrives} and extends this.
 */
public abstract class VisitorSketchesContract {

    private static MemoryStore reference;

    private static synchronized MemoryStore reference() {
        if (reference == null) {
            reference = MemoryStore.of(AgreementCases.events());
        }
        return reference;
    }

    /** The store's pre-aggregates, holding {@link AgreementCases#events()} as traffic brought them. */
    protected abstract RollupStore rollups();

    /** The store's raw engine, for the event facts of reports the rollup does not answer. */
    protected abstract AnalyticsEngine engine();

    /**
     * The distinct keys of the sketches the store keeps: project, the span's start ({@link java.time.Instant#toString()}),
     * the hours it spans and the event type; empty for the reference, which keeps none (it sketches its events per query).
     */
    protected Optional<Set<List<String>>> keptSketchKeys() {
        return Optional.empty();
    }

    /** The visitor facts (visitors, converted visitors) of every group. */
    private static Map<Group, List<Long>> visitorFacts(Map<Group, Aggregates> answer) {
        Map<Group, List<Long>> facts = new HashMap<>();
        answer.forEach((group, a) -> facts.put(group, List.of(a.visitors(), a.convertedVisitors())));
        return facts;
    }

    @Test
    void the_store_keeps_visitor_sketches() {
        assertThat(rollups().sources()).contains(Source.SKETCH);
    }

    @Test
    void the_store_keeps_a_sketch_for_every_utc_hour_and_every_utc_day_of_each_type() {
        assumeTrue(keptSketchKeys().isPresent(), "a store that keeps sketches");
        Set<List<String>> expected = new HashSet<>();
        for (Event event : AgreementCases.events()) {
            expected.add(List.of(event.projectId(), event.timestamp().truncatedTo(ChronoUnit.HOURS).toString(), "1", event.eventType()));
            expected.add(List.of(event.projectId(), event.timestamp().truncatedTo(ChronoUnit.DAYS).toString(), "24", event.eventType()));
        }
        assertThat(keptSketchKeys().get()).isEqualTo(expected);
    }

    @Test
    void the_data_has_fewer_users_than_a_sketch_keeps_exactly() {
        long users = AgreementCases.events().stream().map(Event::userId).distinct().count();
        assertThat(users).isLessThan(1L << VisitorSketch.LG_K).isGreaterThan(1_000);
    }

    static Stream<AggregateQuery> sketchCases() {
        return AgreementCases.rollupCases().stream();
    }

    @ParameterizedTest
    @MethodSource("sketchCases")
    void approximate_visitors_equal_exact_below_k_users(AggregateQuery query) {
        Map<Group, List<Long>> exact = visitorFacts(reference().aggregate(query));
        assertThat(exact).as("a case must count visitors to prove anything").isNotEmpty();
        assertThat(visitorFacts(rollups().visitors(query))).isEqualTo(exact);
    }

    @ParameterizedTest
    @MethodSource("sketchCases")
    void the_store_estimates_as_the_reference_sketches(AggregateQuery query) {
        assertThat(visitorFacts(rollups().visitors(query))).isEqualTo(visitorFacts(reference().visitors(query)));
    }

    static Stream<Arguments> approximateReports() {
        List<MetricRef> metrics = Stream.of(Metric.EVENTS, Metric.VISITORS, Metric.CONVERSION_RATE, Metric.ARPU, Metric.REVENUE)
                .<MetricRef>map(MetricRef.Builtin::new).toList();
        TimeRange october = new TimeRange(AgreementCases.END.minus(Duration.ofDays(30)), AgreementCases.END);
        List<MetricRef> withSessions = Stream.of(Metric.VISITORS, Metric.SESSIONS, Metric.BOUNCE_RATE)
                .<MetricRef>map(MetricRef.Builtin::new).toList();
        return Stream.of(
                argumentSet("by type and day, compared, Berlin", new ReportQuery("default", metrics,
                        List.of(new Dimension.EventType(), new Dimension.Time(Granularity.DAY)), List.of(), october,
                        ZoneId.of("Europe/Berlin"), Optional.of(Compare.PREVIOUS_PERIOD), List.of(), 10_000, Accuracy.APPROXIMATE)),
                argumentSet("by week, page views left out, New York", new ReportQuery("default", metrics,
                        List.of(new Dimension.Time(Granularity.WEEK)),
                        List.of(new Filter.Match(FilterOp.IS_NOT, new Dimension.EventType(), List.of("page_view"))),
                        AgreementCases.ALL, ZoneId.of("America/New_York"), Optional.empty(), List.of(), 10_000, Accuracy.APPROXIMATE)),
                argumentSet("visitors and sessions by day", new ReportQuery("default", withSessions,
                        List.of(new Dimension.Time(Granularity.DAY)), List.of(), october, ZoneId.of("UTC"),
                        Optional.of(Compare.PREVIOUS_PERIOD), List.of(), 10_000, Accuracy.APPROXIMATE)));
    }

    @ParameterizedTest
    @MethodSource("approximateReports")
    void an_approximate_report_equals_the_exact_one_below_k_users(ReportQuery approximate) {
        Answer<Report> estimated = new QueryService(engine(), Optional.of(rollups()), QueryTelemetry.NONE).report(approximate);
        Report exact = new QueryService(reference(), Optional.empty(), QueryTelemetry.NONE)
                .report(approximate.withAccuracy(Accuracy.EXACT)).result();
        assertThat(estimated.source()).startsWith("rollup+sketch");
        assertThat(estimated.exactness().accuracy()).isEqualTo(Accuracy.APPROXIMATE);
        assertThat(estimated.result().rows()).isEqualTo(exact.rows());
        assertThat(estimated.result().totals()).isEqualTo(exact.totals());
        assertThat(estimated.result().comparison()).isEqualTo(exact.comparison());
    }
}
