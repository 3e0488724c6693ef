package io.tally.bootstrap;

import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import io.tally.ops.redis.LocalRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Two Tally nodes sharing one real redis-server as their query cache, over real HTTP. */
class QueryCacheTest {

    private static LocalRedis redis;
    private static Tally first;
    private static Tally second;

    private static Tally start(Path dir, String name) {
        return Tally.start(TallyConfig.withOverrides(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "store.path", dir.resolve(name + ".duckdb").toString(), "cache.kind", "redis",
                "cache.redis.address", redis.address())));
    }

    private static Event event(String id, String at) {
        Instant time = Instant.parse(at);
        return new Event(id, "default", "u-" + id, "s-" + id, "page_view", time, Map.of("path", PropertyValue.of("/")), "", "", time);
    }

    @BeforeAll
    static void start(@TempDir Path dir) {
        redis = LocalRedis.start(dir.resolve("redis"));
        first = start(dir, "first");
        second = start(dir, "second");
        String ndjson = List.of(event("a", "2026-10-05T10:00:00Z"), event("b", "2026-10-05T11:00:00Z")).stream()
                .map(EventJson::line).collect(Collectors.joining("\n"));
        for (Tally tally : List.of(first, second)) {
            assertThat(new Http(tally.port()).post("/v1/events?wait=true", "application/x-ndjson", ndjson).status()).isEqualTo(202);
        }
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
        redis.close();
    }

    private static final Map<String, Object> BY_DATES = Map.of("metrics", List.of("events", "visitors"),
            "date_range", List.of("2026-10-05", "2026-10-05"));
    /** The same question written another way: the same range as date-times. */
    private static final Map<String, Object> BY_INSTANTS = Map.of("metrics", List.of("events", "visitors"),
            "date_range", List.of("2026-10-05T00:00:00Z", "2026-10-06T00:00:00Z"));

    /** Both nodes reach Redis (after a restart the client reconnects on its own, within seconds). */
    private static void awaitCacheUp() throws InterruptedException {
        for (Tally tally : List.of(first, second)) {
            String status = "BYPASS";
            for (int i = 0; i < 100 && status.equals("BYPASS"); i++) {
                status = new Http(tally.port()).postJson("/v1/query", Map.of("metrics", List.of("events"),
                        "date_range", List.of("2026-09-01", "2026-09-02"))).raw().headers().firstValue("X-Cache").orElse("");
                if (status.equals("BYPASS")) {
                    Thread.sleep(100);
                }
            }
            assertThat(status).as("the cache answers again").isIn("HIT", "MISS");
        }
    }

    @Test
    void the_same_question_hits_the_cache_on_any_node_and_late_data_retires_it() throws InterruptedException {
        awaitCacheUp();
        Http.Answer miss = new Http(first.port()).postJson("/v1/query", BY_DATES);
        assertThat(miss.raw().headers().firstValue("X-Cache")).contains("MISS");
        assertThat(miss.json().get("meta").get("cached").asBoolean()).isFalse();

        Http.Answer hit = new Http(second.port()).postJson("/v1/query", BY_INSTANTS);
        assertThat(hit.raw().headers().firstValue("X-Cache")).contains("HIT");
        assertThat(hit.json().get("meta").get("cached").asBoolean()).isTrue();
        assertThat(hit.json().get("totals")).isEqualTo(miss.json().get("totals"));
        assertThat(miss.json().get("totals").get("events").asLong()).isEqualTo(2);

        Http.Answer forced = new Http(first.port()).postJson("/v1/query?refresh=force", BY_DATES);
        assertThat(forced.raw().headers().firstValue("X-Cache")).contains("BYPASS");

        // a late event for that past day, stored through the first node, retires the entry for both
        String late = EventJson.line(event("c", "2026-10-05T12:00:00Z"));
        assertThat(new Http(first.port()).post("/v1/events?wait=true", "application/json", late).status()).isEqualTo(202);
        Http.Answer after = new Http(first.port()).postJson("/v1/query", BY_DATES);
        assertThat(after.raw().headers().firstValue("X-Cache")).contains("MISS");
        assertThat(after.json().get("totals").get("events").asLong()).isEqualTo(3);
    }

    @Test
    void with_redis_down_queries_keep_answering_and_the_failure_is_counted() throws InterruptedException {
        redis.stop();
        try {
            Http http = new Http(first.port());
            Http.Answer answer = http.postJson("/v1/query", Map.of("metrics", List.of("events"),
                    "date_range", List.of("2026-10-04", "2026-10-05")));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.raw().headers().firstValue("X-Cache")).contains("BYPASS");
            assertThat(http.get("/observe/metrics").body()).contains("tally_query_cache_total{outcome=\"error\"");
        } finally {
            redis.restart();
        }
        awaitCacheUp();
    }
}
