package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Patterns from users on a started server, on DuckDB and on ClickHouse: a pattern either store would refuse is a 400
 * naming the value over REST, GraphQL and the live protocol (it was a 503 from the store), and a live view's pattern,
 * however it would backtrack in java.util.regex, neither stalls ingestion nor is evaluated on the writer's thread.
 */
class UserPatternsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> REFUSED_BY_THE_STORES = List.of("a++", "(?>a)", "\\p{javaLowerCase}", "\\Z");
    /** java.util.regex needs about 5 s for 26 a's and a ! and twice as long for each a more. */
    private static final String BACKTRACKS = "(a{1,30}){1,30}$";
    private static Tally duck;
    private static Tally clickhouse;

    private static Tally start(String kind, Path dir) {
        return StoreServers.start(kind, dir, "ingest.max-delay-ms", "20", "enrichment.keep-bots", "true",
                "cache.kind", "none");
    }

    @BeforeAll
    static void start(@TempDir Path dir) {
        duck = start("duckdb", dir.resolve("duck"));
        clickhouse = start("clickhouse-embedded", dir.resolve("ch"));
    }

    @AfterAll
    static void stop() {
        duck.close();
        clickhouse.close();
    }

    private static Tally on(String kind) {
        return kind.equals("duckdb") ? duck : clickhouse;
    }

    private static Map<String, Object> query(String pattern) {
        return Map.of("metrics", List.of("events"), "date_range", "last_24h",
                "filters", List.of(List.of("matches", "prop:path", List.of(pattern))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"duckdb", "clickhouse-embedded"})
    void a_pattern_a_store_refuses_is_a_400_naming_it_over_rest(String kind) {
        Http http = new Http(on(kind).port());
        for (String pattern : REFUSED_BY_THE_STORES) {
            Http.Answer answer = http.postJson("/v1/query", query(pattern));
            assertThat(answer.status()).as(pattern + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.json().get("errors").findValuesAsText("field")).as(pattern).containsExactly("filters[0][2][0]");
            Http.Answer funnel = http.postJson("/v1/funnels", Map.of("steps", List.of(Map.of("event", "page_view",
                    "filters", List.of(List.of("matches", "prop:path", List.of("/docs", pattern)))), Map.of("event", "sign_up"))));
            assertThat(funnel.status()).as(pattern + ": " + funnel.body()).isEqualTo(400);
            assertThat(funnel.json().get("errors").findValuesAsText("field")).containsExactly("steps[0].filters[0][2][1]");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"duckdb", "clickhouse-embedded"})
    void a_pattern_a_store_refuses_is_a_bad_user_input_naming_it_over_graphql(String kind) {
        Http http = new Http(on(kind).port());
        for (String pattern : REFUSED_BY_THE_STORES) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("query", """
                    query ($p: Cell!) { report(query: {metrics: ["events"],
                      filters: [{op: "matches", dimension: "prop:path", values: [$p]}]}) { rows } }""");
            body.put("variables", Map.of("p", pattern));
            JsonNode result = http.postJson("/graphql", body).json();
            assertThat(result.get("errors")).as(pattern + ": " + result).isNotNull();
            assertThat(result.get("errors").findValuesAsText("code")).containsOnly("BAD_USER_INPUT");
            assertThat(result.get("errors").findValuesAsText("field")).containsExactly("query.filters[0].values[0]");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"duckdb", "clickhouse-embedded"})
    void a_pattern_a_store_refuses_is_an_invalid_query_naming_it_over_the_live_protocol(String kind) {
        try (WsClient client = WsClient.connect(on(kind).port(), "/v1/live", Map.of())) {
            client.await(WsClient.type("ready"), WAIT);
            for (String pattern : REFUSED_BY_THE_STORES) {
                client.send(Map.of("type", "subscribe", "id", pattern, "query", Map.of("metrics", List.of("events"),
                        "filters", List.of(List.of("matches", "prop:path", List.of(pattern))))));
                JsonNode error = client.await(m -> m.path("type").asText().equals("error") && m.path("id").asText().equals(pattern), WAIT);
                assertThat(error.get("error").get("code").asText()).isEqualTo("invalid_query");
                assertThat(error.get("error").get("violations").findValuesAsText("field")).containsExactly("filters[0][2][0]");
            }
        }
    }

    private static String event(String id, String path) {
        return EventJson.write(Map.of("event_id", id, "user_id", "u-" + id, "session_id", "s-" + id,
                "event_type", "page_view", "timestamp", Instant.now().minusSeconds(5).toString(), "properties", Map.of("path", path)));
    }

    /**
     * A read key subscribes a live view whose pattern java.util.regex would run for hours on a 41-character path; the
     * events are then stored (the request waits for it) and counted by the live view as by the store. Before, the
     * writer evaluated the pattern itself and this test timed out with every project's ingestion stalled.
     */
    @ParameterizedTest
    @ValueSource(strings = {"duckdb", "clickhouse-embedded"})
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // on the old code the writer never came back
    void a_live_pattern_that_backtracks_in_java_stalls_no_ingestion(String kind) {
        Tally tally = on(kind);
        String run = kind.substring(0, 4);
        try (WsClient client = WsClient.connect(tally.port(), "/v1/live", Map.of())) {
            client.await(WsClient.type("ready"), WAIT);
            client.send(Map.of("type", "subscribe", "id", "slow", "query", Map.of("metrics", List.of("events"),
                    "interval", "1s", "filters", List.of(List.of("matches", "prop:path", List.of(BACKTRACKS))))));
            long before = client.await(WsClient.type("snapshot"), WAIT).get("data").get("totals").get("events").asLong();

            String ndjson = IntStream.range(0, 20).mapToObj(i -> event(run + "-bang-" + i, "a".repeat(40 + i) + "!"))
                    .collect(Collectors.joining("\n")) + "\n" + event(run + "-as", "a".repeat(40));
            Http.Answer stored = new Http(tally.port()).post("/v1/events?wait=true", "application/x-ndjson", ndjson);
            assertThat(stored.status()).as(stored.body()).isEqualTo(202);
            assertThat(stored.json().get("accepted").asInt()).isEqualTo(21);

            // only the path of a's alone ends in a's: one event more, live and in the store
            client.await(m -> m.path("type").asText().equals("update")
                    && m.get("data").get("totals").get("events").asLong() == before + 1, WAIT);
            JsonNode answer = new Http(tally.port()).postJson("/v1/query", query(BACKTRACKS)).json();
            assertThat(answer.get("totals").get("events").asLong()).isEqualTo(before + 1);
        }
    }
}
