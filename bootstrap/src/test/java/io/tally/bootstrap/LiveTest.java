package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live dashboards against a started server with real WebSocket clients: answers pushed as events are posted over
 * HTTP, equal to the query API's answer for the same window; a stalled client costs the others nothing and holds at
 * most one answer per subscription; keys, bad queries and the connection limit refused with codes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Random RANDOM = new Random(11);
    private static Tally tally;
    private static Http admin;
    private static String readKey;
    private static String writeKey;

    @BeforeAll
    static void start(@TempDir Path dir) {
        tally = Tally.start(TallyConfig.withOverrides(Map.of(
                "server.port", "0", "server.host", "127.0.0.1", "ingest.max-delay-ms", "20",
                "enrichment.keep-bots", "true", "store.path", dir.resolve("tally.duckdb").toString(),
                "auth.keys-required", "true", "live.max-connections", "4", "cache.kind", "none",
                "live.heartbeat-seconds", "1")));
        admin = new Http(tally.port(), tally.firstAdminKey().orElseThrow());
        readKey = admin.postJson("/v1/keys", Map.of("kind", "read")).json().get("key").asText();
        writeKey = admin.postJson("/v1/keys", Map.of("kind", "write")).json().get("key").asText();
    }

    @AfterAll
    static void stop() {
        tally.close();
    }

    /** {@code n} events of the last ten minutes: four types, 40 users, 300 paths, some revenue. */
    private static List<Event> recent(int n) {
        Instant now = Instant.now();
        List<Event> events = new ArrayList<>();
        String[] types = {"page_view", "page_view", "sign_up", "purchase", "conversion"};
        for (int i = 0; i < n; i++) {
            int id = IDS.incrementAndGet();
            String type = types[RANDOM.nextInt(types.length)];
            Instant at = now.minusMillis(RANDOM.nextInt(600_000));
            Map<String, PropertyValue> props = type.equals("purchase")
                    ? Map.of("revenue", PropertyValue.of(new BigDecimal(RANDOM.nextInt(10_000)).movePointLeft(2)))
                    : Map.of("path", PropertyValue.of("/p/" + RANDOM.nextInt(300)));
            events.add(new Event("live-" + id, "default", "u" + RANDOM.nextInt(40), "s" + RANDOM.nextInt(80), type, at,
                    props, "", "", at));
        }
        return events;
    }

    private static void post(List<Event> events) {
        String ndjson = events.stream().map(EventJson::line).collect(Collectors.joining("\n"));
        assertThat(new Http(tally.port(), writeKey).post("/v1/events?wait=true", "application/x-ndjson", ndjson).status())
                .isEqualTo(202);
    }

    private static final Map<String, Object> QUERY = Map.of("metrics", List.of("events", "visitors", "revenue", "conversion_rate"),
            "dimensions", List.of("time:minute", "event_type"), "window", "30m", "interval", "1s", "timezone", "Asia/Kolkata");

    /** The query API's answer for the window a live answer covers (from its meta). */
    private static JsonNode restAnswerFor(JsonNode live) {
        JsonNode range = live.get("data").get("meta").get("date_range");
        return new Http(tally.port(), readKey).postJson("/v1/query", Map.of("metrics", QUERY.get("metrics"),
                "dimensions", QUERY.get("dimensions"), "timezone", "Asia/Kolkata",
                "date_range", List.of(range.get("from").asText(), range.get("to").asText()))).json();
    }

    @Test
    @Order(1)
    void snapshotThenUpdatesEqualTheQueryApi() {
        post(recent(200)); // before subscribing: the snapshot must include them (read back from the store)
        try (WsClient client = WsClient.connect(tally.port(), "/v1/live", Map.of())) {
            client.send(Map.of("type", "auth", "key", readKey));
            assertThat(client.await(WsClient.type("ready"), WAIT).get("project").asText()).isEqualTo("default");
            client.send(Map.of("type", "subscribe", "id", "a", "query", QUERY));
            JsonNode snapshot = client.await(WsClient.type("snapshot"), WAIT);
            assertThat(snapshot.get("data").get("totals").get("events").asLong()).isEqualTo(200);
            assertThat(snapshot.get("data").get("meta").get("source").asText()).isEqualTo("live");
            assertSameNumbers(snapshot, restAnswerFor(snapshot));

            post(recent(150));
            JsonNode update = client.await(m -> m.path("type").asText().equals("update")
                    && m.get("data").get("totals").get("events").asLong() == 350, WAIT);
            assertThat(update.get("id").asText()).isEqualTo("a");
            assertSameNumbers(update, restAnswerFor(update));

            client.send(Map.of("type", "unsubscribe", "id", "a"));
            client.await(WsClient.type("unsubscribed"), WAIT);
        }
    }

    private static void assertSameNumbers(JsonNode live, JsonNode rest) {
        JsonNode data = live.get("data");
        assertThat(canonical(data.get("rows"))).isEqualTo(canonical(rest.get("rows")));
        assertThat(canonical(data.get("totals"))).isEqualTo(canonical(rest.get("totals")));
        assertThat(data.get("columns")).isEqualTo(rest.get("columns"));
    }

    /** Numbers as plain decimal text, so that 50 and 50.0 compare equal. */
    private static String canonical(JsonNode node) {
        Matcher m = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?").matcher(node.toString());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, new BigDecimal(m.group()).stripTrailingZeros().toPlainString());
        }
        return m.appendTail(out).toString();
    }

    @Test
    @Order(2)
    void aStalledClientCostsTheOthersNothingAndHoldsOneAnswerPerSubscription() throws Exception {
        Map<String, String> auth = Map.of("Authorization", "Bearer " + readKey);
        try (StalledSocket stalled = new StalledSocket(tally.port(), "/v1/live", auth);
             WsClient fast = WsClient.connect(tally.port(), "/v1/live", auth)) {
            int subscriptions = 20;
            for (int i = 0; i < subscriptions; i++) {
                // large answers (minute x path: thousands of rows) fill the socket buffers of a client that reads nothing
                stalled.send(Map.of("type", "subscribe", "id", "s" + i, "query", Map.of("metrics", List.of("events", "visitors"),
                        "dimensions", List.of("time:minute", "prop:path"), "window", (30 + i) + "m", "interval", "1s")));
            }
            fast.await(WsClient.type("ready"), WAIT);
            fast.send(Map.of("type", "subscribe", "id", "f", "query", QUERY));
            fast.await(WsClient.type("snapshot"), WAIT);

            long maxQueued = 0;
            int updates = 0;
            long conflated = 0;
            long started = System.nanoTime();
            // until the stalled client has had answers replaced (its buffers are full), at least 6 s, at most 40 s
            while ((conflated == 0 || System.nanoTime() - started < 6e9) && System.nanoTime() - started < 40e9) {
                post(recent(100));
                fast.await(WsClient.type("update"), WAIT);
                updates++;
                maxQueued = Math.max(maxQueued, metric("tally_live_queued_messages"));
                conflated = metric("tally_live_conflated_updates");
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("LiveTest: %d updates to the fast client in %.1f s; at most %d messages queued; %d answers conflated%n",
                    updates, seconds, maxQueued, conflated);
            assertThat(conflated).as("answers replaced before the stalled client could read them").isPositive();
            // the fast client asked every second and got an update each round, whatever the other one does
            assertThat(updates).as("updates to the fast client while the other stalls").isGreaterThanOrEqualTo((int) (seconds / 3));
            assertThat(maxQueued).as("messages waiting, all connections").isLessThanOrEqualTo(subscriptions + 2);
        }
    }

    private static long metric(String name) {
        String text = new Http(tally.port()).get("/observe/metrics").body();
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(text);
        assertThat(m.find()).as(name + " in /observe/metrics").isTrue();
        return (long) Double.parseDouble(m.group(2));
    }

    @Test
    @Order(3)
    void keysBadQueriesAndTheConnectionLimitAreRefusedWithCodes() throws InterruptedException {
        // the clients of the tests before are gone: their slots come back (a stalled one's once its socket resets)
        for (int i = 0; i < 300 && metric("tally_live_connections") > 0; i++) {
            Thread.sleep(100);
        }
        assertThat(metric("tally_live_connections")).isZero();
        try (WsClient anonymous = WsClient.connect(tally.port(), "/v1/live", Map.of())) {
            anonymous.send(Map.of("type", "subscribe", "id", "x", "query", QUERY));
            assertThat(anonymous.closeCode(WAIT)).isEqualTo(4401);
        }
        try (WsClient writer = WsClient.connect(tally.port(), "/v1/live", Map.of("X-API-Key", writeKey))) {
            assertThat(writer.closeCode(WAIT)).isEqualTo(4403);
        }
        List<WsClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                WsClient client = WsClient.connect(tally.port(), "/v1/live", Map.of("Authorization", "Bearer " + readKey));
                client.await(WsClient.type("ready"), WAIT);
                open.add(client);
            }
            JsonNode error = bad(open.getFirst(), Map.of("metrics", List.of("bounce_rate"), "window", "90s"));
            assertThat(error.get("error").get("violations").findValuesAsText("field")).contains("metrics", "window");
            try (WsClient fifth = WsClient.connect(tally.port(), "/v1/live", Map.of("Authorization", "Bearer " + readKey))) {
                assertThat(fifth.closeCode(WAIT)).isEqualTo(1013);
            }
        } finally {
            open.forEach(WsClient::close);
        }
    }

    private static JsonNode bad(WsClient client, Map<String, Object> query) {
        client.send(Map.of("type", "subscribe", "id", "bad", "query", query));
        JsonNode error = client.await(WsClient.type("error"), WAIT);
        assertThat(error.get("id").asText()).isEqualTo("bad");
        assertThat(error.get("error").get("code").asText()).isEqualTo("invalid_query");
        return error;
    }

    @Test
    @Order(4)
    void graphQlSubscriptionsOverGraphqlTransportWs() {
        try (WsClient client = WsClient.graphQl(tally.port(), Map.of())) {
            client.send(Map.of("type", "connection_init", "payload", Map.of("key", readKey)));
            client.await(WsClient.type("connection_ack"), WAIT);
            client.send(Map.of("type", "subscribe", "id", "1", "payload", Map.of("query", """
                    subscription { live(query: {metrics: ["events"], window: "30m", interval: "1s"}) {
                      totals { metric value } meta { source date_range { from to } } } }""")));
            JsonNode first = client.await(WsClient.type("next"), WAIT);
            long before = first.get("payload").get("data").get("live").get("totals").get(0).get("value").asLong();
            JsonNode range = first.get("payload").get("data").get("live").get("meta").get("date_range");
            long rest = new Http(tally.port(), readKey).postJson("/v1/query", Map.of("metrics", List.of("events"),
                    "date_range", List.of(range.get("from").asText(), range.get("to").asText()))).json()
                    .get("totals").get("events").asLong();
            assertThat(before).isEqualTo(rest).isGreaterThanOrEqualTo(350);

            post(recent(25));
            client.await(m -> m.path("type").asText().equals("next") && m.get("payload").get("data").get("live")
                    .get("totals").get(0).get("value").asLong() == before + 25, WAIT);
            client.send(Map.of("type", "complete", "id", "1"));

            // queries run over the same connection: one next, then complete
            client.send(Map.of("type", "subscribe", "id", "2", "payload", Map.of("query", "{ kpis { name } }")));
            assertThat(client.await(WsClient.type("next"), WAIT).get("id").asText()).isEqualTo("2");
            assertThat(client.await(WsClient.type("complete"), WAIT).get("id").asText()).isEqualTo("2");
            // a bad live query: an error message for that id, the connection stays
            client.send(Map.of("type", "subscribe", "id", "3", "payload", Map.of("query",
                    "subscription { live(query: {metrics: [\"sessions\"]}) { rows } }")));
            JsonNode error = client.await(WsClient.type("error"), WAIT);
            assertThat(error.get("payload").get(0).get("extensions").get("code").asText()).isEqualTo("BAD_USER_INPUT");
        }
        try (WsClient unauthorised = WsClient.graphQl(tally.port(), Map.of())) {
            unauthorised.send(Map.of("type", "connection_init", "payload", Map.of("key", "tly_nope")));
            assertThat(unauthorised.closeCode(WAIT)).isEqualTo(4403);
        }
    }

    @Test
    @Order(5)
    void aSampledTailOfRawEventsAndHeartbeatsWhenIdle() {
        try (WsClient client = WsClient.connect(tally.port(), "/v1/live", Map.of("Authorization", "Bearer " + readKey))) {
            client.await(WsClient.type("ready"), WAIT);
            JsonNode heartbeat = client.await(WsClient.type("heartbeat"), WAIT); // live.heartbeat-seconds is 1 here
            assertThat(heartbeat.get("at").asText()).isNotBlank();

            client.send(Map.of("type", "tail", "id", "t", "events", Map.of("sample", 1,
                    "filters", List.of(List.of("is", "event_type", List.of("purchase"))), "interval", "1s")));
            client.await(WsClient.type("tailing"), WAIT);
            List<Event> posted = recent(300);
            post(posted);
            List<String> expected = posted.stream().filter(e -> e.eventType().equals("purchase")).map(Event::eventId).sorted().toList();
            List<String> received = new ArrayList<>();
            while (received.size() < expected.size()) {
                JsonNode batch = client.await(WsClient.type("events"), WAIT);
                batch.get("events").forEach(e -> {
                    assertThat(e.get("event_type").asText()).isEqualTo("purchase");
                    assertThat(e.has("ip_address")).isFalse();
                    received.add(e.get("event_id").asText());
                });
            }
            assertThat(received.stream().sorted().toList()).isEqualTo(expected);
        }
    }
}
