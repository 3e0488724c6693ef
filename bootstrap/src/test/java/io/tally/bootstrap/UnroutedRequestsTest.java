package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import io.tally.adapter.in.rest.RestApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request no route takes is a problem body (404, 405 with {@code Allow}, 426 for a WebSocket path asked without an
 * upgrade), never a 500, and writes no stack trace. It is answered before any key is checked: the routes are public,
 * so the answer tells the caller its real mistake and reveals nothing.
 */
class UnroutedRequestsTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final List<LogRecord> RECORDS = new CopyOnWriteArrayList<>();
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLoggerName() != null && record.getLoggerName().startsWith("org.apache.kafka")) {
                return; // a Kafka client another test left behind, not the web server
            }
            RECORDS.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private static Tally tally;
    private static String adminKey;

    @BeforeAll
    static void start(@TempDir Path dir) {
        tally = Tally.start(TallyConfig.withOverrides(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "store.path", dir.resolve("tally.duckdb").toString(), "auth.keys-required", "true")));
        adminKey = tally.firstAdminKey().orElseThrow();
        Logger.getLogger("").addHandler(CAPTURE);
    }

    @AfterAll
    static void stop() {
        Logger.getLogger("").removeHandler(CAPTURE);
        tally.stop();
    }

    private static HttpResponse<String> send(String method, String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tally.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode problem(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.request().method() + " " + response.request().uri() + ": "
                + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode body = Http.JSON.readTree(response.body());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("type").asText()).startsWith("urn:tally:problem:");
        return body;
    }

    @Test
    void unknown_paths_are_404_with_or_without_a_key() throws Exception {
        for (String key : new String[]{null, adminKey}) {
            for (String path : List.of("/nonexistent", "/", "/v1", "/v1/", "/v1/nope", "/v1/kpis/a%2Fb", "/analytics/x",
                    "/graphql/nope", "/observe/nope")) {
                problem(send("GET", path, key), 404);
            }
        }
    }

    @Test
    void a_known_path_with_another_method_is_405_naming_the_allowed_ones() throws Exception {
        Map<String, List<String>> cases = Map.of(
                "DELETE /v1/events", List.of("POST"),
                "PUT /v1/query", List.of("POST"),
                "PATCH /v1/kpis", List.of("GET", "POST"),
                "POST /v1/kpis/some_kpi", List.of("DELETE", "GET", "PUT"),
                "PUT /graphql", List.of("GET", "POST"),
                "DELETE /graphql", List.of("GET", "POST"),
                "POST /v1/live", List.of("GET"),
                "DELETE /graphql/ws", List.of("GET"));
        for (String key : new String[]{null, adminKey}) {
            for (var c : cases.entrySet()) {
                String[] request = c.getKey().split(" ");
                HttpResponse<String> response = send(request[0], request[1], key);
                problem(response, 405);
                assertThat(response.headers().firstValue("Allow")).as(c.getKey())
                        .hasValue(String.join(", ", c.getValue()));
            }
        }
    }

    @Test
    void the_paths_of_observe_openapi_and_the_graphql_schema_take_their_own_methods_only() throws Exception {
        Map<String, String> cases = Map.of(
                "DELETE /openapi", "GET",
                "POST /openapi", "GET",
                "POST /observe/health", "GET, HEAD",
                "PUT /observe/health/live", "GET, HEAD",
                "DELETE /observe/health/ready/store", "GET, HEAD",
                "POST /observe/metrics", "GET, OPTIONS",
                "DELETE /observe/metrics/base", "GET, OPTIONS",
                "POST /graphql/schema.graphql", "GET");
        for (String key : new String[]{null, adminKey}) {
            for (var c : cases.entrySet()) {
                String[] request = c.getKey().split(" ");
                HttpResponse<String> response = send(request[0], request[1], key);
                problem(response, 405);
                assertThat(response.headers().firstValue("Allow")).as(c.getKey()).hasValue(c.getValue());
            }
        }
        // what the features serve is still theirs: every method named in an Allow above is answered
        for (String route : List.of("GET /openapi", "GET /observe/health", "HEAD /observe/health", "GET /observe/health/live",
                "HEAD /observe/health/ready", "GET /observe/health/ready/store", "HEAD /observe/health/ready/store",
                "GET /observe/metrics", "OPTIONS /observe/metrics", "GET /observe/metrics/base",
                "OPTIONS /observe/metrics/base", "GET /observe/metrics/base/jvm.uptime", "GET /graphql/schema.graphql")) {
            String[] request = route.split(" ");
            assertThat(send(request[0], request[1], null).statusCode()).as(route).isBetween(200, 204);
        }
        // a path the table does not know under a feature's prefix is the feature's 404, still a problem
        problem(send("GET", "/observe/health/live/nope", null), 404);
        problem(send("GET", "/observe/metrics/base/jvm.uptime/x", null), 404);
    }

    @Test
    void options_is_left_to_the_routing_and_answered_405_when_nothing_takes_it() throws Exception {
        HttpResponse<String> response = send("OPTIONS", "/graphql", adminKey);
        problem(response, 405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, POST");
    }

    @Test
    void a_websocket_path_asked_over_plain_http_is_426() throws Exception {
        for (String path : List.of("/v1/live", "/graphql/ws")) {
            HttpResponse<String> response = send("GET", path, adminKey);
            problem(response, 426);
            assertThat(response.headers().firstValue("Upgrade")).hasValue("websocket");
        }
    }

    @Test
    void every_route_still_reaches_the_key_check() throws Exception {
        // the route table matches as Helidon's routing does: no real route is mistaken for an unknown one
        for (String route : RestApi.routeKeys()) {
            String[] parts = route.split(" ");
            String path = parts[1].replaceAll("\\{[^}]+}", "x");
            assertThat(send(parts[0], path, null).statusCode()).as(route).isEqualTo(401);
        }
        assertThat(send("GET", "/graphql?query=%7Bkpis%7Bname%7D%7D", null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/graphql/schema.graphql", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/observe/health", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/openapi", null).statusCode()).isEqualTo(200);
    }

    @Test
    void a_wrong_method_is_405_even_for_a_key_of_another_kind() throws Exception {
        String readKey = Http.JSON.readTree(new Http(tally.port(), adminKey).postJson("/v1/keys", Map.of("kind", "read"))
                .body()).get("key").asText();
        // before: a read key's DELETE /v1/events was judged as an ingest request (403); the route does not exist
        problem(send("DELETE", "/v1/events", readKey), 405);
    }

    @Test
    void no_stack_trace_is_written_for_them() throws Exception {
        RECORDS.clear();
        problem(send("GET", "/nonexistent", null), 404);
        problem(send("DELETE", "/v1/events", adminKey), 405);
        problem(send("POST", "/observe/health", null), 405);
        assertThat(RECORDS).filteredOn(r -> r.getThrown() != null || r.getLevel().intValue() >= Level.WARNING.intValue())
                .extracting(LogRecord::getMessage).isEmpty();
    }
}
