package io.tally.adapter.in.kafka;

import io.helidon.tracing.Tracer;
import io.tally.application.port.in.StoreEventsUseCase;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BiConsumer;

/** The Kafka consumer adapter's one public face: starts a member of the ingest consumer group. */
public final class KafkaIngest {

    /**
     * @param maxBatch      records handed to the store at once (the poll size)
     * @param maxBackoff    the longest wait between retries while the store fails
     * @param lagReporter   told each partition's lag after every poll
     */
    public record Settings(String bootstrapServers, String topic, String groupId, String defaultProject, int maxBatch,
                           Duration maxBackoff, BiConsumer<Integer, Long> lagReporter, Tracer tracer) {
        /** Without tracing. */
        public Settings(String bootstrapServers, String topic, String groupId, String defaultProject, int maxBatch,
                        Duration maxBackoff, BiConsumer<Integer, Long> lagReporter) {
            this(bootstrapServers, topic, groupId, defaultProject, maxBatch, maxBackoff, lagReporter, Tracer.noOp());
        }

        public Settings {
            Objects.requireNonNull(tracer, "tracer");
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(defaultProject, "defaultProject");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            Objects.requireNonNull(lagReporter, "lagReporter");
        }
    }

    private KafkaIngest() {
    }

    /** Joins the group and consumes on a thread of its own until closed. */
    public static AutoCloseable start(Settings settings, StoreEventsUseCase store) {
        IngestConsumer consumer = new IngestConsumer(settings, store);
        consumer.start();
        return consumer;
    }
}
