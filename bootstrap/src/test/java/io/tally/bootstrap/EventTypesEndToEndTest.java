package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event types as clients name them ("user signed up", "Order Completed") are accepted by ingest and usable in every
 * query that names an event type, with the same numbers on both stores, worked out by hand below.
 */
class EventTypesEndToEndTest {

    private static final String SIGNED_UP = "user signed up";
    private static final String ORDERED = "Order Completed";
    private static final String CHECKOUT = "checkout: step #2 (paid) & done!";
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final LocalDate D2 = TODAY.minusDays(2);
    private static final LocalDate D1 = TODAY.minusDays(1);
    private static Tally duck;
    private static Tally clickhouse;

    private static Tally start(String kind, Path dir) {
        return StoreServers.start(kind, dir, "enrichment.keep-bots", "true");
    }

    private static Map<String, Object> event(String id, String user, String type, LocalDate day, int hour) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_id", id);
        event.put("user_id", user);
        event.put("session_id", "s-" + user);
        event.put("event_type", type);
        event.put("timestamp", day.atTime(hour, 0).toInstant(ZoneOffset.UTC).toString());
        return event;
    }

    /**
     * Ann signs up on D-2 at 10:00 and orders on D-1 at 10:00, then checks out at 11:00 (one session); Bob signs up on
     * D-2 and does nothing else; Cleo orders on D-1 without signing up.
     */
    private static List<Map<String, Object>> events() {
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(event("ann-1", "ann", SIGNED_UP, D2, 10));
        events.add(event("ann-2", "ann", ORDERED, D1, 10));
        events.add(event("ann-3", "ann", CHECKOUT, D1, 11));
        events.add(event("bob-1", "bob", SIGNED_UP, D2, 12));
        events.add(event("cleo-1", "cleo", ORDERED, D1, 9));
        return events;
    }

    @BeforeAll
    static void start(@TempDir Path dir) {
        duck = start("duckdb", dir.resolve("duck"));
        clickhouse = start("clickhouse-embedded", dir.resolve("ch"));
        for (Tally tally : List.of(duck, clickhouse)) {
            Http.Answer answer = new Http(tally.port()).postJson("/v1/events?wait=true", events());
            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
            assertThat(answer.json().get("accepted").asInt()).isEqualTo(5);
        }
    }

    @AfterAll
    static void stop() {
        duck.close();
        clickhouse.close();
    }

    private static List<Object> range() {
        return List.of(D2.minusDays(1).toString(), TODAY.toString());
    }

    private static JsonNode json(String text) {
        try {
            return Http.JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode ok(Tally tally, String path, Map<String, Object> body) {
        Http.Answer answer = new Http(tally.port()).postJson(path, body);
        assertThat(answer.status()).as(path + " " + answer.body()).isIn(200, 201);
        return answer.json();
    }

    @Test
    void a_funnel_over_event_types_with_spaces_counts_each_step_on_both_stores() {
        for (Tally tally : List.of(duck, clickhouse)) {
            JsonNode funnel = ok(tally, "/v1/funnels", Map.of("steps", List.of(Map.of("event", SIGNED_UP),
                    Map.of("event", ORDERED), Map.of("event", CHECKOUT)), "conversion_window", "7d", "date_range", range()));
            // Ann and Bob sign up; only Ann orders (Cleo never signed up), a day later, and checks out an hour after:
            // one user's times, so each mean is the median
            assertThat(funnel.get("rows")).as(tally.toString()).isEqualTo(json("["
                    + "[1, \"" + SIGNED_UP + "\", 2, 100.0, 100.0, 0, null, null],"
                    + "[2, \"" + ORDERED + "\", 1, 50.0, 50.0, 1, 86400.0, 86400.0],"
                    + "[3, \"" + CHECKOUT + "\", 1, 50.0, 100.0, 0, 3600.0, 3600.0]]"));
        }
    }

    @Test
    void an_event_type_no_event_can_have_is_refused_saying_which_characters_are_allowed() {
        Http.Answer refused = new Http(duck.port()).postJson("/v1/funnels", Map.of("steps",
                List.of(Map.of("event", SIGNED_UP), Map.of("event", "tab\there"))));
        assertThat(refused.status()).isEqualTo(400);
        JsonNode error = refused.json().get("errors").get(0);
        assertThat(error.get("field").asText()).isEqualTo("steps[1].event");
        assertThat(error.get("message").asText()).contains("letters, digits, spaces, punctuation", "control characters");
    }

    @Test
    void a_retention_matrix_over_event_types_with_spaces_on_both_stores() {
        for (Tally tally : List.of(duck, clickhouse)) {
            JsonNode retention = ok(tally, "/v1/retention", Map.of("start_event", Map.of("event", SIGNED_UP),
                    "return_event", Map.of("event", ORDERED), "period", "day", "periods", 3, "date_range", range()));
            // the D-2 cohort is Ann and Bob; on day 1 Ann orders; day 2 is today, day 3 is after the range (absent)
            JsonNode cohort = null;
            for (JsonNode row : retention.get("rows")) {
                cohort = row.get(0).asText().equals(D2.toString()) ? row : cohort;
            }
            assertThat(cohort).as(retention.toString()).isNotNull();
            assertThat(cohort).isEqualTo(json("[\"" + D2 + "\", 2, 2, 1, 0]"));
        }
    }

    @Test
    void paths_cohorts_report_filters_and_alerts_take_the_same_event_types() {
        for (Tally tally : List.of(duck, clickhouse)) {
            JsonNode paths = ok(tally, "/v1/paths", Map.of("anchor", Map.of("event", SIGNED_UP), "steps", 2,
                    "date_range", range()));
            // after signing up: Ann orders, then checks out; Bob does nothing more
            assertThat(paths.get("anchors").asInt()).isEqualTo(2);
            assertThat(paths.get("steps").findValuesAsText("value")).containsExactly(ORDERED, CHECKOUT);
            assertThat(paths.get("steps").findValuesAsText("reached")).containsExactly("1", "1");
            ok(tally, "/v1/cohorts", Map.of("name", "buyers", "rules", List.of(Map.of("event", ORDERED,
                    "date_range", range()))));
            JsonNode inCohort = ok(tally, "/v1/query", Map.of("metrics", List.of("visitors"), "filters",
                    List.of(List.of("in_cohort", "user", List.of("buyers"))), "date_range", range()));
            assertThat(inCohort.get("totals").get("visitors").asInt()).as("Ann and Cleo ordered").isEqualTo(2);
            JsonNode byType = ok(tally, "/v1/query", Map.of("metrics", List.of("events"), "filters",
                    List.of(List.of("is", "event_type", List.of(ORDERED, CHECKOUT))), "date_range", range()));
            assertThat(byType.get("totals").get("events").asInt()).as("ann-2, ann-3, cleo-1").isEqualTo(3);
            ok(tally, "/v1/alerts", Map.of("name", "orders", "metric", "events", "filters",
                    List.of(List.of("is", "event_type", List.of(ORDERED))), "window", "1h", "every", "5m",
                    "condition", Map.of("type", "above", "threshold", 100)));
        }
    }
}
