package io.tally.application.service;

import io.tally.application.fake.KeptDeadLetters;
import io.tally.application.fake.RecordingStore;
import io.tally.application.port.in.SetAside;
import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.IngestTelemetry;
import io.tally.application.port.out.StoreRow;
import io.tally.domain.event.Event;
import io.tally.domain.sample.TrafficGenerator;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The batching writer's rules, timed by a ticker the test moves: no case reads or asserts the wall clock. */
class BatchingWriterTest {

    private static List<Event> events(int n, long seed) {
        return TrafficGenerator.list(new TrafficGenerator.Settings(n, 2, seed, Instant.parse("2026-11-28T00:00:00Z"), "default"));
    }

    @Test
    void a_full_batch_is_written_at_once_and_a_partial_one_once_its_oldest_event_has_waited_the_delay() throws Exception {
        RecordingStore store = new RecordingStore();
        AtomicLong ticker = new AtomicLong(); // the writer's time, moved by hand: it never moves on its own
        var writer = new BatchingWriter(store, new WriterSettings(1_000, 100, Duration.ofMillis(300), Duration.ofMillis(10)),
                IngestTelemetry.NONE, ticker::get);
        writer.offer(events(100, 1)).orElseThrow().get(10, TimeUnit.SECONDS); // no time passed: written for its size
        assertThat(store.count()).isEqualTo(100);

        CompletableFuture<Void> partial = writer.offer(events(5, 2)).orElseThrow();
        ticker.addAndGet(Duration.ofMillis(299).toNanos());
        assertThat(partial).as("a millisecond short of the delay").isNotDone();
        assertThat(store.count()).isEqualTo(100);
        ticker.addAndGet(Duration.ofMillis(1).toNanos());
        partial.get(10, TimeUnit.SECONDS);
        assertThat(store.count()).isEqualTo(105);
        assertThat(store.batchSizes()).containsExactly(100, 5);
        writer.close();
    }

    /** The store's rows are made by the threads that offer (request threads run in parallel), the writer only writes. */
    @Test
    void rows_are_made_on_the_offering_thread_and_written_as_made() throws Exception {
        Set<String> makers = ConcurrentHashMap.newKeySet();
        Set<String> writers = ConcurrentHashMap.newKeySet();
        List<StoreRow> written = new CopyOnWriteArrayList<>();
        record Made(Event event) implements StoreRow {
        }
        EventStore store = new EventStore() {
            @Override
            public StoreRow row(Event event) {
                makers.add(Thread.currentThread().getName());
                return new Made(event);
            }

            @Override
            public long appendRows(List<? extends StoreRow> rows) {
                writers.add(Thread.currentThread().getName());
                written.addAll(rows);
                return rows.size();
            }

            @Override
            public long append(List<Event> events) {
                throw new AssertionError("the writer hands over the rows it was given");
            }

            @Override
            public boolean isAvailable() {
                return true;
            }
        };
        var writer = new BatchingWriter(store, new WriterSettings(1_000, 10, Duration.ofMillis(1), Duration.ofMillis(5)),
                IngestTelemetry.NONE);
        List<Event> offered = events(25, 4);
        Thread.ofPlatform().name("request-1").start(() -> writer.offer(offered).orElseThrow().join()).join();
        writer.close();
        assertThat(makers).containsExactly("request-1");
        assertThat(writers).containsExactly("tally-batching-writer");
        assertThat(written).allMatch(row -> row instanceof Made).extracting(StoreRow::event).containsExactlyElementsOf(offered);
    }

    @Test
    void a_full_queue_refuses_instead_of_growing() {
        RecordingStore store = new RecordingStore();
        store.hold(); // the store hangs: nothing drains
        var writer = new BatchingWriter(store, new WriterSettings(300, 100, Duration.ofMillis(1), Duration.ofMillis(10)),
                IngestTelemetry.NONE);
        assertThat(writer.offer(events(200, 1))).isPresent();
        assertThat(writer.offer(events(100, 2))).isPresent();
        assertThat(writer.offer(events(1, 3))).isEmpty();
        assertThat(writer.queued()).isEqualTo(300);
        store.release();
        assertThat(writer.close(Duration.ofSeconds(10))).isTrue();
        assertThat(store.count()).isEqualTo(300);
    }

    @Test
    void failed_writes_are_retried_without_losing_events() throws Exception {
        RecordingStore store = new RecordingStore();
        store.failNext(3);
        var writer = new BatchingWriter(store, new WriterSettings(1_000, 50, Duration.ofMillis(5), Duration.ofMillis(5)),
                IngestTelemetry.NONE);
        writer.offer(events(50, 9)).orElseThrow().get(10, TimeUnit.SECONDS);
        assertThat(store.count()).isEqualTo(50);
        writer.close();
    }

    @Test
    void closing_writes_everything_accepted() {
        RecordingStore store = new RecordingStore();
        var writer = new BatchingWriter(store, new WriterSettings(100_000, 10_000, Duration.ofHours(1), Duration.ofMillis(5)),
                IngestTelemetry.NONE);
        for (int i = 0; i < 20; i++) {
            writer.offer(events(100, i));
        }
        assertThat(store.count()).isZero(); // neither batch size nor delay reached
        assertThat(writer.close(Duration.ofSeconds(10))).isTrue();
        assertThat(store.count()).isEqualTo(2_000);
        assertThat(writer.offer(events(1, 99))).as("a closed writer takes nothing").isEmpty();
    }

