package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import io.tally.domain.event.Event;
import io.tally.domain.sample.TrafficGenerator;
import io.tally.ops.kafka.LocalKafka;
import io.tally.ops.redis.LocalRedis;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scaled-out node (Kafka collector and consumer, Redis cache and limits) under traffic of every kind, watched as
 * operators would: a real Prometheus server scrapes it and loads the shipped alert rules, every metric the Grafana
 * dashboards and the rules name is one Tally exports, and a Redis outage shows as a named degraded state.
 */
class ObservabilityTest {

    private static final Path OPS = Path.of("..", "ops");
    private static LocalKafka kafka;
    private static LocalRedis redis;
    private static Tally tally;
    private static Http http;
    private static long acceptedByTheApi;
    /** The counter before this test's traffic: meters live in one registry per JVM, across the servers tests start. */
    private static double acceptedBefore;
    private static Path dir;

    @BeforeAll
    static void start(@TempDir Path temp) throws Exception {
        dir = temp;
        kafka = LocalKafka.start(dir.resolve("kafka"), 0);
        kafka.createTopics(2, "analytics_events", "analytics_events.dlq");
        redis = LocalRedis.start(dir.resolve("redis"));
        tally = Tally.start(TallyConfig.withOverrides(Map.ofEntries(Map.entry("server.port", "0"),
                Map.entry("server.host", "127.0.0.1"), Map.entry("store.path", dir.resolve("tally.duckdb").toString()),
                Map.entry("ingest.mode", "kafka"), Map.entry("kafka.bootstrap-servers", kafka.bootstrapServers()),
                Map.entry("kafka.group-id", "observe"), Map.entry("cache.kind", "redis"), Map.entry("limits.kind", "redis"),
                Map.entry("cache.redis.address", redis.address()),
                Map.entry("limits.projects.default.queries-per-minute", "4"))));
        http = new Http(tally.port());
        traffic();
    }

    @AfterAll
    static void stop() {
        tally.close();
        redis.close();
        kafka.close();
    }

