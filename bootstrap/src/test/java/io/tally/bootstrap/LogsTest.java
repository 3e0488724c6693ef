package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code log.format: json}, what the server's console handler writes: a JSON object a line, the request's
 * trace id (continued from the caller's {@code traceparent}) and request id on the lines of that request, and
 * never an API key or a client's IP address.
 */
class LogsTest {

    @Test
    void linesCarryTheTraceIdAndNeverAKeyOrAnAddress(@TempDir Path dir) throws Exception {
        try (Tally tally = Tally.start(TallyConfig.withOverrides(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "store.path", dir.resolve("tally.duckdb").toString(), "auth.keys-required", "true", "log.format", "json")))) {
            Formatter installed = Arrays.stream(Logger.getLogger("").getHandlers())
                    .map(Handler::getFormatter).filter(JsonLogFormatter.class::isInstance).findFirst()
                    .orElseThrow(() -> new AssertionError("log.format json did not reach the console handler"));
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            StreamHandler capture = new StreamHandler(captured, installed);
            Logger.getLogger("").addHandler(capture);
            String key = tally.firstAdminKey().orElseThrow();
            String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
            try {
                String body = "{\"event_id\":\"e1\",\"user_id\":\"u\",\"session_id\":\"s\",\"event_type\":\"page_view\","
                        + "\"ip_address\":\"203.0.113.77\"}";
                HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + tally.port() + "/v1/events?wait=true"))
                        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                        .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(202);
                assertThat(response.headers().firstValue("traceparent").orElseThrow()).startsWith("00-" + traceId + "-");
                String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
                // a key that does not exist, and a bad event carrying an address, go through the same lines
                assertThat(new Http(tally.port(), key.substring(0, key.length() - 4) + "AAAA").get("/v1/kpis").status()).isEqualTo(401);
                assertThat(new Http(tally.port(), key).post("/v1/events", "application/json",
                        "{\"event_id\":\"e2\",\"ip_address\":\"198.51.100.23\"}").status()).isEqualTo(400);
                // the access line is written as the response leaves: wait for the third
                for (int i = 0; i < 50 && captured.toString(StandardCharsets.UTF_8).split("io.tally.access", -1).length < 4; i++) {
                    Thread.sleep(50);
                    capture.flush();
                }

                List<JsonNode> lines = new ArrayList<>();
                for (String line : captured.toString(StandardCharsets.UTF_8).split("\\R")) {
                    if (!line.isBlank()) {
                        lines.add(Http.JSON.readTree(line)); // every line is one JSON object
                    }
                }
                JsonNode access = lines.stream().filter(l -> l.path("trace_id").asText().equals(traceId)).findFirst()
                        .orElseThrow(() -> new AssertionError("no line with the trace id in " + lines));
                assertThat(access.get("request_id").asText()).isEqualTo(requestId);
                assertThat(access.get("message").asText()).contains("POST /v1/events 202").contains("project=default");
                assertThat(lines).hasSizeGreaterThanOrEqualTo(3);
                String all = captured.toString(StandardCharsets.UTF_8);
                assertThat(all).doesNotContain(key).doesNotContain(key.substring(0, 20))
                        .doesNotContain("203.0.113.77").doesNotContain("198.51.100.23");
            } finally {
                Logger.getLogger("").removeHandler(capture);
            }
        }
    }

    @Test
    void theLastGuardMasksKeysAndAddresses() {
        assertThat(LogMask.masked("key tly_abc_DEF-123 from 10.1.2.3 and 2001:db8::1 and [fe80:0:0:0:1:2:3:4]"))
                .isEqualTo("key tly_*** from *.*.*.* and *:* and [*:*]");
        assertThat(LogMask.masked("at 10:30:00 on 2026-11-28T10:00:00Z, Java 25.0.3")).isEqualTo("at 10:30:00 on 2026-11-28T10:00:00Z, Java 25.0.3");
    }

    @Test
    void a_request_id_shaped_like_a_key_or_an_address_is_replaced_never_logged_nor_echoed(@TempDir Path dir) throws Exception {
        try (Tally tally = Tally.start(TallyConfig.withOverrides(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "store.path", dir.resolve("tally.duckdb").toString(), "auth.keys-required", "true", "log.format", "json")))) {
            String key = tally.firstAdminKey().orElseThrow();
            String captured = capturing(JsonLogFormatter.class, () -> {
                for (String id : List.of(key, "203.0.113.77", "req-42.a_b")) {
                    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + tally.port() + "/v1/kpis"))
                            .header("Authorization", "Bearer " + key).header("X-Request-Id", id).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).isEqualTo(200);
                    String answered = response.headers().firstValue("X-Request-Id").orElseThrow();
                    if (id.equals("req-42.a_b")) {
                        assertThat(answered).as("a plain token is kept").isEqualTo(id);
                    } else {
                        assertThat(answered).as("a refused id is replaced, not echoed").matches("[0-9a-f]{16}");
                    }
                }
                // paths too: the access lines of these are masked
                assertThat(new Http(tally.port(), key).get("/zz/" + key + "/x").status()).isEqualTo(404);
                assertThat(new Http(tally.port(), key).get("/zz/203.0.113.77/x").status()).isEqualTo(404);
            }, 5);
            assertThat(captured).contains("\"request_id\":\"req-42.a_b\"").contains("GET /zz/tly_***/x 404")
                    .contains("GET /zz/*.*.*.*/x 404")
                    .doesNotContain(key).doesNotContain(key.substring(0, 20)).doesNotContain("203.0.113.77");
        }
    }

    @Test
    void the_text_format_masks_keys_and_addresses_in_every_line(@TempDir Path dir) throws Exception {
        try (Tally tally = Tally.start(TallyConfig.withOverrides(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "store.path", dir.resolve("tally.duckdb").toString(), "auth.keys-required", "true", "log.format", "text")))) {
            String key = tally.firstAdminKey().orElseThrow();
            String captured = capturing(MaskingFormatter.class, () -> {
                assertThat(new Http(tally.port()).get("/zz/" + key + "/x").status()).isEqualTo(404);
                assertThat(new Http(tally.port()).get("/zz/203.0.113.77/x").status()).isEqualTo(404);
                // lines as Helidon and Tally's error handlers write them, with the path and a failure's message
                Logger.getLogger("io.helidon.webserver.http.ErrorHandlers").log(Level.WARNING,
                        "Request failed: GET /zz/" + key + "/x HTTP/1.1, cannot send error response",
                        new IllegalStateException("from /203.0.113.77:51234 and [2001:db8::7]"));
                System.getLogger("io.tally.adapter.in.rest.RestApi").log(System.Logger.Level.ERROR,
                        "unexpected failure on /zz/203.0.113.77/x");
            }, 0);
            assertThat(captured).contains("GET /zz/tly_***/x").contains("from /*.*.*.*:51234 and [*:*]")
                    .contains("unexpected failure on /zz/*.*.*.*/x").contains("java.lang.IllegalStateException")
                    .doesNotContain(key).doesNotContain(key.substring(0, 20)).doesNotContain("203.0.113.77")
                    .doesNotContain("2001:db8::7");
        }
    }

    @Test
    void slf4j_lines_of_the_libraries_go_through_the_same_masking_handlers() throws Exception {
        // bound to JUL (slf4j-jdk14): no "No SLF4J providers were found" at start, and Kafka's lines are masked too
        assertThat(LoggerFactory.getILoggerFactory().getClass().getName()).isEqualTo("org.slf4j.jul.JDK14LoggerFactory");
        MaskingFormatter.install(false);
        String captured = capturing(MaskingFormatter.class, () -> LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient")
                .warn("connection to node -1 (/203.0.113.9:9092) could not be established"), 0);
        assertThat(captured).contains("connection to node -1 (/*.*.*.*:9092) could not be established")
                .doesNotContain("203.0.113.9");
    }

    private interface Requests {
        void send() throws Exception;
    }

    /** What the console handler writes while the requests run, through the formatter the server installed on it. */
    private static String capturing(Class<? extends Formatter> format, Requests requests, int accessLines)
            throws Exception {
        Formatter installed = Arrays.stream(Logger.getLogger("").getHandlers())
                .map(Handler::getFormatter).filter(format::isInstance).findFirst()
                .orElseThrow(() -> new AssertionError("log.format did not reach the console handler as " + format));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        StreamHandler capture = new StreamHandler(captured, installed);
        Logger.getLogger("").addHandler(capture);
        try {
            requests.send();
            for (int i = 0; i < 50 && captured.toString(StandardCharsets.UTF_8).split("io.tally.access", -1).length <= accessLines; i++) {
                Thread.sleep(50);
                capture.flush();
            }
            capture.flush();
            return captured.toString(StandardCharsets.UTF_8);
        } finally {
            Logger.getLogger("").removeHandler(capture);
        }
    }
}
