package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerts against a started server, in real time: a rule over a 10-second window sees a planted spike of signups,
 * fires once (to a real webhook receiver, signed, and to a live WebSocket watcher), and resolves once the spike has
 * left the window. A second webhook that always refuses shows retries and failures in the history and the metrics.
 */
class AlertsTest {

    private static final String SECRET = "s3cret-for-the-receiver";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Tally tally;
    private static Http http;

    @BeforeAll
    static void start(@TempDir Path dir) {
        tally = Tally.start(TallyConfig.withOverrides(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "ingest.max-delay-ms", "20", "store.path", dir.resolve("tally.duckdb").toString(),
                "alerts.tick-millis", "200", "notify.attempts", "3", "notify.backoff-millis", "50")));
        http = new Http(tally.port());
    }

    @AfterAll
    static void stop() {
        tally.close();
    }

    private static String signups(int count, String prefix) {
        return NowEvents.ndjson("signup", count, prefix);
    }

    @Test
    void a_spike_fires_once_and_resolves_once_signed_on_the_webhook_and_live_on_the_socket() throws Exception {
        try (WebhookReceiver good = new WebhookReceiver(0); WebhookReceiver down = new WebhookReceiver(-1);
             WsClient watcher = WsClient.connect(tally.port(), "/v1/live", Map.of())) {
            watcher.await(WsClient.type("ready"), WAIT);
            watcher.send(Map.of("type", "alerts", "id", "mine"));
            watcher.await(WsClient.type("watching"), WAIT);

            Http.Answer created = http.postJson("/v1/alerts", Map.of("name", "signup_spike", "metric", "events",
                    "filters", List.of(List.of("is", "event_type", List.of("signup"))),
                    "condition", Map.of("type", "above", "threshold", 50, "recovery", 20),
                    "window", "10s", "every", "1s", "resolve_after", 2,
                    "notify", List.of(Map.of("webhook", good.url(), "secret", SECRET),
                            Map.of("webhook", down.url(), "secret", "another-secret-16"))));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.body()).doesNotContain(SECRET).contains("…iver");

            // 30 signups: not above 50, nothing fires
            assertThat(http.post("/v1/events?wait=true", "application/x-ndjson", signups(30, "calm-")).status()).isEqualTo(202);
            Thread.sleep(1_500);
            assertThat(good.all()).isEmpty();

            // 100 more within the window: 130 signups, above 50
            assertThat(http.post("/v1/events?wait=true", "application/x-ndjson", signups(100, "spike-")).status()).isEqualTo(202);
            WebhookReceiver.Delivery firing = good.await(d -> d.json().path("state").asText().equals("firing"), WAIT);
            assertThat(firing.signedWith(SECRET)).isTrue();
            assertThat(firing.signedWith("a-different-secret")).isFalse();
            JsonNode payload = firing.json();
            assertThat(payload.get("type").asText()).isEqualTo("alert");
            assertThat(payload.get("alert").asText()).isEqualTo("signup_spike");
            assertThat(payload.get("from").asText()).isEqualTo("ok");
            assertThat(payload.get("value").asDouble()).isEqualTo(130.0);
            assertThat(payload.get("condition").asText()).isEqualTo("above 50");
            assertThat(firing.header("X-Tally-Delivery")).isEqualTo(payload.get("id").asText());
            JsonNode live = watcher.await(m -> m.path("type").asText().equals("alert"), WAIT);
            assertThat(live.get("id").asText()).isEqualTo("mine");
            assertThat(live.get("alert").get("state").asText()).isEqualTo("firing");
            assertThat(live.get("alert").get("id").asText()).isEqualTo(payload.get("id").asText());

            // the spike leaves the 10-second window: two clear evaluations later it resolves
            WebhookReceiver.Delivery resolved = good.await(d -> d.json().path("state").asText().equals("resolved"), WAIT);
            assertThat(resolved.signedWith(SECRET)).isTrue();
            assertThat(resolved.json().get("value").asDouble()).isLessThanOrEqualTo(20.0);
            assertThat(watcher.await(m -> m.path("type").asText().equals("alert")
                    && m.get("alert").get("state").asText().equals("resolved"), WAIT)).isNotNull();

            // fired once, resolved once, however many evaluations ran in between
            List<String> states = new ArrayList<>();
            good.all().forEach(d -> states.add(d.json().get("state").asText()));
            assertThat(states).containsExactly("firing", "resolved");

            JsonNode history = awaitDelivered();
            assertThat(history.get(0).get("state").asText()).isEqualTo("resolved");
            assertThat(history.get(1).get("state").asText()).isEqualTo("firing");
            JsonNode outcomes = history.get(1).get("delivered");
            assertThat(outcomes.get(0).get("ok").asBoolean()).isTrue();
            assertThat(outcomes.get(0).get("attempts").asInt()).isEqualTo(1);
            assertThat(outcomes.get(1).get("ok").asBoolean()).isFalse();
            assertThat(outcomes.get(1).get("attempts").asInt()).isEqualTo(3);
            assertThat(outcomes.get(1).get("error").asText()).contains("HTTP 500");
            assertThat(down.all()).hasSize(6); // 3 tries for each of the two notifications

            String metrics = http.get("/observe/metrics").body();
            assertThat(metric(metrics, "tally_notification_deliveries_total", "kind=\"alert\"", "outcome=\"failed\"")).isEqualTo(2);
            assertThat(metric(metrics, "tally_notification_deliveries_total", "kind=\"alert\"", "outcome=\"delivered\"")).isEqualTo(2);
            assertThat(metric(metrics, "tally_alert_transitions_total", "state=\"firing\"")).isGreaterThanOrEqualTo(1);
        }
    }

    /** The history once both notifications' deliveries are recorded. */
    private static JsonNode awaitDelivered() throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            JsonNode history = http.get("/v1/alerts/signup_spike/history").json().get("history");
            if (history.size() == 2 && !history.get(0).get("delivered").isNull() && !history.get(1).get("delivered").isNull()) {
                return history;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("deliveries were not recorded: " + http.get("/v1/alerts/signup_spike/history").body());
    }

    private static double metric(String exposition, String name, String... labels) {
        return exposition.lines().filter(l -> l.startsWith(name + "{"))
                .filter(l -> Arrays.stream(labels).allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void bad_rules_are_refused_with_the_field_named_and_unknown_ones_are_404() {
        Http.Answer bad = http.postJson("/v1/alerts", Map.of("name", "bad", "metric", "nonsense",
                "condition", Map.of("type", "above", "threshold", 1), "notify", List.of(Map.of("webhook", "https://x.example",
                        "secret", "short"))));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        List<String> fields = new ArrayList<>();
        bad.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertThat(fields).containsExactlyInAnyOrder("metric", "notify[0].secret");
        assertThat(http.get("/v1/alerts/none/history").status()).isEqualTo(404);
        assertThat(http.get("/v1/alerts/none").status()).isEqualTo(404);
    }
}
