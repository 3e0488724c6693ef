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
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One member of the ingest consumer group. Each poll is one batch: decoded, handed to the store use case (valid
 * events stored, the rest dead-lettered), and only then committed, so offsets never run ahead of stored data
 * (at least once; the store's event-id deduplication makes it exactly once in effect). While the store fails, the
 * member pauses its partitions (still polling, so it keeps its place in the group), retries the same batch with
 * growing backoff, and resumes when it is stored. Retrying the same batch lets the use case go on where it stopped:
 * it splits a batch that keeps failing and sends an event the store refuses while taking others to the dead-letter
 * topic ({@code store_refused}), acknowledged before the batch is committed. A rebalance with a batch not yet stored
 * rewinds to the batch's start, so no record is skipped.
 */
final class IngestConsumer implements AutoCloseable, ConsumerRebalanceListener {

    private static final System.Logger LOG = System.getLogger(IngestConsumer.class.getName());

    private final KafkaIngest.Settings settings;
    private final StoreEventsUseCase store;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    private List<StoreEventsUseCase.Consumed> pending;
    private Map<TopicPartition, Long> pendingStart = new HashMap<>();
    private Map<TopicPartition, OffsetAndMetadata> pendingEnd = new HashMap<>();
    private boolean paused;

    IngestConsumer(KafkaIngest.Settings settings, StoreEventsUseCase store) {
        this.settings = settings;
        this.store = store;
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxBatch());
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = Thread.ofPlatform().name("tally-kafka-consumer").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        consumer.subscribe(List.of(settings.topic()), this);
        Duration backoff = Duration.ofMillis(100);
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(200));
                    reportLag();
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // a broker or group hiccup must not end ingestion for good: log it, wait, poll again
                    LOG.log(System.Logger.Level.ERROR, "polling Kafka failed; retrying", e);
                    sleep(backoff);
                    backoff = longer(backoff);
                    continue;
                }
                if (pending == null && !records.isEmpty()) {
                    take(records);
                }
                if (pending == null) {
                    continue;
                }
                // one span per batch (a no-op unless tracing is on): the store's append span is its child
                Span span = settings.tracer().spanBuilder("kafka.batch")
                        .kind(Span.Kind.CONSUMER).tag("messaging.system", "kafka")
                        .tag("messaging.destination.name", settings.topic())
                        .tag("messaging.batch.message_count", pending.size()).start();
                try (Scope ignored = span.activate()) {
                    store.store(settings.defaultProject(), pending);
                    consumer.commitSync(pendingEnd);
                    span.end();
                    clearPending();
                    if (paused) {
                        consumer.resume(consumer.paused());
                        paused = false;
                        LOG.log(System.Logger.Level.INFO, "the store answers again; consuming resumed");
                    }
                    backoff = Duration.ofMillis(100);
                } catch (RuntimeException e) {
                    span.end(e);
                    if (!running) {
                        break;
                    }
                    if (!paused) {
                        consumer.pause(consumer.assignment());
                        paused = true;
                        LOG.log(System.Logger.Level.WARNING, "storing a batch failed; partitions paused, retrying: " + e.getMessage(), e);
                    }
                    sleep(backoff);
                    backoff = longer(backoff);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "the Kafka consumer stopped; this node no longer ingests from Kafka", e);
            throw e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private Duration longer(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : doubled;
    }

    private void take(ConsumerRecords<byte[], byte[]> records) {
        pending = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            pendingStart.putIfAbsent(partition, record.offset());
            pendingEnd.put(partition, new OffsetAndMetadata(record.offset() + 1));
            pending.add(new StoreEventsUseCase.Consumed(RecordDecoder.decode(record.value()), record.key(), record.value(),
                    new StoreEventsUseCase.Origin(record.topic(), record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()))));
        }
    }

    private void clearPending() {
        pending = null;
        pendingStart = new HashMap<>();
        pendingEnd = new HashMap<>();
    }

    private void reportLag() {
        for (TopicPartition partition : consumer.assignment()) {
            consumer.currentLag(partition).ifPresent(lag -> settings.lagReporter().accept(partition.partition(), lag));
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // batches are committed as soon as they are stored, so nothing stored is left uncommitted here
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (pending != null) {
            // the batch was not stored: read it again from its start (where still ours; others' new owners will)
            pendingStart.forEach((partition, offset) -> {
                if (consumer.assignment().contains(partition)) {
                    consumer.seek(partition, offset);
                }
            });
            clearPending();
        }
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
