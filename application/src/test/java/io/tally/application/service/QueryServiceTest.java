package io.tally.application.service;

import io.tally.application.port.in.Answer;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.QueryTelemetry;
import io.tally.application.port.out.RollupStore;
import io.tally.domain.funnel.Funnel;
import io.tally.domain.funnel.FunnelCounts;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.lifecycle.LifecycleCounts;
import io.tally.domain.lifecycle.LifecycleQuery;
import io.tally.domain.path.PathCounts;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.Group;
import io.tally.domain.query.Metric;
import io.tally.domain.query.MetricRef;
import io.tally.domain.query.Report;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.query.Source;
import io.tally.domain.retention.RetentionCounts;
import io.tally.domain.retention.RetentionQuery;
import io.tally.domain.stickiness.StickinessCounts;
import io.tally.domain.stickiness.StickinessQuery;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import io.tally.domain.trend.Trend;
import io.tally.domain.trend.TrendQuery;
import io.tally.domain.trend.TrendSeries;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A report whose session facts the sessions table answers reads them there and the rest from events, row by row; one
 * that asks for session facts alone, on rows that are the sessions' own, reads the sessions table alone.
 */
class QueryServiceTest {

    private static final TimeRange TWO_DAYS = new TimeRange(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-03T00:00:00Z"));
    private static final Group DAY_1 = Group.of("2026-11-01T00:00:00Z");
    private static final Group DAY_2 = Group.of("2026-11-02T00:00:00Z");

    /** Raw events: 10 events by 4 visitors on day 1, 6 events by 3 on day 2; sessions it would count are poisoned (99). */
    private static final class RawEvents implements AnalyticsEngine {
        final List<AggregateQuery> asked = new ArrayList<>();

        @Override
        public Map<Group, Aggregates> aggregate(AggregateQuery query) {
            asked.add(query);
            return Map.of(DAY_1, new Aggregates(10, 4, 99, 0, 99, 99, 99, 0, 0, BigDecimal.ZERO),
                    DAY_2, new Aggregates(6, 3, 99, 0, 99, 99, 99, 0, 0, BigDecimal.ZERO),
                    Group.NONE, new Aggregates(16, 5, 99, 0, 99, 99, 99, 0, 0, BigDecimal.ZERO));
        }

        final List<FunnelQuery> funnels = new ArrayList<>();

        /** By value DE: 3 entrants, 1 converting; over every value 5 and 2 (with a trend, all of them on day 1). */
        @Override
        public FunnelCounts funnel(FunnelQuery query) {
            funnels.add(query);
            List<FunnelCounts.StepCount> de = List.of(FunnelCounts.StepCount.first(3), new FunnelCounts.StepCount(1, 60_000.0, 60_000L));
            List<FunnelCounts.StepCount> all = List.of(FunnelCounts.StepCount.first(5), new FunnelCounts.StepCount(2, 60_000.0, 120_000L));
            return query.trend().isPresent()
                    ? new FunnelCounts(Map.of(Group.of(DAY_1.values().getFirst(), "DE"), de), Map.of(DAY_1, all), Optional.empty())
                    : new FunnelCounts(Map.of(Group.of("DE"), de), Map.of(Group.NONE, all), Optional.empty());
        }

        @Override
        public RetentionCounts retention(RetentionQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PathCounts paths(PathsQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StickinessCounts stickiness(StickinessQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public LifecycleCounts lifecycle(LifecycleQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Instant> firstEvent(String projectId) {
            return Optional.empty();
        }
    }

    /**
     * The rollup's events (as the raw ones, no visitors) and sessions kept per hour: 4 sessions on day 1, 1 of them a
     * bounce; no session starts on day 2.
     */
    private static final class KeptSessions implements RollupStore {
        @Override
        public Map<Group, Aggregates> aggregate(AggregateQuery query) {
            if (query.counts(Aggregates.Part.VISITORS)) {
                throw new AssertionError("visitors are not in the rollup");
            }
            return Map.of(DAY_1, new Aggregates(10, 0, 0, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO),
                    DAY_2, new Aggregates(6, 0, 0, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO),
                    Group.NONE, new Aggregates(16, 0, 0, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO));
        }

        @Override
        public Map<Group, Aggregates> sessions(AggregateQuery query) {
            return Map.of(DAY_1, new Aggregates(0, 0, 4, 0, 1, 0, 0, 0, 0, BigDecimal.ZERO),
                    Group.NONE, new Aggregates(0, 0, 4, 0, 1, 0, 0, 0, 0, BigDecimal.ZERO));
        }

        @Override
        public Set<Source> sources() {
            return EnumSet.of(Source.ROLLUP, Source.SESSIONS);
        }

        @Override
        public long refresh() {
            return 0;
        }
    }

    @Test
    void a_funnel_by_value_with_a_trend_asks_the_engine_twice_and_takes_all_users_from_the_same_answers() {
        RawEvents raw = new RawEvents();
        QueryService service = new QueryService(raw, Optional.empty(), QueryTelemetry.NONE);
        FunnelQuery query = new FunnelQuery("p", List.of(EventCriteria.of("page_view"), EventCriteria.of("sign_up")),
                Duration.ofDays(1), TWO_DAYS, ZoneId.of("UTC"), Optional.of(new Dimension.Property("country")))
                .withTrend(Granularity.DAY);

        Funnel funnel = service.funnel(query).result();

        assertThat(raw.funnels).hasSize(2); // the steps (values and all users), then the trend (values and all users)
        assertThat(raw.funnels.getFirst().trend()).isEmpty();
        assertThat(raw.funnels.get(1).trend()).isPresent();
        assertThat(funnel.overall()).extracting(Funnel.Step::users).containsExactly(5L, 2L);
        assertThat(funnel.breakdown()).singleElement().satisfies(de -> {
            assertThat(de.steps()).extracting(Funnel.Step::users).containsExactly(3L, 1L);
            assertThat(de.trend().getFirst().steps()).extracting(Funnel.Step::users).containsExactly(3L, 1L);
        });
        assertThat(funnel.trend()).extracting(interval -> interval.steps().getFirst().users()).containsExactly(5L, 0L);
    }

    @Test
    void session_facts_come_from_the_sessions_table_and_the_rows_from_the_events() {
        RawEvents raw = new RawEvents();
        QueryService service = new QueryService(raw, Optional.of(new KeptSessions()), QueryTelemetry.NONE);
        ReportQuery query = new ReportQuery("p", List.of(new MetricRef.Builtin(Metric.VISITORS), new MetricRef.Builtin(Metric.BOUNCE_RATE)),
                List.of(new Dimension.Time(Granularity.DAY)), List.of(), TWO_DAYS, ZoneId.of("UTC"), Optional.empty(), List.of(), 100);

        Answer<Report> answer = service.report(query);

        assertThat(answer.source()).isEqualTo("raw+sessions");
        assertThat(raw.asked).allSatisfy(asked -> assertThat(asked.counts(Aggregates.Part.SESSIONS)).isFalse());
        assertThat(answer.result().rows()).extracting(Report.Row::metrics).containsExactly(
                List.of(4L, 25.0),                                    // 1 bounce of 4 sessions
                Arrays.asList(3L, null));                   // a day of events but no session starting: no rate
        assertThat(answer.result().totals()).containsExactly(5L, 25.0);
    }

    @Test
    void session_metrics_alone_by_exit_page_read_no_event() {
        RawEvents raw = new RawEvents();
        QueryService service = new QueryService(raw, Optional.of(new KeptSessions()), QueryTelemetry.NONE);
        ReportQuery query = new ReportQuery("p", List.of(new MetricRef.Builtin(Metric.SESSIONS), new MetricRef.Builtin(Metric.BOUNCE_RATE)),
                List.of(new Dimension.ExitPage()), List.of(), TWO_DAYS, ZoneId.of("UTC"), Optional.empty(), List.of(), 100);

        Answer<Report> answer = service.report(query);

        assertThat(answer.source()).isEqualTo("sessions");
        assertThat(raw.asked).as("the sessions' rows are the report's rows").isEmpty();
        // KeptSessions answers every query with its day-1 group and totals: 4 sessions, 1 bounce
        assertThat(answer.result().rows()).extracting(Report.Row::metrics).containsExactly(List.of(4L, 25.0));
        assertThat(answer.result().totals()).containsExactly(4L, 25.0);
    }
    @Test
    void a_trend_plans_each_series_as_its_report_and_says_mixed_when_the_plans_differ() {
        RawEvents raw = new RawEvents();
        QueryService service = new QueryService(raw, Optional.of(new KeptSessions()), QueryTelemetry.NONE);
        TrendQuery query = new TrendQuery("p", List.of(new TrendSeries(EventCriteria.anyEvent(), new MetricRef.Builtin(Metric.VISITORS)),
                new TrendSeries(EventCriteria.anyEvent(), new MetricRef.Builtin(Metric.BOUNCE_RATE))), List.of(), List.of(),
                Granularity.DAY, TWO_DAYS, ZoneId.of("UTC"), Optional.empty(), 25);

        Answer<Trend> answer = service.trend(query);

        assertThat(answer.source()).isEqualTo("mixed"); // visitors from raw events, bounces from the rollup and sessions
        assertThat(answer.result().lines()).extracting(Trend.Line::values, Trend.Line::total).containsExactly(
                tuple(List.of(4L, 3L), 5L),
                tuple(Arrays.asList(25.0, null), 25.0));
        assertThat(raw.asked).allSatisfy(asked -> assertThat(asked.counts(Aggregates.Part.SESSIONS)).isFalse());
    }
}
