package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The time series has the front door of every other query route, on REST, GraphQL and dashboard widgets: the
 * caller's query limit (429 with the RateLimit headers once the bucket is empty), the cache (X-Cache, one entry per
 * question, retired by a late event, stale-while-revalidate), on DuckDB and on the embedded ClickHouse engine.
 */
class TimeseriesFrontDoorTest {

    private static final Map<String, Tally> NODES = new LinkedHashMap<>();
    private static final Map<String, String> SHOP_KEYS = new LinkedHashMap<>();
    private static final Map<String, String> TINY_KEYS = new LinkedHashMap<>();
    /** 2026-10-05 in UTC, in daily buckets: two page views at 10:00 and 11:00 (and a late third at 12:00). */
    private static final String SERIES = "/v1/timeseries?metric=page_views&from=2026-10-05T00:00:00Z"
            + "&to=2026-10-06T00:00:00Z&interval=day&timezone=UTC";

    @BeforeAll
    static void start(@TempDir Path dir) {
        for (String kind : List.of("duckdb", "clickhouse-embedded")) {
            Path home = dir.resolve(kind);
            Tally tally = Tally.start(TallyConfig.withOverrides(Map.ofEntries(
                    Map.entry("server.port", "0"), Map.entry("server.host", "127.0.0.1"),
                    Map.entry("store.kind", kind), Map.entry("store.path", home.resolve("tally.duckdb").toString()),
                    Map.entry("store.clickhouse.path", home.resolve("clickhouse").toString()),
                    Map.entry("ingest.max-delay-ms", "20"), Map.entry("auth.keys-required", "true"),
                    Map.entry("project", "shop"), Map.entry("projects", "shop,tiny"),
                    Map.entry("limits.projects.tiny.queries-per-minute", "3"),
                    Map.entry("cache.past-ttl-seconds", "3"))));
            NODES.put(kind, tally);
            SHOP_KEYS.put(kind, tally.firstAdminKeys().get("shop"));
            TINY_KEYS.put(kind, tally.firstAdminKeys().get("tiny"));
            String ndjson = List.of(pageView("a", "2026-10-05T10:00:00Z"), pageView("b", "2026-10-05T11:00:00Z")).stream()
                    .map(EventJson::line).collect(Collectors.joining("\n"));
            assertThat(shop(kind).post("/v1/events?wait=true", "application/x-ndjson", ndjson).status()).isEqualTo(202);
        }
    }

    @AfterAll
    static void stop() {
        NODES.values().forEach(Tally::close);
    }

    private static Event pageView(String id, String at) {
        Instant time = Instant.parse(at);
        return new Event(id, "shop", "u-" + id, "s-" + id, "page_view", time, Map.of("path", PropertyValue.of("/")), "", "", time);
    }

    private static Http shop(String kind) {
        return new Http(NODES.get(kind).port(), SHOP_KEYS.get(kind));
    }

    private static long pageViews(Http.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode rows = answer.json().get("rows");
        assertThat(rows.size()).isEqualTo(1);
        return rows.get(0).get(1).asLong();
    }

    private static String cache(Http.Answer answer) {
        return answer.raw().headers().firstValue("X-Cache").orElse("");
    }

    @ParameterizedTest
    @ValueSource(strings = {"duckdb", "clickhouse-embedded"})
    void the_series_is_answered_from_the_cache_and_a_late_event_retires_it(String kind) throws InterruptedException {
        Http http = shop(kind);
        Http.Answer miss = http.get(SERIES);
        assertThat(cache(miss)).isEqualTo("MISS");
        assertThat(pageViews(miss)).isEqualTo(2);
        assertThat(miss.json().get("meta").get("cached").asBoolean()).isFalse();
        Http.Answer hit = http.get(SERIES);
        assertThat(cache(hit)).isEqualTo("HIT");
        assertThat(hit.json().get("meta").get("cached").asBoolean()).isTrue();
        assertThat(hit.json().get("rows")).isEqualTo(miss.json().get("rows"));
        assertThat(cache(http.get(SERIES + "&refresh=force"))).isEqualTo("BYPASS");

        // a dashboard widget asking the same question shares the entry
        assertThat(http.postJson("/v1/dashboards", Map.of("name", "series", "widgets", List.of(Map.of("id", "views",
                "kind", "timeseries", "query", Map.of("metric", "page_views", "from", "2026-10-05T00:00:00Z",
                        "to", "2026-10-06T00:00:00Z", "interval", "day", "timezone", "UTC"))))).status()).isEqualTo(201);
        JsonNode widget = http.get("/v1/dashboards/series/answer").json().get("widgets").get(0);
        assertThat(widget.get("cache").asText()).isEqualTo("HIT");

        // GraphQL: its own form, the same rules
        String document = "{ timeseries(metric: \"page_views\", from: \"2026-10-05T00:00:00Z\", to: \"2026-10-06T00:00:00Z\","
                + " interval: \"day\", timezone: \"UTC\") { rows meta { cached } } }";
        JsonNode first = http.postJson("/graphql", Map.of("query", document)).json().get("data").get("timeseries");
        JsonNode second = http.postJson("/graphql", Map.of("query", document)).json().get("data").get("timeseries");
        assertThat(first.get("meta").get("cached").asBoolean()).isFalse();
        assertThat(second.get("meta").get("cached").asBoolean()).isTrue();
        assertThat(second.get("rows").get(0).get(1).asLong()).isEqualTo(2);

        // past its TTL (3 s here) the answer is served stale while it is refreshed
        String stale = "";
        for (int i = 0; i < 40 && !stale.equals("STALE"); i++) {
            Thread.sleep(250);
            stale = cache(http.get(SERIES));
        }
        assertThat(stale).isEqualTo("STALE");

        // a late event for that past day moves the project's data version: the next answer is computed anew
        String late = EventJson.line(pageView("c", "2026-10-05T12:00:00Z"));
        assertThat(http.post("/v1/events?wait=true", "application/json", late).status()).isEqualTo(202);
        Http.Answer after = http.get(SERIES);
        assertThat(cache(after)).isEqualTo("MISS");
        assertThat(pageViews(after)).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"duckdb", "clickhouse-embedded"})
    void with_the_query_bucket_empty_the_series_is_refused_with_429(String kind) {
        Http tiny = new Http(NODES.get(kind).port(), TINY_KEYS.get(kind)); // 3 queries a minute
        for (int i = 0; i < 3; i++) {
            Http.Answer answer = tiny.get(SERIES);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.raw().headers().firstValue("RateLimit-Limit")).contains("3");
        }
        Http.Answer refused = tiny.get(SERIES);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.raw().headers().firstValue("RateLimit-Remaining")).contains("0");

        JsonNode graph = tiny.postJson("/graphql", Map.of("query", "{ timeseries(metric: \"page_views\") { rows } }")).json();
        assertThat(graph.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("RATE_LIMITED");
    }
}
