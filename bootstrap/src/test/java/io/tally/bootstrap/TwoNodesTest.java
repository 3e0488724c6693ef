package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import io.tally.ops.redis.LocalRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two started nodes with {@code live.broadcast: redis} on one real redis-server, as behind the compose file's load
 * balancer: a live client sees every node's stored events whichever node it is connected to, and an alert raised by
 * the one node that evaluates alerts reaches a watcher connected to the other. Each node has its own DuckDB file
 * here, so a node's store holds only what reached it: every number a client sees beyond that came over the broadcast.
 */
class TwoNodesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static LocalRedis redis;
    private static Tally evaluating;
    private static Tally other;

    @BeforeAll
    static void start(@TempDir Path dir) {
        redis = LocalRedis.start(dir.resolve("redis"));
        evaluating = node(dir.resolve("a.duckdb"), true);
        other = node(dir.resolve("b.duckdb"), false);
    }

    private static Tally node(Path store, boolean alerts) {
        return Tally.start(TallyConfig.withOverrides(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "ingest.max-delay-ms", "20", "store.path", store.toString(), "live.broadcast", "redis",
                "cache.kind", "redis", "cache.redis.address", redis.address(),
                "alerts.enabled", Boolean.toString(alerts), "alerts.tick-millis", "200")));
    }

    @AfterAll
    static void stop() {
        other.close();
        evaluating.close();
        redis.close();
    }

    private static String signups(int count, String prefix) {
        return NowEvents.ndjson("signup", count, prefix);
    }

    private static void post(Tally node, String ndjson) {
        assertThat(new Http(node.port()).post("/v1/events?wait=true", "application/x-ndjson", ndjson).status()).isEqualTo(202);
    }

    private static WsClient liveClient(Tally node) {
        WsClient client = WsClient.connect(node.port(), "/v1/live", Map.of());
        client.await(WsClient.type("ready"), WAIT);
        client.send(Map.of("type", "subscribe", "id", "count", "query", Map.of("metrics", List.of("events"),
                "filters", List.of(List.of("is", "event_type", List.of("signup"))), "window", "30m", "interval", "1s")));
        assertThat(client.await(WsClient.type("snapshot"), WAIT).get("data").get("totals").get("events").asLong()).isZero();
        return client;
    }

    private static JsonNode awaitTotal(WsClient client, long events) {
        return client.await(m -> m.path("type").asText().equals("update")
                && m.get("data").get("totals").get("events").asLong() == events, WAIT);
    }

    @Test
    void live_clients_on_either_node_count_what_both_nodes_stored() {
        try (WsClient onA = liveClient(evaluating); WsClient onB = liveClient(other)) {
            post(evaluating, signups(120, "a-"));
            post(other, signups(80, "b-"));
            assertThat(awaitTotal(onA, 200)).isNotNull();
            assertThat(awaitTotal(onB, 200)).isNotNull();
            // each store holds only its own node's events: the other 80 and 120 came over Redis
            assertThat(storedSignups(evaluating)).isEqualTo(120);
            assertThat(storedSignups(other)).isEqualTo(80);
        }
        String metrics = new Http(other.port()).get("/observe/metrics").body();
        assertThat(metrics).containsPattern("tally_broadcast_messages_total\\{[^}]*outcome=\"received\"[^}]*what=\"events\"[^}]*} [1-9]");
    }

    private static long storedSignups(Tally node) {
        return new Http(node.port()).postJson("/v1/query", Map.of("metrics", List.of("events"),
                "filters", List.of(List.of("is", "event_type", List.of("signup"))), "date_range", List.of(
                        offset(Instant.now().minus(Duration.ofHours(1))), offset(Instant.now().plus(Duration.ofHours(1)))))).json()
                .get("totals").get("events").asLong();
    }

    private static String offset(Instant instant) {
        return instant.toString().replace("Z", "+00:00");
    }

    @Test
    void an_alert_raised_on_the_evaluating_node_reaches_a_watcher_on_the_other() {
        try (WsClient watcher = WsClient.connect(other.port(), "/v1/live", Map.of())) {
            watcher.await(WsClient.type("ready"), WAIT);
            watcher.send(Map.of("type", "alerts", "id", "mine"));
            watcher.await(WsClient.type("watching"), WAIT);

            Http.Answer created = new Http(evaluating.port()).postJson("/v1/alerts", Map.of("name", "purchases",
                    "metric", "events", "filters", List.of(List.of("is", "event_type", List.of("purchase"))),
                    "condition", Map.of("type", "above", "threshold", 5), "window", "10s", "every", "1s"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            post(evaluating, NowEvents.ndjson("purchase", 10, "p-"));

            JsonNode alert = watcher.await(m -> m.path("type").asText().equals("alert"), WAIT);
            assertThat(alert.get("id").asText()).isEqualTo("mine");
            assertThat(alert.get("alert").get("alert").asText()).isEqualTo("purchases");
            assertThat(alert.get("alert").get("state").asText()).isEqualTo("firing");
            assertThat(alert.get("alert").get("value").asDouble()).isEqualTo(10.0);
        }
    }
}
