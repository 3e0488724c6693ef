package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Engagement events over real HTTP on the embedded DuckDB store, with {@code analytics.engagement-events} set to
 * {@code engagement, heartbeat}: they count as events and in no visitor or session fact. Every expected number is
 * counted by hand in the comments below.
 */
class EngagementEventsTest {

    private static Tally tally;
    private static Http http;

    /*
     * 10 September 2026, UTC:
     *   ann (s-a): a page view of /home 10:00, an engagement event 10:04 and a heartbeat 10:09: a one-page visit, so a
     *              bounce of 0 seconds (the two later events neither lengthen it nor keep it from bouncing)
     *   ben (s-b): page views of /a 11:00 and /b 11:02, an engagement event 11:10: 120 seconds, no bounce
     *   cat (s-c): a heartbeat 12:00 alone: no visitor and no visit
     */
    static List<Event> events() {
        return List.of(
                event("a1", "ann", "page_view", "10:00", "/home"),
                event("a2", "ann", "engagement", "10:04", "/home"),
                event("a3", "ann", "heartbeat", "10:09", "/home"),
                event("b1", "ben", "page_view", "11:00", "/a"),
                event("b2", "ben", "page_view", "11:02", "/b"),
                event("b3", "ben", "engagement", "11:10", "/b"),
                event("c1", "cat", "heartbeat", "12:00", "/c"));
    }

    private static Event event(String id, String user, String type, String at, String path) {
        Instant time = Instant.parse("2026-09-10T" + at + ":00Z");
        return new Event(id, "default", user, "s-" + user, type, time, Map.of("path", PropertyValue.of(path)), "", "", time);
    }

    @BeforeAll
    static void start(@TempDir Path dir) {
        tally = Tally.start(TallyConfig.withOverrides(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "ingest.max-delay-ms", "20", "store.path", dir.resolve("tally.duckdb").toString(),
                "analytics.engagement-events", "engagement, heartbeat", "rollup.refresh-seconds", "1")));
        http = new Http(tally.port());
        String ndjson = events().stream().map(EventJson::line).collect(Collectors.joining("\n"));
        Http.Answer stored = http.post("/v1/events?wait=true", "application/x-ndjson", ndjson);
        assertThat(stored.status()).as(stored.body()).isEqualTo(202);
    }

    @AfterAll
    static void stop() {
        tally.close();
    }

    private static JsonNode report(Map<String, Object> body) {
        Map<String, Object> asked = new HashMap<>(body);
        asked.put("date_range", List.of("2026-09-10", "2026-09-10"));
        Http.Answer answer = http.postJson("/v1/query", asked);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void engagement_events_count_as_events_and_leave_visitors_and_visits_as_the_page_views_make_them() {
        JsonNode totals = report(Map.of("metrics", List.of("events", "visitors", "sessions", "pageviews", "bounce_rate",
                "avg_session_duration"))).get("totals");
        // 7 events; visitors ann and ben (cat sent a heartbeat alone); visits s-a (a bounce, 0 s) and s-b (120 s)
        assertThat(totals.get("events").asLong()).isEqualTo(7);
        assertThat(totals.get("visitors").asLong()).isEqualTo(2);
        assertThat(totals.get("sessions").asLong()).isEqualTo(2);
        assertThat(totals.get("pageviews").asLong()).isEqualTo(3);
        assertThat(totals.get("bounce_rate").asDouble()).isCloseTo(50.0, within(1e-9));
        assertThat(totals.get("avg_session_duration").asDouble()).isCloseTo(60.0, within(1e-9));
    }

    @Test
    void by_event_type_the_engagement_events_have_events_and_no_visitors() {
        JsonNode answer = report(Map.of("metrics", List.of("events", "visitors", "sessions"), "dimensions", List.of("event_type")));
        Map<String, List<Long>> byType = new HashMap<>();
        answer.get("rows").forEach(row -> byType.put(row.get(0).asText(), List.of(row.get(1).asLong(), row.get(2).asLong(), row.get(3).asLong())));
        // engagement: a2, b3; heartbeat: a3, c1; page views: a1, b1, b2 of ann and ben, who began both visits with one
        assertThat(byType).containsOnly(Map.entry("engagement", List.of(2L, 0L, 0L)), Map.entry("heartbeat", List.of(2L, 0L, 0L)),
                Map.entry("page_view", List.of(3L, 2L, 2L)));
        assertThat(answer.get("meta").get("source").asText()).as("the sessions kept per hour hold engagement events too").isEqualTo("raw");
    }

    @Test
    void estimated_visitors_leave_the_engagement_events_sketches_out() throws InterruptedException {
        Map<String, Object> approximate = Map.of("metrics", List.of("visitors", "events"), "dimensions", List.of("event_type"),
                "accuracy", "approximate");
        JsonNode answer = report(approximate);
        for (int i = 0; i < 100 && !answer.get("meta").get("source").asText().contains("sketch"); i++) {
            Thread.sleep(100); // the rollup refresh (every second here) folds the events into the hourly sketches
            answer = report(approximate);
        }
        assertThat(answer.get("meta").get("source").asText()).isEqualTo("rollup+sketch");
        Map<String, List<Long>> byType = new HashMap<>();
        answer.get("rows").forEach(row -> byType.put(row.get(0).asText(), List.of(row.get(1).asLong(), row.get(2).asLong())));
        // the sketches are exact this small: visitors ann and ben by their page views, nobody by an engagement event
        assertThat(byType).containsOnly(Map.entry("engagement", List.of(0L, 2L)), Map.entry("heartbeat", List.of(0L, 2L)),
                Map.entry("page_view", List.of(2L, 3L)));
        assertThat(answer.get("totals").get("visitors").asLong()).isEqualTo(2);
    }
}
