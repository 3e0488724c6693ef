package io.tally.application.service;

import io.tally.application.fake.KeptDeadLetters;
import io.tally.application.fake.RecordingStore;
import io.tally.application.port.in.IngestEventsCommand;
import io.tally.application.port.in.IngestResult;
import io.tally.application.port.out.IngestTelemetry;
import io.tally.domain.event.EventLimits;
import io.tally.domain.event.EventValidator;
import io.tally.domain.event.SubmittedEvent;
import io.tally.domain.validation.ViolationKind;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class IngestionServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private final RecordingStore store = new RecordingStore();
    private final List<String> rejectedReasons = new ArrayList<>();
    private final IngestTelemetry telemetry = new IngestTelemetry() {
        @Override public void accepted(int events) { }
        @Override public void rejected(String reason) { rejectedReasons.add(reason); }
        @Override public void flushed(int events, Duration took) { }
        @Override public void flushFailed() { }
        @Override public void deadLettered(int records) { }
        @Override public void botsExcluded(int events) { }
        @Override public void overloaded() { }
        @Override public void queueDepth(int events) { }
    };

    private IngestionService service(WriterSettings settings) {
        return new IngestionService(new EventValidator(EventLimits.DEFAULT), EventEnricher.none(), "default"::equals,
                new BatchingWriter(store, settings, telemetry), telemetry, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static SubmittedEvent event(String id) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("event_id", id);
        fields.put("user_id", "u");
        fields.put("session_id", "s");
        fields.put("event_type", "page_view");
        return new SubmittedEvent.Fields(fields);
    }

    @Test
    void a_mixed_batch_stores_every_valid_event_and_reports_the_others_by_index() {
        IngestionService service = service(WriterSettings.DEFAULT);
        IngestResult result = service.ingest(new IngestEventsCommand("default", List.of(
                event("a"), new SubmittedEvent.Unreadable("malformed JSON"), event("b"),
                new SubmittedEvent.Fields(Map.of("event_id", "c"))), true));
        assertThat(result).isInstanceOfSatisfying(IngestResult.Accepted.class, accepted -> {
            assertThat(accepted.accepted()).isEqualTo(2);
            assertThat(accepted.rejected()).extracting(IngestResult.Rejection::index).containsExactly(1, 3);
        });
        assertThat(store.stored()).containsOnlyKeys("a", "b");
        assertThat(rejectedReasons).containsExactly("malformed", ViolationKind.MISSING.label());
    }

    @Test
    void nothing_valid_stores_nothing() {
        IngestResult result = service(WriterSettings.DEFAULT).ingest(new IngestEventsCommand("default",
                List.of(new SubmittedEvent.Unreadable("x")), true));
        assertThat(result).isInstanceOf(IngestResult.NothingValid.class);
        assertThat(store.stored()).isEmpty();
    }

    @Test
    void a_saturated_writer_pushes_back_and_accepts_nothing() {
        store.hold();
        IngestionService service = service(new WriterSettings(2, 1, Duration.ofMillis(1), Duration.ofMillis(5)));
        assertThat(service.ingest(new IngestEventsCommand("default", List.of(event("a"), event("b")), false)))
                .isInstanceOf(IngestResult.Accepted.class);
        IngestResult refused = service.ingest(new IngestEventsCommand("default", List.of(event("c")), false));
        assertThat(refused).isInstanceOfSatisfying(IngestResult.Overloaded.class,
                o -> assertThat(o.retryAfter()).isPositive());
        store.release();
        assertThat(rejectedReasons).isEmpty();
    }

    private static SubmittedEvent event(String id, String user) {
        Map<String, Object> fields = new HashMap<>(((SubmittedEvent.Fields) event(id)).values());
        fields.put("user_id", user);
        return new SubmittedEvent.Fields(fields);
    }

    @Test
    void copies_of_an_event_in_one_request_are_counted_as_duplicates_and_the_first_is_stored() {
        IngestionService service = service(WriterSettings.DEFAULT);
        // a, a again (another user: still a copy, the first wins), b, an invalid copy of a, a third a
        IngestResult result = service.ingest(new IngestEventsCommand("default", List.of(event("a", "first"),
                event("a", "second"), event("b"), new SubmittedEvent.Fields(Map.of("event_id", "a")), event("a")), true));
        assertThat(result).isInstanceOfSatisfying(IngestResult.Accepted.class, accepted -> {
            assertThat(accepted.accepted()).isEqualTo(2);
            assertThat(accepted.duplicates()).isEqualTo(2);
            assertThat(accepted.rejected()).extracting(IngestResult.Rejection::index).containsExactly(3);
        });
        assertThat(store.stored()).containsOnlyKeys("a", "b");
        assertThat(store.stored().get("a").userId()).isEqualTo("first");
        assertThat(store.batchSizes()).containsExactly(2);
    }

    @Test
    void in_collector_mode_only_the_first_copy_is_published() {
        List<String> published = new ArrayList<>();
        IngestionService service = new IngestionService(new EventValidator(EventLimits.DEFAULT), EventEnricher.none(),
                "default"::equals, new BatchingWriter(store, WriterSettings.DEFAULT, telemetry),
                Optional.of(events -> {
                    events.forEach(e -> published.add(e.eventId() + "/" + e.userId()));
                    return CompletableFuture.completedFuture(null);
                }), telemetry, Clock.fixed(NOW, ZoneOffset.UTC));
        IngestResult result = service.ingest(new IngestEventsCommand("default",
                List.of(event("a", "first"), event("a", "second"), event("a", "third")), false));
        assertThat(result).isInstanceOfSatisfying(IngestResult.Accepted.class, accepted -> {
            assertThat(accepted.accepted()).isEqualTo(1);
            assertThat(accepted.duplicates()).isEqualTo(2);
        });
        assertThat(published).containsExactly("a/first");
    }

    @Test
    void waiting_for_a_stuck_store_answers_not_yet_stored_once_the_wait_bound_passed_and_the_events_stay_accepted()
            throws Exception {
        store.hold();
        IngestionService service = service(new WriterSettings(1_000, 10, Duration.ofMillis(1), Duration.ofMillis(5), 3,
                Duration.ofMillis(50)));
        IngestResult result = service.ingest(new IngestEventsCommand("default", List.of(event("a"), event("b"), event("a"),
                new SubmittedEvent.Unreadable("x")), true));
        assertThat(result).isInstanceOfSatisfying(IngestResult.NotYetStored.class, pending -> {
            assertThat(pending.accepted().accepted()).isEqualTo(2);
            assertThat(pending.accepted().duplicates()).isEqualTo(1);
            assertThat(pending.accepted().rejected()).extracting(IngestResult.Rejection::index).containsExactly(3);
            assertThat(pending.waited()).isEqualTo(Duration.ofMillis(50));
            assertThat(pending.retryAfter()).isPositive();
        });
        store.release();
        awaitStored(2);
        assertThat(store.stored()).containsOnlyKeys("a", "b");
    }

    @Test
    void waiting_for_events_the_store_refuses_says_which_were_set_aside_and_stores_the_others() {
        store.refuse("b");
        KeptDeadLetters letters = new KeptDeadLetters();
        IngestionService service = new IngestionService(new EventValidator(EventLimits.DEFAULT), EventEnricher.none(),
                "default"::equals, new BatchingWriter(store, new WriterSettings(1_000, 10, Duration.ofMillis(1),
                Duration.ofMillis(1)), telemetry, letters, Clock.fixed(NOW, ZoneOffset.UTC)), telemetry,
                Clock.fixed(NOW, ZoneOffset.UTC));
        IngestResult result = service.ingest(new IngestEventsCommand("default", List.of(event("a"), event("b"), event("c")),
                true));
        assertThat(result).isInstanceOfSatisfying(IngestResult.Accepted.class, accepted -> {
            assertThat(accepted.accepted()).isEqualTo(3);
            assertThat(accepted.setAside()).singleElement().satisfies(b -> {
                assertThat(b.eventId()).isEqualTo("b");
                assertThat(b.projectId()).isEqualTo("default");
                assertThat(b.reason()).contains("refused event b");
            });
        });
        assertThat(store.stored()).containsOnlyKeys("a", "c");
        assertThat(letters.eventIds()).containsExactly("b");
    }

    private void awaitStored(int events) throws InterruptedException {
        for (int i = 0; i < 2_000 && store.count() < events; i++) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }
}
