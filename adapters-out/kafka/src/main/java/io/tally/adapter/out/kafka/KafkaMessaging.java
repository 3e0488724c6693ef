package io.tally.adapter.out.kafka;

import io.tally.application.port.out.DeadLetterReplay;
import io.tally.application.port.out.DeadLetters;
import io.tally.application.port.out.EventPublisher;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The Kafka producer adapter's one public face: the collector's publisher and the dead-letter writer. */
public final class KafkaMessaging implements AutoCloseable {

    /**
     * @param deliveryTimeout how long a send may take before it is reported failed (the client answers 503 then)
     */
    public record Settings(String bootstrapServers, String topic, String deadLetterTopic, Duration deliveryTimeout) {
        public Settings {
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
            Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
        }
    }

    private final KafkaProducer<byte[], byte[]> producer;
    private final Settings settings;

    private KafkaMessaging(Settings settings) {
        this.settings = settings;
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        int timeout = (int) settings.deliveryTimeout().toMillis();
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(500, Math.min(timeout - 10, 30_000))); // + linger <= delivery
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // a send must not block a request thread for long when the broker is gone: metadata waits are bounded too
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(timeout, 5_000));
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public static KafkaMessaging connect(Settings settings) {
        return new KafkaMessaging(settings);
    }

    public EventPublisher publisher() {
        return new KafkaEventPublisher(producer, settings.topic());
    }

    public DeadLetters deadLetters() {
        return new KafkaDeadLetters(producer, settings.deadLetterTopic());
    }

    public DeadLetterReplay replay() {
        return new KafkaDeadLetterReplay(settings, producer);
    }

    private Admin admin;
    private boolean closed;

    /** Whether the cluster answers now: its nodes described within two seconds (never once closed). */
    public boolean answers() {
        Optional<Admin> admin = admin();
        if (admin.isEmpty()) {
            return false;
        }
        try {
            return !admin.get().describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    /** The health check's admin client, made at the first check; none after close (a late check must not leak one). */
    private synchronized Optional<Admin> admin() {
        if (closed) {
            return Optional.empty();
        }
        if (admin == null) {
            admin = Admin.create(Map.of("bootstrap.servers", settings.bootstrapServers(), "request.timeout.ms", 2_000,
                    "default.api.timeout.ms", 2_000));
        }
        return Optional.of(admin);
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (admin != null) {
                admin.close(Duration.ofSeconds(2));
            }
        }
        producer.close(Duration.ofSeconds(10));
    }
}
