package io.tally.application.service;

import io.tally.application.fake.RecordingStore;
import io.tally.application.port.out.IngestTelemetry;
import io.tally.domain.event.Event;
import io.tally.domain.sample.TrafficGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

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
}