    /** Events (some invalid, one bot), a poison Kafka record, queries (a miss, a hit, then over the limit). */
    private static void traffic() throws Exception {
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
        List<Event> events = TrafficGenerator.list(new TrafficGenerator.Settings(300, 1, 5, end, "default"));
        List<String> lines = new ArrayList<>(events.stream().map(EventJson::line).toList());
        lines.add("{\"event_id\":\"bad\",\"user_id\":\"u\",\"session_id\":\"s\"}"); // no event_type: rejected
        lines.add("{\"event_id\":\"bot\",\"user_id\":\"u\",\"session_id\":\"s\",\"event_type\":\"page_view\","
                + "\"user_agent\":\"Googlebot/2.1 (+http://www.google.com/bot.html)\"}");
        acceptedBefore = metric("tally_events_accepted_total");
        double consumedBefore = metric("tally_events_consumed_total");
        double deadBefore = metric("tally_kafka_dead_letters_total");
        JsonNode answer = http.post("/v1/events", "application/x-ndjson", String.join("\n", lines)).json();
        acceptedByTheApi = answer.get("accepted").asLong();
        assertThat(acceptedByTheApi).isPositive(); // the generator sends bots too, left out by default

        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("analytics_events", "not json".getBytes(StandardCharsets.UTF_8))).get();
        }
        awaitMetric("tally_kafka_dead_letters_total", deadBefore + 1);
        awaitMetric("tally_events_consumed_total", consumedBefore + acceptedByTheApi);

        Map<String, Object> query = Map.of("metrics", List.of("events"), "date_range", "last_24h");
        assertThat(http.postJson("/v1/query", query).raw().headers().firstValue("X-Cache")).hasValue("MISS");
        assertThat(http.postJson("/v1/query", query).raw().headers().firstValue("X-Cache")).hasValue("HIT");
        int refused = 0;
        for (int i = 0; i < 4; i++) {
            refused += http.postJson("/v1/query", query).status() == 429 ? 1 : 0;
        }
        assertThat(refused).isPositive();
    }

    private static double metric(String name) {
        String text = http.get("/observe/metrics").body();
        return text.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static void awaitMetric(String name, double atLeast) throws InterruptedException {
        for (int i = 0; i < 300 && metric(name) < atLeast; i++) {
            Thread.sleep(100);
        }
        assertThat(metric(name)).as(name).isGreaterThanOrEqualTo(atLeast);
    }

    @Test
    void aRealPrometheusScrapesTheIngestCounterAndLoadsTheAlertRules() throws Exception {
        try (LocalPrometheus prometheus = LocalPrometheus.scraping(dir.resolve("prometheus"), "127.0.0.1:" + tally.port(),
                OPS.resolve("prometheus/alerts.yml"))) {
            double scraped = -1;
            double expected = acceptedBefore + acceptedByTheApi;
            for (int i = 0; i < 600 && scraped != expected; i++) {
                Thread.sleep(100);
                JsonNode result = prometheus.query("sum(tally_events_accepted_total)");
                if (result != null && !result.isEmpty()) {
                    scraped = result.get(0).get("value").get(1).asDouble();
                }
            }
            assertThat(scraped).as("events accepted, as Prometheus scraped them").isEqualTo(expected);

            JsonNode groups = prometheus.api("/api/v1/rules").get("data").get("groups");
            List<String> rules = new ArrayList<>();
            groups.forEach(g -> g.get("rules").forEach(r -> {
                assertThat(r.get("health").asText()).as(r.get("name").asText() + ": " + r.path("lastError").asText())
                        .isIn("ok", "unknown");
                rules.add(r.get("name").asText());
            }));
            assertThat(rules).contains("TallyStoreDown", "TallyIngestStalled", "TallyKafkaLagGrowing");
            JsonNode up = prometheus.query("tally_dependency_up");
            assertThat(up.findValuesAsText("dependency")).contains("store", "kafka", "redis");
        }
    }

    @Test
    void everyMetricTheDashboardsAndRulesNameIsExported() throws Exception {
        Pattern names = Pattern.compile("\\b(tally_[a-z0-9_]+|memory_[A-Za-z]+_bytes|thread_count|gc_time_seconds_total)\\b");
        TreeSet<String> used = new TreeSet<>();
        List<Path> files = new ArrayList<>(List.of(OPS.resolve("prometheus/alerts.yml")));
        try (var dashboards = Files.list(OPS.resolve("grafana/dashboards"))) {
            files.addAll(dashboards.toList());
        }
        for (Path file : files) {
            Matcher m = names.matcher(Files.readString(file));
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        assertThat(used).hasSizeGreaterThan(15);
        String exported = http.get("/observe/metrics").body();
        List<String> missing = used.stream().filter(name -> !Pattern.compile("(?m)^" + name + "[{ ]").matcher(exported).find())
                .collect(Collectors.toList());
        assertThat(missing).as("named in ops/ but not exported").isEmpty();
    }

    @Test
    void virtualThreadsAreCountedFromTheFlightRecorder() throws Exception {
        // Helidon serves each request on a virtual thread: requests start some, and the stream reads them within seconds
        double before = metric("tally_virtual_threads_started_total");
        for (int i = 0; i < 20; i++) { // a new connection each time: each is served by a virtual thread of its own
            try (HttpClient client = HttpClient.newHttpClient()) {
                assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + tally.port() + "/observe/health/live")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode()).isEqualTo(200);
            }
        }
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (metric("tally_virtual_threads_started_total") < before + 20 && System.nanoTime() < end) {
            Thread.sleep(200);
        }
        assertThat(metric("tally_virtual_threads_started_total")).isGreaterThanOrEqualTo(before + 20);
        assertThat(metric("tally_virtual_threads_alive")).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aRedisOutageIsANamedDegradedStateNotAnOutage() throws Exception {
        JsonNode healthy = http.get("/observe/health").json();
        assertThat(check(healthy, "redis").get("data").get("state").asText()).isEqualTo("up");
        redis.stop();
        try {
            Http.Answer health = http.get("/observe/health");
            assertThat(health.status()).isEqualTo(200);
            JsonNode redisCheck = check(health.json(), "redis");
            assertThat(redisCheck.get("status").asText()).isEqualTo("UP");
            assertThat(redisCheck.get("data").get("state").asText()).isEqualTo("degraded");
            assertThat(redisCheck.get("data").get("effect").asText()).contains("fail-open");
            assertThat(check(health.json(), "store").get("data").get("state").asText()).isEqualTo("up");
            assertThat(metric("tally_dependency_up{dependency=\"redis\"}")).isZero();
        } finally {
            redis.restart();
        }
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.get("checks")) {
            if (check.get("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no health check " + name + " in " + health);
    }
}
