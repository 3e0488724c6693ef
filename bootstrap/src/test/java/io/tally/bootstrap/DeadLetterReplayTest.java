package io.tally.bootstrap;

import io.tally.domain.event.Event;
import io.tally.domain.sample.TrafficGenerator;
import io.tally.ops.kafka.LocalKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A record refused under one rule, dead-lettered, and ingested by a replay once the rule is fixed. */
class DeadLetterReplayTest {

    private static Tally start(Path dir, LocalKafka kafka, String retentionDays) {
        return Tally.start(TallyConfig.withOverrides(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "store.path", dir.resolve("tally.duckdb").toString(), "ingest.mode", "kafka",
                "kafka.bootstrap-servers", kafka.bootstrapServers(), "ingest.retention-days", retentionDays)));
    }

    private static long events(Http http) {
        return http.postJson("/v1/query?refresh=force", Map.of("metrics", List.of("events"), "date_range", "last_7d"))
                .json().get("totals").get("events").asLong();
    }

    private static void await(Http http, long expected) throws InterruptedException {
        for (int i = 0; i < 600 && events(http) != expected; i++) {
            Thread.sleep(100);
        }
        assertThat(events(http)).isEqualTo(expected);
    }

    @Test
    void a_dead_letter_is_ingested_by_a_replay_after_the_fix(@TempDir Path dir) throws Exception {
        try (LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"), 0)) {
            kafka.createTopics(3, "analytics_events", "analytics_events.dlq");
            Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
            Event fresh = TrafficGenerator.list(new TrafficGenerator.Settings(1, 1, 51, now, "default")).getFirst();
            Event old = TrafficGenerator.list(new TrafficGenerator.Settings(1, 1, 52, now.minus(Duration.ofDays(3)), "default")).getFirst();
            try (Tally strict = start(dir, kafka, "1")) { // a one-day retention refuses the three-day-old event
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
                    for (Event event : List.of(old, fresh)) {
                        producer.send(new ProducerRecord<>("analytics_events", EventJson.line(event).getBytes(StandardCharsets.UTF_8))).get();
                    }
                }
                Http http = new Http(strict.port());
                await(http, 1);
                // the old event is dead-lettered on its own partition's batch, perhaps a moment later
                String metrics = "";
                for (int i = 0; i < 300 && !metrics.contains("tally_kafka_dead_letters_total"); i++) {
                    Thread.sleep(100);
                    metrics = http.get("/observe/metrics").body();
                }
                assertThat(metrics).contains("tally_kafka_dead_letters_total", "tally_kafka_consumer_lag_records");
            }
            try (Tally fixed = start(dir, kafka, "761")) {
                Http http = new Http(fixed.port());
                assertThat(http.post("/v1/admin/dead-letters/replay", "application/json", "").json().get("replayed").asLong())
                        .isEqualTo(1);
                await(http, 2);
                assertThat(http.post("/v1/admin/dead-letters/replay?since=yesterday", "application/json", "").status())
                        .isEqualTo(400);
            }
        }
    }
}
