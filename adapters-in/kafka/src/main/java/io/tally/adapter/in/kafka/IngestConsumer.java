package io.tally.adapter.in.kafka;

import io.helidon.tracing.Scope;
import io.helidon.tracing.Span;
import io.tally.application.port.in.StoreEventsUseCase;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One member of the ingest consumer group, in two stages: this member's thread polls, decodes and prepares (validates,
 * enriches) the next batch while a second thread stores the last one, so the Java work and the store's work overlap on
 * two cores. A batch's offsets are committed, by the polling thread, only once it is stored (and its dead letters
 * sent), in poll order, so offsets never run ahead of stored data (at least once; the store's event-id deduplication
 * makes it exactly once in effect). At most one batch is stored and one waits prepared; meanwhile the partitions are
 * paused (still polling, so the member keeps its place in the group). While the store fails, the same batch is retried
 * with growing backoff; the prepared batch keeps its progress, so the use case goes on where it stopped (it splits a
 * batch that keeps failing and sends an event the store refuses while taking others to the dead-letter topic,
 * {@code store_refused}, acknowledged before the batch is committed). On a rebalance the member waits (briefly) for the batch being stored and commits it, then
 * rewinds every partition it keeps to the start of its oldest batch not stored, so no record is skipped.
 */
final class IngestConsumer implements AutoCloseable, ConsumerRebalanceListener {

    private static final System.Logger LOG = System.getLogger(IngestConsumer.class.getName());
    /** How long a rebalance or a stop waits for the batch being stored before leaving it uncommitted (read again). */
    private static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(20);

    /** A polled batch: what the use case made of it and the offsets it spans per partition. */
    private record Batch(StoreEventsUseCase.Prepared prepared, Map<TopicPartition, Long> start,
                         Map<TopicPartition, OffsetAndMetadata> end) {
    }

    /** A batch handed to the storing thread. */
    private record InFlight(Batch batch, Future<StoreEventsUseCase.Outcome> outcome) {
    }

