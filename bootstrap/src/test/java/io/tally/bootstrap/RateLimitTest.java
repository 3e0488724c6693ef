package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import io.tally.domain.event.Event;
import io.tally.domain.sample.TrafficGenerator;
import io.tally.ops.redis.LocalRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-project limits shared by two nodes through one real redis-server, answered with 429 and the RateLimit headers. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the outage last: after a restart the clients reconnect lazily
class RateLimitTest {

    private static LocalRedis redis;
    private static Tally first;
    private static Tally second;

    private static Tally start(Path dir, String name) {
        return Tally.start(TallyConfig.withOverrides(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "store.path", dir.resolve(name + ".duckdb").toString(), "limits.kind", "redis",
                "cache.redis.address", redis.address(), "cache.kind", "none",
                "limits.projects.default.queries-per-minute", "30",
                "limits.projects.default.ingest-events-per-second", "100")));
    }

    @BeforeAll
    static void start(@TempDir Path dir) {
        redis = LocalRedis.start(dir.resolve("redis"));
        first = start(dir, "first");
        second = start(dir, "second");
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
        redis.close();
    }

    @Test
    @Order(1)
    void a_burst_of_twice_the_query_limit_over_two_nodes_admits_the_limit() {
        int admitted = 0;
        Http.Answer refused = null;
        for (int i = 0; i < 30; i++) {
            for (Tally tally : List.of(first, second)) {
                Http.Answer answer = new Http(tally.port()).postJson("/v1/query", Map.of("metrics", List.of("events")));
                if (answer.status() == 200) {
                    admitted++;
                } else {
                    refused = answer;
                }
            }
        }
        assertThat(admitted).as("30 a minute, within 5%, for both nodes together").isBetween(30, 32);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.raw().headers().firstValue("RateLimit-Limit")).contains("30");
        assertThat(refused.raw().headers().firstValue("RateLimit-Remaining")).contains("0");
        assertThat(refused.raw().headers().firstValue("RateLimit-Reset")).isPresent();
        assertThat(new Http(first.port()).get("/observe/metrics").body()).contains("tally_rate_limited_requests_total{kind=\"query\"");
    }

    @Test
    @Order(4)
    void with_redis_down_requests_pass_and_it_is_counted() {
        redis.stop();
        try {
            Http http = new Http(second.port());
            for (int i = 0; i < 3; i++) {
                assertThat(http.postJson("/v1/query", Map.of("metrics", List.of("visitors"))).status()).isEqualTo(200);
            }
            assertThat(http.get("/observe/metrics").body()).contains("tally_rate_limiter_unavailable_total");
        } finally {
            redis.restart();
        }
    }

    @Test
    @Order(2)
    void a_batch_takes_one_token_per_event() {
        List<Event> events = TrafficGenerator.list(new TrafficGenerator.Settings(150, 1, 61,
                Instant.now().truncatedTo(ChronoUnit.HOURS), "default"));
        Http http = new Http(first.port());
        String fine = lines(events.subList(0, 80));
        Http.Answer accepted = http.post("/v1/events", "application/x-ndjson", fine);
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(Long.parseLong(accepted.raw().headers().firstValue("RateLimit-Remaining").orElseThrow())).isBetween(19L, 25L);
        // 80 more do not fit the ~20 left now, but will after the bucket refills
        Http.Answer later = http.post("/v1/events", "application/x-ndjson", lines(events.subList(80, 150)));
        assertThat(later.status()).isEqualTo(429);
        assertThat(later.raw().headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    @Order(3)
    void a_batch_larger_than_the_limit_is_refused_saying_how_large_a_batch_may_be() {
        // 100 events a second: 150 in one request could never be admitted, so waiting is not what the client is told
        List<Event> events = TrafficGenerator.list(new TrafficGenerator.Settings(150, 1, 62,
                Instant.now().truncatedTo(ChronoUnit.HOURS), "default"));
        Http http = new Http(second.port());
        Http.Answer tooLarge = http.post("/v1/events", "application/x-ndjson", lines(events));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.contentType()).startsWith("application/problem+json");
        assertThat(tooLarge.raw().headers().firstValue("Retry-After")).isEmpty();
        assertThat(tooLarge.json().get("max_events").asLong()).isEqualTo(100);
        JsonNode error = tooLarge.json().get("errors").get(0);
        assertThat(error.get("field").asText()).isEqualTo("body");
        assertThat(error.get("message").asText()).contains("150 events", "at most 100");
        // a batch as large as the limit fits (once the other cases' tokens are back: the bucket refills in a second)
        int status = 0;
        for (int i = 0; i < 40 && status != 202; i++) {
            status = http.post("/v1/events", "application/x-ndjson", lines(events.subList(0, 100))).status();
            if (status == 429) {
                pause();
            }
        }
        assertThat(status).isEqualTo(202);
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String lines(List<Event> events) {
        return events.stream().map(EventJson::line).collect(Collectors.joining("\n"));
    }
}
