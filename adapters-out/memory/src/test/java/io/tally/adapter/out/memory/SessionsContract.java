package io.tally.adapter.out.memory;

import io.tally.application.port.in.Answer;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.QueryTelemetry;
import io.tally.application.port.out.RollupStore;
import io.tally.application.service.QueryService;
import io.tally.domain.event.Event;
import io.tally.domain.funnel.FunnelCounts;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.lifecycle.LifecycleCounts;
import io.tally.domain.lifecycle.LifecycleQuery;
import io.tally.domain.path.PathCounts;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Compare;
import io.tally.domain.query.Dimension;
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
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * The contract of {@link RollupStore#sessions}: the session facts of every {@link AgreementCases#sessionCases() session
 * case} equal those the reference engine counts from the events, for groups holding a session's first event; a report
 * of session metrics alone by exit page (or ungrouped), read from the sessions alone, equals the reference's, rows and
 * all. A store's test loads {@link AgreementCases#events()} through {@link #loadAsTrafficArrives} and extends this.
 */
public abstract class SessionsContract {

    private static final int BATCH = 4_000;

    private static MemoryStore reference;

    private static synchronized MemoryStore reference() {
        if (reference == null) {
            reference = MemoryStore.of(AgreementCases.events());
        }
        return reference;
    }

    /** The store's pre-aggregates, holding {@link AgreementCases#events()} as {@link #loadAsTrafficArrives} stored them. */
    protected abstract RollupStore rollups();

    /**
     * The events as real traffic brings them: shuffled (late and out-of-order events: every batch reaches hours that
     * earlier batches folded), in batches of 4,000, about 1 % of them sent a second time in a later batch, a refresh
     * after each third, and the last 5 % after the last refresh. (Batches of 1,000 cost the suite minutes of loading
     * across the fourteen store tests that load this way, and tested nothing more.)
     */
    public static void loadAsTrafficArrives(EventStore store, RollupStore rollups, List<Event> events) {
        List<Event> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(20));
        Random resend = new Random(21);
        int n = shuffled.size();
        List<Integer> refreshes = List.of(n / 3, 2 * n / 3, n * 95 / 100);
        int next = 0;
        for (int from = 0; from < n; from += BATCH) {
            List<Event> batch = new ArrayList<>(shuffled.subList(from, Math.min(from + BATCH, n)));
            for (int i = 0; i < BATCH / 100 && from > 0; i++) {
                batch.add(shuffled.get(resend.nextInt(from))); // an event stored before, sent again
            }
            store.append(batch);
            while (next < refreshes.size() && from + BATCH >= refreshes.get(next)) {
                rollups.refresh();
                next++;
            }
        }
    }

    /** The four session facts of an answer, for groups holding at least one session. */
    public static Map<Group, List<Long>> sessionFacts(Map<Group, Aggregates> answer) {
        Map<Group, List<Long>> facts = new HashMap<>();
        answer.forEach((group, a) -> {
            if (a.sessions() > 0) {
                facts.put(group, List.of(a.sessions(), a.bounces(), a.sessionMillis(), a.sessionPageviews()));
            }
        });
        return facts;
    }

    @Test
    void the_store_keeps_sessions() {
        assertThat(rollups().sources()).contains(Source.SESSIONS);
    }

    @ParameterizedTest
    @MethodSource("io.tally.adapter.out.memory.AgreementCases#sessionCases")
    void sessions_kept_per_hour_count_as_the_reference(AggregateQuery query) {
        Map<Group, List<Long>> expected = sessionFacts(reference().aggregate(query));
        assertThat(expected).as("a case must count sessions to prove anything").isNotEmpty();
        assertThat(sessionFacts(rollups().sessions(query))).isEqualTo(expected);
    }

    /** An engine that fails when asked: the reports it serves must be answered without reading an event. */
    private static final AnalyticsEngine NO_EVENTS = new AnalyticsEngine() {
        @Override
        public Map<Group, Aggregates> aggregate(AggregateQuery query) {
            throw new AssertionError("read events: " + query);
        }

        @Override
        public FunnelCounts funnel(FunnelQuery query) {
            throw new AssertionError("read events");
        }

        @Override
        public RetentionCounts retention(RetentionQuery query) {
            throw new AssertionError("read events");
        }

        @Override
        public PathCounts paths(PathsQuery query) {
            throw new AssertionError("read events");
        }

        @Override
        public StickinessCounts stickiness(StickinessQuery query) {
            throw new AssertionError("read events");
        }

        @Override
        public LifecycleCounts lifecycle(LifecycleQuery query) {
            throw new AssertionError("read events");
        }

        @Override
        public Optional<Instant> firstEvent(String projectId) {
            return Optional.empty();
        }
    };

    /** Reports of session metrics alone whose rows are the sessions' own (SourcePlanner.whyNotSessionsAlone). */
    static Stream<Arguments> sessionsAloneReports() {
        List<MetricRef> metrics = Stream.of(Metric.SESSIONS, Metric.BOUNCE_RATE, Metric.AVG_SESSION_DURATION, Metric.VIEWS_PER_SESSION)
                .<MetricRef>map(MetricRef.Builtin::new).toList();
        TimeRange october = new TimeRange(AgreementCases.END.minus(Duration.ofDays(30)), AgreementCases.END);
        TimeRange afternoon = new TimeRange(Instant.parse("2026-10-20T13:00:00Z"), Instant.parse("2026-10-21T02:00:00Z"));
        return Stream.of(
                argumentSet("by exit page", new ReportQuery("default", metrics, List.of(new Dimension.ExitPage()), List.of(),
                        AgreementCases.ALL, ZoneId.of("UTC"), Optional.empty(), List.of(), 10_000)),
                argumentSet("by exit page, compared, cut at the edges, Berlin", new ReportQuery("default", metrics,
                        List.of(new Dimension.ExitPage()), List.of(), october, ZoneId.of("Europe/Berlin"),
                        Optional.of(Compare.PREVIOUS_PERIOD), List.of(), 10_000)),
                argumentSet("ungrouped, cut at both edges", new ReportQuery("default", metrics, List.of(), List.of(), afternoon,
                        ZoneId.of("UTC"), Optional.empty(), List.of(), 10_000)));
    }

    @ParameterizedTest
    @MethodSource("sessionsAloneReports")
    void a_report_of_session_metrics_by_exit_page_has_the_reference_rows_without_reading_events(ReportQuery report) {
        Answer<Report> alone = new QueryService(NO_EVENTS, Optional.of(rollups()), QueryTelemetry.NONE).report(report);
        Report expected = new QueryService(reference(), Optional.empty(), QueryTelemetry.NONE).report(report).result();
        assertThat(alone.source()).isEqualTo("sessions");
        assertThat(expected.rows()).as("a case must have rows to prove anything").isNotEmpty();
        assertThat(alone.result().rows()).isEqualTo(expected.rows());
        assertThat(alone.result().totals()).isEqualTo(expected.totals());
        assertThat(alone.result().comparison()).isEqualTo(expected.comparison());
    }
}