    private final KafkaIngest.Settings settings;
    private final StoreEventsUseCase store;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final ExecutorService storing = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("tally-kafka-store").daemon().factory());
    private volatile boolean running = true;

    private InFlight inFlight;
    private Batch retrying;
    private Batch ready;
    private boolean paused;
    private Duration backoff = Duration.ofMillis(100);
    private Instant retryAt = Instant.MIN;

    IngestConsumer(KafkaIngest.Settings settings, StoreEventsUseCase store) {
        this.settings = settings;
        this.store = store;
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxBatch());
        // a fetch of 1 MiB a partition (Kafka's default) holds about 2,500 events: a poll could not fill a large batch
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = Thread.ofPlatform().name("tally-kafka-consumer").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        consumer.subscribe(List.of(settings.topic()), this);
        Duration pollBackoff = Duration.ofMillis(100);
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    // with a batch waiting, poll only to stay in the group (the partitions are paused), and briefly
                    records = consumer.poll(ready == null ? Duration.ofMillis(200) : Duration.ofMillis(5));
                    reportLag();
                    pollBackoff = Duration.ofMillis(100);
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // a broker or group hiccup must not end ingestion for good: log it, wait, poll again
                    LOG.log(System.Logger.Level.ERROR, "polling Kafka failed; retrying", e);
                    sleep(pollBackoff);
                    pollBackoff = longer(pollBackoff);
                    continue;
                }
                if (ready == null && !records.isEmpty()) {
                    ready = take(records);
                }
                settle(Duration.ZERO);
                handOver();
                if (ready != null && !paused) {
                    consumer.pause(consumer.assignment()); // nothing more until the waiting batch is handed over
                    paused = true;
                }
                if (ready != null && inFlight != null) {
                    settle(Duration.ofMillis(200)); // the store is the bottleneck now: wait for it, not the broker
                    handOver();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "the Kafka consumer stopped; this node no longer ingests from Kafka", e);
            throw e;
        } finally {
            try {
                settle(IN_FLIGHT_WAIT); // a batch stored while stopping is committed, not read again
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "committing the last stored batch failed; it will be read again", e);
            }
            storing.shutdownNow();
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Commits the batch being stored once it is, within {@code wait}; a failed one is handed back to be stored again
     * after the backoff. Returns with the batch still in flight when it is not done yet.
     */
    private void settle(Duration wait) {
        if (inFlight == null) {
            return;
        }
        try {
            inFlight.outcome().get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException e) {
            if (running) {
                LOG.log(System.Logger.Level.WARNING, "storing a batch failed; retrying in " + backoff.toMillis() + " ms: "
                        + e.getCause().getMessage(), e.getCause());
            }
            retryAt = Instant.now().plus(backoff);
            backoff = longer(backoff);
            retrying = inFlight.batch(); // first again; a batch prepared meanwhile waits behind it (its offsets come later)
            inFlight = null;
            return;
        }
        consumer.commitSync(inFlight.batch().end());
        inFlight = null;
        backoff = Duration.ofMillis(100);
    }

    /** Hands the oldest batch not stored to the storing thread, when it is free (and a failed batch's wait is over). */
    private void handOver() {
        if (inFlight != null) {
            return;
        }
        Batch next = retrying != null ? retrying : ready;
        if (next == null || (next == retrying && Instant.now().isBefore(retryAt))) {
            return;
        }
        if (next == retrying) {
            retrying = null;
        } else {
            ready = null;
        }
        inFlight = new InFlight(next, storing.submit(() -> storeTraced(next)));
        if (paused && ready == null && retrying == null) {
            consumer.resume(consumer.paused());
            paused = false;
        }
    }

    /** One span per batch (a no-op unless tracing is on): the store's append span is its child. */
    private StoreEventsUseCase.Outcome storeTraced(Batch batch) {
        Span span = settings.tracer().spanBuilder("kafka.batch")
                .kind(Span.Kind.CONSUMER).tag("messaging.system", "kafka")
                .tag("messaging.destination.name", settings.topic())
                .tag("messaging.batch.message_count", batch.prepared().size()).start();
        try (Scope ignored = span.activate()) {
            StoreEventsUseCase.Outcome outcome = store.store(batch.prepared());
            span.end();
            return outcome;
        } catch (RuntimeException e) {
            span.end(e);
            throw e;
        }
    }

    private Duration longer(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : doubled;
    }

    private Batch take(ConsumerRecords<byte[], byte[]> records) {
        List<StoreEventsUseCase.Consumed> consumed = new ArrayList<>(records.count());
        Map<TopicPartition, Long> start = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> end = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            start.putIfAbsent(partition, record.offset());
            end.put(partition, new OffsetAndMetadata(record.offset() + 1));
            consumed.add(new StoreEventsUseCase.Consumed(RecordDecoder.decode(record.value()), record.key(), record.value(),
                    new StoreEventsUseCase.Origin(record.topic(), record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()))));
        }
        return new Batch(store.prepare(settings.defaultProject(), consumed), start, end);
    }

    private void reportLag() {
        for (TopicPartition partition : consumer.assignment()) {
            consumer.currentLag(partition).ifPresent(lag -> settings.lagReporter().accept(partition.partition(), lag));
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        settle(IN_FLIGHT_WAIT); // a batch stored by now is committed while the partitions are still ours
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        // every batch not stored is read again from its start (where still ours; others' new owners will)
        Map<TopicPartition, Long> rewind = new HashMap<>();
        for (Batch batch : Arrays.asList(inFlight == null ? null : inFlight.batch(), retrying, ready)) {
            if (batch != null) {
                batch.start().forEach(rewind::putIfAbsent); // oldest first: in flight, then retrying, then ready
            }
        }
        // a batch still being stored is left to finish; uncommitted, its records come again and are found stored
        inFlight = null;
        retrying = null;
        ready = null;
        rewind.forEach((partition, offset) -> {
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, offset);
            }
        });
        if (paused) {
            consumer.resume(consumer.paused());
            paused = false;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops after the batch in hand (its offsets stay uncommitted if it was not stored) and leaves the group. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(30));
    }
}
