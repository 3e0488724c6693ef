package io.tally.application.service;

import io.tally.application.fake.MovableClock;
import io.tally.application.port.in.Admission;
import io.tally.application.port.in.AdmitRequestsUseCase;
import io.tally.application.port.in.AnalyticsQuery;
import io.tally.application.port.in.AnalyticsRequest;
import io.tally.application.port.in.AnswerAnalyticsUseCase.Outcome;
import io.tally.application.port.in.AnswerForm;
import io.tally.application.port.in.CacheStatus;
import io.tally.application.port.in.ManageDefinitionsUseCase;
import io.tally.application.port.in.shape.JsonText;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.QueryCache;
import io.tally.application.port.out.QueryTelemetry;
import io.tally.domain.annotation.Annotation;
import io.tally.domain.funnel.FunnelCounts;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.lifecycle.LifecycleCounts;
import io.tally.domain.lifecycle.LifecycleQuery;
import io.tally.domain.path.PathCounts;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Group;
import io.tally.domain.query.TimeseriesRequest;
import io.tally.domain.request.Definitions;
import io.tally.domain.retention.RetentionCounts;
import io.tally.domain.retention.RetentionQuery;
import io.tally.domain.stickiness.StickinessCounts;
import io.tally.domain.stickiness.StickinessQuery;
import io.tally.domain.validation.Violation;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The front door over small fakes: a counting engine, a map cache, a limit that admits or refuses. */
class AnalyticsServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:30:00Z");
    private static final AnswerForm TEXT = AnswerForm.of("text",
            (chart, kind) -> (kind.label() + " " + JsonText.write(chart)).getBytes(StandardCharsets.UTF_8));

    /** Answers every aggregation with 7 page views (9 events, 2 visitors) in each group it is asked for. */
    private static final class CountingEngine implements AnalyticsEngine {
        final List<AggregateQuery> asked = new ArrayList<>();

        @Override
        public Map<Group, Aggregates> aggregate(AggregateQuery query) {
            asked.add(query);
            Aggregates seven = new Aggregates(9, 2, 0, 7, 0, 0, 0, 0, 0, BigDecimal.ZERO);
            return query.dimensions().isEmpty() ? Map.of(Group.NONE, seven)
                    : Map.of(Group.of("2026-11-28T10:00:00Z"), seven); // the 10:00 hour of a time series
        }

        @Override
        public FunnelCounts funnel(FunnelQuery query) {
            throw new UnsupportedOperationException();
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

    private static final class MapCache implements QueryCache {
        final Map<String, byte[]> entries = new HashMap<>();

        @Override
        public Optional<byte[]> get(String key) {
            return Optional.ofNullable(entries.get(key));
        }

        @Override
        public void put(String key, byte[] value, Duration ttl) {
            entries.put(key, value);
        }

        @Override
        public long version(String projectId) {
            return 0;
        }

        @Override
        public void bump(String projectId) {
        }
    }

    private static final Admission ADMITTED = new Admission(true, 30, 29, 2, 0, false);
    private static final Admission REFUSED = new Admission(false, 30, 0, 2, 2, false);

    private final CountingEngine engine = new CountingEngine();
    private final MapCache cache = new MapCache();
    private Admission decision = ADMITTED;
    private final List<Annotation> annotations = new ArrayList<>();
    private final AnalyticsService frontDoor = frontDoor();

    private AnalyticsService frontDoor() {
        return frontDoor(Set.of());
    }

    private AnalyticsService frontDoor(Set<String> engagement) {
        MovableClock clock = new MovableClock(NOW);
        AdmitRequestsUseCase limits = new AdmitRequestsUseCase() {
            @Override
            public Admission admitIngest(String projectId, String caller, int events) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Admission admitQuery(String projectId, String caller) {
                return decision;
            }
        };
        return new AnalyticsService(new QueryService(engine, Optional.empty(), QueryTelemetry.NONE, engagement), definitions(),
                new CachePolicy(cache, CachePolicy.Settings.DEFAULT, QueryTelemetry.NONE, clock), limits, clock);
    }

    /** A project with no saved KPIs or cohorts, and {@link #annotations}, oldest first (their version: their list as text). */
    private ManageDefinitionsUseCase definitions() {
        return (ManageDefinitionsUseCase) Proxy.newProxyInstance(
                AnalyticsServiceTest.class.getClassLoader(),
                new Class<?>[]{ManageDefinitionsUseCase.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "definitions" -> Definitions.NONE;
                    case "annotations" -> annotations.stream() // oldest first, as the use case lists them
                            .sorted(Comparator.comparing(Annotation::at).thenComparing(Annotation::id)).toList();
                    case "annotationsVersion" -> annotations.toString();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static AnalyticsRequest report(Map<String, Object> body, boolean force) {
        return new AnalyticsRequest("p", Optional.of("key-1"), AnalyticsQuery.Kind.REPORT, new AnalyticsRequest.Asked.Body(body),
                force, TEXT);
    }

    private static String text(Outcome outcome) {
        return new String(((Outcome.Answered) outcome).body(), StandardCharsets.UTF_8);
    }

    @Test
    void a_caller_over_its_query_limit_is_refused_before_anything_is_read_or_run() {
        decision = REFUSED;
        Outcome outcome = frontDoor.answer(report(Map.of("metrics", List.of("nope")), false));
        assertThat(outcome).isEqualTo(new Outcome.RateLimited(REFUSED));
        assertThat(engine.asked).isEmpty();
        assertThat(cache.entries).isEmpty();
    }

    @Test
    void an_invalid_request_names_the_field_and_keeps_the_limit_for_the_headers() {
        Outcome outcome = frontDoor.answer(report(Map.of("metrics", List.of("visits")), false));
        assertThat(outcome).isInstanceOf(Outcome.Invalid.class);
        assertThat(((Outcome.Invalid) outcome).violations()).extracting(Violation::field).containsExactly("metrics[0]");
        assertThat(outcome.limit()).contains(ADMITTED);
        assertThat(engine.asked).isEmpty();
    }

    @Test
    void a_report_is_computed_once_then_answered_from_the_cache_for_another_spelling() {
        Outcome first = frontDoor.answer(report(Map.of("metrics", List.of("pageviews"), "date_range", "last_7d"), false));
        // the same question with the default zone written out: one cache entry
        Outcome second = frontDoor.answer(report(Map.of("metrics", List.of("pageviews"), "date_range", "last_7d",
                "timezone", "UTC"), false));
        assertThat(((Outcome.Answered) first).cache()).isEqualTo(CacheStatus.MISS);
        assertThat(((Outcome.Answered) second).cache()).isEqualTo(CacheStatus.HIT);
        assertThat(((Outcome.Answered) second).body()).isEqualTo(((Outcome.Answered) first).body());
        assertThat(engine.asked).hasSize(1); // the totals only: no dimension, so no groups are asked apart
        assertThat(cache.entries).hasSize(1);
    }

    @Test
    void a_forced_refresh_computes_again_and_replaces_the_entry() {
        Map<String, Object> body = Map.of("metrics", List.of("pageviews"), "date_range", "last_7d");
        frontDoor.answer(report(body, false));
        Outcome forced = frontDoor.answer(report(body, true));
        assertThat(((Outcome.Answered) forced).cache()).isEqualTo(CacheStatus.BYPASS);
        assertThat(engine.asked).hasSize(2);
        assertThat(((Outcome.Answered) frontDoor.answer(report(body, false))).cache()).isEqualTo(CacheStatus.HIT);
        assertThat(engine.asked).hasSize(2);
    }

    @Test
    void a_computed_report_is_the_chart_in_the_form_asked_for_marked_not_cached() {
        String answer = text(frontDoor.answer(report(Map.of("metrics", List.of("pageviews"), "date_range", "last_7d"), false)));
        // 7 page views in the one row and in the totals, as the engine counted them
        // (a column is a map without order: its two entries are looked for apart)
        assertThat(answer).startsWith("report {\"columns\":[{").contains("\"name\":\"pageviews\"", "\"type\":\"metric\"")
                .contains("}],\"rows\":[[7]],\"totals\":{\"pageviews\":7},\"meta\":{\"source\":\"raw\",\"query_ms\":");
        assertThat(answer).endsWith(",\"cached\":false}}");
    }

    @Test
    void a_time_series_by_parameters_is_the_report_by_hour_with_every_bucket() {
        TimeseriesRequest parameters = new TimeseriesRequest(Optional.of("page_views"), Optional.of("2026-11-28T09:00:00Z"),
                Optional.of("2026-11-28T12:00:00Z"), Optional.empty(), Optional.empty());
        Outcome outcome = frontDoor.answer(new AnalyticsRequest("p", Optional.of("key-1"), AnalyticsQuery.Kind.TIMESERIES,
                new AnalyticsRequest.Asked.Parameters(parameters), false, TEXT));
        String answer = text(outcome);
        // 09:00, 10:00 (the engine's 7 page views), 11:00: hourly in UTC by default
        assertThat(answer).startsWith("timeseries {\"columns\":[{").contains("\"name\":\"page_views\"", "\"type\":\"integer\"")
                .contains("}],\"rows\":[[\"2026-11-28T09:00:00Z\",0],"
                + "[\"2026-11-28T10:00:00Z\",7],[\"2026-11-28T11:00:00Z\",0]],\"meta\":{\"interval\":\"hour\","
                + "\"timezone\":\"UTC\",\"from\":\"2026-11-28T09:00:00Z\",\"to\":\"2026-11-28T12:00:00Z\",\"source\":\"raw\"");
        assertThat(engine.asked).singleElement().satisfies(asked -> assertThat(asked.filters()).isEmpty());
    }

    private AnalyticsRequest hourly(String from, String to) {
        TimeseriesRequest parameters = new TimeseriesRequest(Optional.of("page_views"), Optional.of(from), Optional.of(to),
                Optional.empty(), Optional.empty());
        return new AnalyticsRequest("p", Optional.of("key-1"), AnalyticsQuery.Kind.TIMESERIES,
                new AnalyticsRequest.Asked.Parameters(parameters), false, TEXT);
    }

    @Test
    void answers_counted_with_other_engagement_types_are_cached_apart() {
        AnalyticsRequest asked = hourly("2026-11-28T09:00:00Z", "2026-11-28T12:00:00Z");
        frontDoor.answer(asked);
        AnalyticsService withHeartbeats = frontDoor(Set.of("heartbeat"));
        assertThat(((Outcome.Answered) withHeartbeats.answer(asked)).cache()).as("another set, another question").isEqualTo(CacheStatus.MISS);
        assertThat(((Outcome.Answered) withHeartbeats.answer(asked)).cache()).isEqualTo(CacheStatus.HIT);
        assertThat(((Outcome.Answered) frontDoor.answer(asked)).cache()).isEqualTo(CacheStatus.HIT);
    }

    @Test
    void an_answer_along_time_shows_the_annotations_of_its_range_and_a_new_one_is_seen_at_once() {
        annotations.add(new Annotation("00000000000000a1", Instant.parse("2026-11-28T10:30:00Z"), "launch"));
        annotations.add(new Annotation("00000000000000a2", Instant.parse("2026-11-28T12:00:00Z"), "at the range's end: outside"));
        String answer = text(frontDoor.answer(hourly("2026-11-28T09:00:00Z", "2026-11-28T12:00:00Z")));
        assertThat(answer).contains("\"annotations\":[{\"id\":\"00000000000000a1\",\"at\":\"2026-11-28T10:30:00Z\",\"text\":\"launch\"}]");

        annotations.add(new Annotation("00000000000000a3", Instant.parse("2026-11-28T09:00:00Z"), "start"));
        Outcome again = frontDoor.answer(hourly("2026-11-28T09:00:00Z", "2026-11-28T12:00:00Z"));
        assertThat(((Outcome.Answered) again).cache()).as("the annotations' version is part of the key").isEqualTo(CacheStatus.MISS);
        assertThat(text(again)).contains("\"annotations\":[{\"id\":\"00000000000000a3\"", "\"id\":\"00000000000000a1\"");
    }

    @Test
    void an_answer_not_along_time_has_no_annotations() {
        annotations.add(new Annotation("00000000000000a1", Instant.parse("2026-11-25T10:30:00Z"), "launch"));
        String answer = text(frontDoor.answer(report(Map.of("metrics", List.of("pageviews"), "date_range", "last_7d"), false)));
        assertThat(answer).doesNotContain("annotations");
    }

    @Test
    void a_widget_is_not_limited_on_its_own() {
        decision = REFUSED;
        Outcome outcome = frontDoor.answer(new AnalyticsRequest("p", Optional.empty(), AnalyticsQuery.Kind.REPORT,
                new AnalyticsRequest.Asked.Body(Map.of("metrics", List.of("pageviews"))), false, TEXT));
        assertThat(outcome).isInstanceOf(Outcome.Answered.class);
        assertThat(outcome.limit()).isEmpty();
    }
}
