package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code POST /v1/stickiness} and {@code POST /v1/lifecycle} share, as they read one body: the refusals, each a
 * problem naming its field, and the query token each question takes. Their numbers are in StickinessApiTest and
 * LifecycleApiTest.
 */
class EventIntervalRoutesTest {

    private static Tally tally;
    private static Http http;

    @BeforeAll
    static void start(@TempDir Path dir) {
        tally = EndToEndTest.start(dir);
        http = new Http(tally.port());
    }

    @AfterAll
    static void stop() {
        tally.close();
    }

    private static JsonNode refused(String route, String title, Object body) {
        Http.Answer answer = http.postJson(route, body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("title").asText()).isEqualTo(title);
        return answer.json().get("errors");
    }

    @ParameterizedTest
    @CsvSource({"/v1/stickiness, Invalid stickiness query", "/v1/lifecycle, Invalid lifecycle query"})
    void bad_requests_are_problems_naming_the_field(String route, String title) {
        JsonNode unknown = refused(route, title, Map.of("event", "page_view", "periods", 3));
        assertThat(unknown.findValuesAsText("field")).containsExactly("periods");
        assertThat(unknown.get(0).get("reason").asText()).isEqualTo("unknown_field");

        assertThat(refused(route, title, Map.of("interval", "minute")).findValuesAsText("field")).containsExactly("interval");

        // 1 Jan 2025 to 30 Jun 2026: 546 days, 13,104 hours
        JsonNode hours = refused(route, title, Map.of("interval", "hour", "date_range", List.of("2025-01-01", "2026-06-30")));
        assertThat(hours.findValuesAsText("field")).containsExactly("interval");
        assertThat(hours.get(0).get("reason").asText()).isEqualTo("too_many");
        assertThat(http.postJson(route, Map.of("interval", "day", "date_range", List.of("2025-01-01", "2026-06-30")))
                .status()).as("546 days are fine").isEqualTo(200);

        assertThat(refused(route, title, Map.of("event", "page_view", "timezone", "Mars/Olympus")).findValuesAsText("field"))
                .containsExactly("timezone");
        assertThat(refused(route, title, Map.of("filters", List.of(List.of("is", "shoe_size", List.of("42")))))
                .findValuesAsText("field")).containsExactly("filters[0][1]");
        assertThat(refused(route, title, List.of("page_view")).findValuesAsText("field")).containsExactly("body");
        assertThat(http.post(route, "application/json", "{not json").status()).isEqualTo(400);
        assertThat(http.post(route, "text/plain", "{}").status()).isEqualTo(415);
        assertThat(http.get(route).status()).isEqualTo(405);
    }

    @ParameterizedTest
    @CsvSource({"/v1/stickiness", "/v1/lifecycle"})
    void each_question_takes_a_query_token(String route, @TempDir Path dir) {
        try (Tally limited = Tally.start(TallyConfig.withOverrides(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "store.path", dir.resolve("tally.duckdb").toString(), "cache.kind", "none",
                "limits.queries-per-minute", "2")))) {
            Http client = new Http(limited.port());
            assertThat(client.postJson(route + "?format=xlsx", Map.of()).status()).as("refused before it is asked").isEqualTo(406);
            assertThat(client.postJson(route, Map.of()).status()).isEqualTo(200);
            assertThat(client.postJson(route, Map.of("interval", "week")).status()).isEqualTo(200);
            Http.Answer over = client.postJson(route, Map.of());
            assertThat(over.status()).isEqualTo(429);
            assertThat(over.raw().headers().firstValue("Retry-After")).isPresent();
            assertThat(over.raw().headers().firstValue("RateLimit-Limit")).contains("2");
            assertThat(over.raw().headers().firstValue("RateLimit-Remaining")).contains("0");
        }
    }
}
