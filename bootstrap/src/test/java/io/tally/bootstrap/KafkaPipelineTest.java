package io.tally.bootstrap;

import io.tally.domain.event.Event;
import io.tally.domain.sample.TrafficGenerator;
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

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Tally in collector mode against a real KRaft broker: HTTP → Kafka → consumer → DuckDB → queries. */
class KafkaPipelineTest {

    private static LocalKafka kafka;
    private static Tally tally;
    private static Http http;
    private static final Instant END = Instant.now().truncatedTo(ChronoUnit.HOURS);

    @BeforeAll
    static void start(@TempDir Path dir) {
        kafka = LocalKafka.start(dir.resolve("kafka"), 0);
        kafka.createTopics(3, "analytics_events", "analytics_events.dlq");
        tally = Tally.start(TallyConfig.withOverrides(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "store.path", dir.resolve("tally.duckdb").toString(), "enrichment.keep-bots", "true",
                "ingest.mode", "kafka", "kafka.bootstrap-servers", kafka.bootstrapServers(),
                "kafka.delivery-timeout-ms", "3000", "kafka.group-id", "pipeline")));
        http = new Http(tally.port());
    }

    @AfterAll
    static void stop() {
        tally.close();
        kafka.close();
    }

    private static long storedEvents(String project) {
        return http.postJson("/v1/query?refresh=force", Map.of("metrics", List.of("events"), "date_range", "last_7d"))
                .json().get("totals").get("events").asLong();
    }

    private static void awaitStored(long expected) throws InterruptedException {
        long stored = -1;
        for (int i = 0; i < 600 && stored != expected; i++) {
            Thread.sleep(100);
            stored = storedEvents("default");
        }
        assertThat(stored).isEqualTo(expected);
    }

    @Test
    void events_from_http_and_from_kafkas_console_producer_are_queryable_once() throws Exception {
        long before = storedEvents("default");
        List<Event> viaHttp = TrafficGenerator.list(new TrafficGenerator.Settings(2_000, 2, 31, END, "default"));
        String ndjson = viaHttp.stream().map(EventJson::line).collect(Collectors.joining("\n"));
        assertThat(http.post("/v1/events", "application/x-ndjson", ndjson).json().get("accepted").asInt()).isEqualTo(2_000);
        // a client we did not write: Kafka's own console producer, one JSON event per line
        List<Event> viaConsole = TrafficGenerator.list(new TrafficGenerator.Settings(500, 2, 32, END, "default"));
        kafka.runTool("org.apache.kafka.tools.ConsoleProducer", List.of("--bootstrap-server", kafka.bootstrapServers(),
                "--topic", "analytics_events"), viaConsole.stream().map(EventJson::line).collect(Collectors.joining("\n", "", "\n")));
        awaitStored(before + 2_500);
        // sent again: nothing new
        assertThat(http.post("/v1/events", "application/x-ndjson", ndjson).status()).isEqualTo(202);
        Thread.sleep(2_000);
        assertThat(storedEvents("default")).isEqualTo(before + 2_500);
    }

    @Test
    void bad_records_go_to_the_dead_letter_topic_with_their_reason_and_origin() throws Exception {
        long before = storedEvents("default");
        Event good = TrafficGenerator.list(new TrafficGenerator.Settings(1, 1, 33, END, "default")).getFirst();
        Map<String, Object> wrongType = new HashMap<>(EventJson.wire(good));
        wrongType.put("event_id", "wrong-type");
        wrongType.put("user_id", 42);
        Map<String, Object> oversized = new HashMap<>(EventJson.wire(good));
        oversized.put("event_id", "oversized");
        Map<String, Object> blobs = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            blobs.put("blob" + i, "x".repeat(1_000)); // each value allowed, 40 KB together are not (32 KiB per event)
        }
        oversized.put("properties", blobs);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String value : List.of("{not json", EventJson.write(wrongType), EventJson.write(oversized), EventJson.line(good))) {
                producer.send(new ProducerRecord<>("analytics_events", value.getBytes(StandardCharsets.UTF_8))).get();
            }
        }
        awaitStored(before + 1);

        Map<String, Map<String, String>> byReason = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> dlq = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            dlq.subscribe(List.of("analytics_events.dlq"));
            for (int i = 0; i < 100 && byReason.size() < 3; i++) {
                for (ConsumerRecord<byte[], byte[]> record : dlq.poll(Duration.ofMillis(300))) {
                    Map<String, String> headers = new HashMap<>();
                    record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
                    headers.put("value", new String(record.value(), StandardCharsets.UTF_8));
                    byReason.put(headers.get("tally.error.reason"), headers);
                }
            }
        }
        assertThat(byReason).containsOnlyKeys("malformed", "wrong_type", "too_large");
        assertThat(byReason.get("malformed").get("value")).isEqualTo("{not json");
        assertThat(byReason.get("wrong_type").get("tally.error.message")).contains("user_id");
        assertThat(byReason.values()).allSatisfy(headers -> {
            assertThat(headers.get("tally.origin.topic")).isEqualTo("analytics_events");
            assertThat(headers).containsKeys("tally.origin.partition", "tally.origin.offset", "tally.origin.timestamp");
        });
    }

    @Test
    void while_the_broker_is_down_the_collector_answers_503_and_every_acknowledged_event_is_stored() throws Exception {
        long before = storedEvents("default");
        List<Event> events = TrafficGenerator.list(new TrafficGenerator.Settings(300, 1, 34, END, "default"));
        List<Event> acknowledged = new ArrayList<>();
        kafka.kill();
        try {
            Http.Answer refused = http.post("/v1/events", "application/x-ndjson", EventJson.line(events.getFirst()));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
        } finally {
            kafka.startProcess();
        }
        for (Event event : events) {
            Http.Answer answer = http.post("/v1/events", "application/json", EventJson.line(event));
            if (answer.status() == 202) {
                acknowledged.add(event);
            }
        }
        assertThat(acknowledged).hasSizeGreaterThan(250);
        awaitStored(before + acknowledged.size());
    }
}
