package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import io.tally.ops.kafka.LocalKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records on the event topic hold the same hostile text as HTTP bodies, and get the same verdicts: lone surrogates,
 * bytes that are not UTF-8 and colliding property names become dead letters naming the field, and ids that differ
 * only in them are never merged. Two nodes, one on DuckDB and one on ClickHouse, each consume the topic (own groups).
 */
class KafkaIngestInputTest {

    private static final Instant AT = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    private static LocalKafka kafka;
    private static Tally duck;
    private static Tally clickhouse;

    private static Tally start(String kind, Path dir) {
        return StoreServers.start(kind, dir, "enrichment.keep-bots", "true", "ingest.mode", "kafka",
                "kafka.bootstrap-servers", kafka.bootstrapServers(), "kafka.group-id", "input-" + kind);
    }

    @BeforeAll
    static void start(@TempDir Path dir) {
        kafka = LocalKafka.start(dir.resolve("kafka"), 0);
        kafka.createTopics(1, "analytics_events", "analytics_events.dlq");
        duck = start("duckdb", dir.resolve("duck"));
        clickhouse = start("clickhouse-embedded", dir.resolve("ch"));
    }

    @AfterAll
    static void stop() {
        duck.close();
        clickhouse.close();
        kafka.close();
    }

    private static String event(String id, String user, String more) {
        return "{\"event_id\":\"" + id + "\",\"user_id\":\"" + user + "\",\"session_id\":\"s-1\",\"event_type\":"
                + "\"page_view\",\"timestamp\":\"" + AT + "\"" + more + "}";
    }

    private static byte[] withBytes(String text, int... raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            if (b == '@') {
                for (int x : raw) {
                    out.write(x);
                }
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static List<JsonNode> stored(Tally tally, String prefix) {
        Http.Answer export = new Http(tally.port()).get("/v1/events/export?from=" + AT.minus(1, ChronoUnit.HOURS)
                + "&to=" + AT.plus(1, ChronoUnit.HOURS));
        List<JsonNode> events = new ArrayList<>();
        for (String line : export.body().split("\n")) {
            if (!line.isBlank()) {
                try {
                    JsonNode event = Http.JSON.readTree(line);
                    if (event.get("event_id").asText().startsWith(prefix)) {
                        events.add(event);
                    }
                } catch (IOException e) {
                    throw new AssertionError(line, e);
                }
            }
        }
        return events;
    }

    @Test
    void hostile_text_in_records_is_dead_lettered_naming_the_field_and_never_merged_on_either_store() throws Exception {
        List<byte[]> records = List.of(
                event("k-sur-?", "u3", "").getBytes(StandardCharsets.UTF_8),
                event("k-sur-\\ud800", "u1", "").getBytes(StandardCharsets.UTF_8),
                event("k-sur-\\udc00", "u2", "").getBytes(StandardCharsets.UTF_8),
                event("k-user", "u-\\ud800", "").getBytes(StandardCharsets.UTF_8),
                withBytes(event("k-sur-@", "u4", ""), 0xED, 0xA0, 0x80),
                withBytes(event("k-name", "u5", ",\"properties\":{\"caf@\":1}"), 0xE9),
                event("k-collide", "u6", ",\"properties\":{\"a.b\":\"flat\",\"a\":{\"b\":\"nested\"}}")
                        .getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] value : records) {
                producer.send(new ProducerRecord<>("analytics_events", value)).get();
            }
        }

        // each node dead-letters the six bad records; both letters of one record say the same
        Map<String, List<String>> byId = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> dlq = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            dlq.subscribe(List.of("analytics_events.dlq"));
            int letters = 0;
            for (int i = 0; i < 600 && letters < 12; i++) {
                for (ConsumerRecord<byte[], byte[]> record : dlq.poll(Duration.ofMillis(200))) {
                    Map<String, String> headers = new HashMap<>();
                    record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
                    int offset = Integer.parseInt(headers.get("tally.origin.offset"));
                    byId.computeIfAbsent(String.valueOf(offset), k -> new ArrayList<>())
                            .add(headers.get("tally.error.reason") + " | " + headers.get("tally.error.message"));
                    letters++;
                }
            }
            assertThat(letters).isEqualTo(12);
        }
        assertThat(byId).containsOnlyKeys("1", "2", "3", "4", "5", "6");
        assertThat(byId.values()).allSatisfy(pair -> assertThat(pair).hasSize(2).containsOnly(pair.getFirst()));
        assertThat(byId.get("1").getFirst()).startsWith("malformed | event_id: is not valid Unicode");
        assertThat(byId.get("2").getFirst()).startsWith("malformed | event_id: is not valid Unicode");
        assertThat(byId.get("3").getFirst()).startsWith("malformed | user_id: is not valid Unicode");
        assertThat(byId.get("4").getFirst()).startsWith("malformed | event_id: is not valid UTF-8: 0xED 0xA0 0x80");
        assertThat(byId.get("5").getFirst()).startsWith("malformed | properties: has a field name that is not valid UTF-8")
                .contains("\"caf\"", "0xE9");
        assertThat(byId.get("6").getFirst()).startsWith("duplicate | properties.a.b: is sent twice");

        for (Tally tally : List.of(duck, clickhouse)) {
            List<JsonNode> stored = List.of();
            for (int i = 0; i < 300 && stored.isEmpty(); i++) {
                Thread.sleep(100);
                stored = stored(tally, "k-");
            }
            assertThat(stored).as("on " + tally).hasSize(1);
            assertThat(stored.getFirst().get("event_id").asText()).isEqualTo("k-sur-?");
            assertThat(stored.getFirst().get("user_id").asText()).isEqualTo("u3");
        }
    }
}