    /** Counts what the writer reports about failures and dead letters. */
    private static final class CountingTelemetry implements IngestTelemetry {
        final AtomicInteger failedWrites = new AtomicInteger();
        final AtomicInteger deadLettered = new AtomicInteger();

        @Override public void accepted(int events) { }
        @Override public void rejected(String reason) { }
        @Override public void flushed(int events, Duration took) { }
        @Override public void flushFailed() { failedWrites.incrementAndGet(); }
        @Override public void deadLettered(int records) { }
        @Override public void storeDeadLettered(int events) { deadLettered.addAndGet(events); }
        @Override public void botsExcluded(int events) { }
        @Override public void overloaded() { }
        @Override public void queueDepth(int events) { }
    }

    private static final Instant SET_ASIDE_AT = Instant.parse("2026-12-06T10:00:00Z");

    /** Splits after 3 failures in a row, pauses a millisecond after a failure. */
    private static BatchingWriter writer(RecordingStore store, KeptDeadLetters letters, IngestTelemetry telemetry) {
        return new BatchingWriter(store, new WriterSettings(10_000, 1_000, Duration.ofMillis(5), Duration.ofMillis(1), 3,
                Duration.ofSeconds(30)), telemetry, letters, Clock.fixed(SET_ASIDE_AT, ZoneOffset.UTC));
    }

    private static List<SetAside> setAside(CompletableFuture<Void> stored) {
        Throwable failure = catchThrowable(() -> stored.get(10, TimeUnit.SECONDS));
        assertThat(failure).as("the submission ends saying what was set aside").isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(EventsSetAside.class);
        return ((EventsSetAside) failure.getCause()).setAside();
    }

    @Test
    void an_event_the_store_always_refuses_is_set_aside_with_its_reason_and_every_other_event_is_stored() throws Exception {
        RecordingStore store = new RecordingStore();
        KeptDeadLetters letters = new KeptDeadLetters();
        CountingTelemetry telemetry = new CountingTelemetry();
        List<Event> sent = events(100, 1);
        Event bad = sent.get(37);
        store.refuse(bad.eventId());
        var writer = writer(store, letters, telemetry);

        List<SetAside> setAside = setAside(writer.offer(sent).orElseThrow());

        assertThat(setAside).singleElement().satisfies(event -> {
            assertThat(event.eventId()).isEqualTo(bad.eventId());
            assertThat(event.projectId()).isEqualTo(bad.projectId());
            assertThat(event.reason()).contains("refused event " + bad.eventId()).contains("a value it cannot take");
        });
        assertThat(store.stored()).hasSize(99).doesNotContainKey(bad.eventId());
        assertThat(letters.kept()).singleElement().satisfies(letter -> {
            assertThat(letter.event()).isEqualTo(bad);
            assertThat(letter.error()).contains("a value it cannot take");
            assertThat(letter.setAsideAt()).isEqualTo(SET_ASIDE_AT);
        });
        assertThat(telemetry.deadLettered).hasValue(1);
        assertThat(writer.queued()).as("the queue drained").isZero();

        writer.offer(events(50, 2)).orElseThrow().get(10, TimeUnit.SECONDS);
        assertThat(store.count()).as("later submissions are stored").isEqualTo(149);
        writer.close();
    }

    @Test
    void a_refused_event_alone_in_its_batch_waits_until_the_store_stores_later_events_and_is_then_set_aside()
            throws Exception {
        RecordingStore store = new RecordingStore();
        KeptDeadLetters letters = new KeptDeadLetters();
        CountingTelemetry telemetry = new CountingTelemetry();
        Event bad = events(1, 3).getFirst();
        store.refuse(bad.eventId());
        var writer = writer(store, letters, telemetry);

        CompletableFuture<Void> alone = writer.offer(List.of(bad)).orElseThrow();
        while (telemetry.failedWrites.get() < 6) { // twice as often as splits a batch: no write proved the store healthy
            TimeUnit.MILLISECONDS.sleep(1);
        }
        assertThat(letters.kept()).as("nothing shows the store takes writes: kept and retried").isEmpty();
        assertThat(alone).isNotDone();

        writer.offer(events(20, 4)).orElseThrow().get(10, TimeUnit.SECONDS);

        assertThat(setAside(alone)).extracting(SetAside::eventId).containsExactly(bad.eventId());
        assertThat(letters.eventIds()).containsExactly(bad.eventId());
        assertThat(store.count()).isEqualTo(20);
        assertThat(writer.queued()).isZero();
        writer.close();
    }

    @Test
    void a_store_that_fails_every_write_for_a_while_sets_nothing_aside_and_stores_everything_once_back() throws Exception {
        RecordingStore store = new RecordingStore();
        KeptDeadLetters letters = new KeptDeadLetters();
        store.failNext(60); // enough to split the batch down to single events and retry each of them several times
        var writer = writer(store, letters, new CountingTelemetry());

        writer.offer(events(8, 5)).orElseThrow().get(30, TimeUnit.SECONDS);
        writer.offer(events(8, 6)).orElseThrow().get(30, TimeUnit.SECONDS);

        assertThat(store.count()).isEqualTo(16);
        assertThat(letters.kept()).isEmpty();
        assertThat(writer.queued()).isZero();
        writer.close();
    }
}
