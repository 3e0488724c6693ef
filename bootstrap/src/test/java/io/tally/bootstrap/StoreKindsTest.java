package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tally.domain.event.Event;
import io.tally.domain.sample.TrafficGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same server on both stores (DuckDB, and ClickHouse embedded with {@code store.kind: clickhouse-embedded}),
 * fed the same events over HTTP, answers every query type with the same JSON (but for the time it took).
 */
class StoreKindsTest {

    private static Tally duck;
    private static Tally clickhouse;

    private static Tally start(String kind, Path dir) {
        return StoreServers.start(kind, dir, "enrichment.keep-bots", "true");
    }

    @BeforeAll
    static void start(@TempDir Path dir) {
        duck = start("duckdb", dir.resolve("duck"));
        clickhouse = start("clickhouse-embedded", dir.resolve("ch"));
        List<Event> events = TrafficGenerator.list(new TrafficGenerator.Settings(20_000, 14, 11,
                Instant.now().truncatedTo(ChronoUnit.HOURS), "default"));
        String ndjson = events.stream().map(EventJson::line).collect(Collectors.joining("\n"));
        for (Tally tally : List.of(duck, clickhouse)) {
            Http http = new Http(tally.port());
            assertThat(http.post("/v1/events?wait=true", "application/x-ndjson", ndjson).json().get("accepted").asInt())
                    .isEqualTo(20_000);
            assertThat(http.postJson("/v1/kpis", Map.of("name", "cr", "expression", "conversions / visitors * 100"))
                    .status()).isEqualTo(201);
            assertThat(http.postJson("/v1/cohorts", Map.of("name", "buyers", "rules",
                    List.of(Map.of("event", "purchase", "date_range", "last_30d")))).status()).isEqualTo(201);
            for (Map<String, Object> goal : GOALS) {
                assertThat(http.postJson("/v1/goals", goal).status()).isEqualTo(201);
            }
        }
    }

    /** Page goals with each wildcard and with regular-expression characters taken literally, event goals with a filter. */
    private static final List<Map<String, Object>> GOALS = List.of(
            Map.of("name", "blog_posts", "page", "/blog/*"),
            Map.of("name", "any_docs", "page", "/docs**"),
            Map.of("name", "everything", "page", "/**"),
            Map.of("name", "odd_page", "page", "/a+b(1).html"),
            Map.of("name", "team_sign_up", "event", "sign_up", "filters", List.of(List.of("is", "prop:plan", List.of("team")))),
            Map.of("name", "purchase", "event", "purchase"),
            Map.of("name", "nobody", "event", "newsletter_subscribe"));

    @AfterAll
    static void stop() {
        duck.close();
        clickhouse.close();
    }

    private static JsonNode withoutTiming(JsonNode answer) {
        ((ObjectNode) answer.get("meta")).remove("query_ms");
        return answer;
    }

    private static void sameAnswer(String path, Map<String, Object> body) {
        Http.Answer fromDuck = new Http(duck.port()).postJson(path, body);
        Http.Answer fromClickHouse = new Http(clickhouse.port()).postJson(path, body);
        assertThat(fromDuck.status()).as(fromDuck.body()).isEqualTo(200);
        assertThat(withoutTiming(fromClickHouse.json())).as(path + " " + body).isEqualTo(withoutTiming(fromDuck.json()));
    }

    @Test
    void both_stores_give_the_same_answers() {
        sameAnswer("/v1/query", Map.of("metrics", List.of("visitors", "sessions", "bounce_rate", "avg_session_duration",
                "views_per_session", "revenue", "arpu", "kpi:cr"), "dimensions", List.of("time:day", "country"),
                "date_range", "last_7d", "timezone", "America/New_York", "compare", "previous_period"));
        sameAnswer("/v1/query", Map.of("metrics", List.of("events", "pageviews", "revenue"),
                "dimensions", List.of("time:hour", "event_type"), "date_range", "last_24h", "timezone", "Europe/Berlin"));
        sameAnswer("/v1/query", Map.of("metrics", List.of("events", "visitors"), "dimensions", List.of("browser", "device"),
                "filters", List.of(List.of("in_cohort", "user", List.of("buyers")), List.of("contains", "prop:path", List.of("doc"))),
                "date_range", "last_30d"));
        sameAnswer("/v1/funnels", Map.of("steps", List.of(Map.of("event", "page_view"), Map.of("event", "sign_up"),
                Map.of("event", "purchase")), "conversion_window", "3d", "breakdown", "utm_source", "date_range", "last_30d"));
        sameAnswer("/v1/retention", Map.of("start_event", Map.of("event", "page_view"), "period", "day", "periods", 7,
                "mode", "recurring", "timezone", "Asia/Kolkata", "date_range", "last_30d"));
        sameAnswer("/v1/paths", Map.of("anchor", Map.of("event", "page_view", "filters",
                List.of(List.of("is", "prop:path", List.of("/pricing")))), "node", "prop:path", "steps", 3, "date_range", "last_30d"));
        sameAnswer("/v1/stickiness", Map.of("event", "page_view", "filters", List.of(List.of("contains", "prop:path", List.of("doc"))),
                "timezone", "America/New_York", "date_range", "last_30d"));
        sameAnswer("/v1/stickiness", Map.of("interval", "hour", "timezone", "Asia/Kolkata", "date_range", "last_7d"));
        sameAnswer("/v1/stickiness", Map.of("event", "purchase", "interval", "week", "filters",
                List.of(List.of("in_cohort", "user", List.of("buyers"))), "date_range", "last_30d"));
        sameAnswer("/v1/stickiness", Map.of("interval", "month", "timezone", "Europe/Berlin", "date_range", "year_to_date"));
        // lifecycles read every earlier event (who is new) and the interval before the range (returning, dormant)
        sameAnswer("/v1/lifecycle", Map.of("event", "page_view", "filters", List.of(List.of("contains", "prop:path", List.of("doc"))),
                "timezone", "America/New_York", "date_range", "last_7d"));
        sameAnswer("/v1/lifecycle", Map.of("interval", "hour", "timezone", "Asia/Kolkata", "date_range", "last_7d"));
        sameAnswer("/v1/lifecycle", Map.of("event", "purchase", "interval", "week", "filters",
                List.of(List.of("in_cohort", "user", List.of("buyers"))), "date_range", "last_30d"));
        sameAnswer("/v1/lifecycle", Map.of("interval", "month", "timezone", "Europe/Berlin", "date_range", "year_to_date"));
        // trends: several reports side by side, with formulas, totals over the range and breakdowns cut to the largest
        sameAnswer("/v1/trends", Map.of("series", List.of(Map.of("event", "page_view"), Map.of("event", "sign_up",
                "metric", "visitors"), Map.of("event", "purchase", "metric", "revenue")), "formulas", List.of(
                Map.of("expression", "B / A * 100"), Map.of("expression", "C / B", "name", "revenue_per_sign_up")),
                "timezone", "America/New_York", "date_range", "last_30d"));
        sameAnswer("/v1/trends", Map.of("series", List.of(Map.of("metric", "visitors"), Map.of("event", "purchase",
                "metric", "kpi:cr", "filters", List.of(List.of("in_cohort", "user", List.of("buyers"))))),
                "formulas", List.of(Map.of("expression", "(A + B) / 2")), "interval", "week", "breakdown", "country",
                "breakdown_limit", 3, "timezone", "Europe/Berlin", "date_range", "last_30d"));
        sameAnswer("/v1/trends", Map.of("series", List.of(Map.of("metric", "sessions"), Map.of("metric", "bounce_rate",
                "filters", List.of(List.of("contains", "prop:path", List.of("doc"))))), "interval", "hour",
                "breakdown", "prop:path", "breakdown_limit", 4, "timezone", "Asia/Kolkata", "date_range", "last_7d"));
        // goal conversions: every goal, some of them, narrowed by a country and a cohort; and a trend counting goals
        sameAnswer("/v1/conversions", Map.of("timezone", "America/New_York", "date_range", "last_30d"));
        sameAnswer("/v1/conversions", Map.of("goals", List.of("purchase", "blog_posts", "nobody"), "filters",
                List.of(List.of("is", "country", List.of("DE", "US")), List.of("in_cohort", "user", List.of("buyers"))),
                "timezone", "Europe/Berlin", "date_range", "last_7d"));
        sameAnswer("/v1/trends", Map.of("series", List.of(Map.of("goal", "blog_posts", "metric", "visitors"),
                Map.of("goal", "any_docs"), Map.of("goal", "purchase", "metric", "revenue", "filters",
                        List.of(List.of("is", "prop:plan", List.of("team"))))), "formulas", List.of(Map.of("expression", "A / B")),
                "breakdown", "country", "breakdown_limit", 3, "date_range", "last_30d"));
        // not a trivial agreement: the generated traffic reaches the page goals (/blog/launch; /docs and /docs/api)
        JsonNode conversions = new Http(duck.port()).postJson("/v1/conversions", Map.of("goals", List.of("blog_posts",
                "any_docs", "everything"), "date_range", "last_30d")).json();
        conversions.get("rows").forEach(row -> assertThat(row.get(1).asLong()).as(row.toString()).isPositive());
        JsonNode everything = conversions.get("rows").get(0);
        assertThat(everything.get(0).asText()).as("every page view has a path under /").isEqualTo("everything");
        assertThat(everything.get(1).asLong()).as("all visitors but those of no page view").isLessThanOrEqualTo(
                conversions.get("visitors").asLong());
        String midDay = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(5)).plus(Duration.ofHours(13)).toString();
        sameAnswer("/v1/lifecycle", Map.of("event", "sign_up", "date_range", List.of(midDay, Instant.now().toString())));
    }

    /**
     * Values with quotes and backslashes are compared as written on both stores (on ClickHouse an apostrophe answered
     * 503, "/back\\slash" matched nothing and "/\\N" nothing).
     */
    @Test
    void filter_values_with_quotes_and_backslashes_are_compared_as_written() {
        List<String> types = List.of("it's", "/back\\slash", "/\\N", "50%_off");
        String at = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS).toString();
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            events.add(Map.of("event_id", "quoted-" + i, "user_id", "quoted-user", "session_id", "quoted", "event_type",
                    types.get(i), "timestamp", at, "properties", Map.of("label", types.get(i))));
        }
        for (Tally tally : List.of(duck, clickhouse)) {
            Http http = new Http(tally.port());
            assertThat(http.postJson("/v1/events?wait=true", events).json().get("accepted").asInt()).isEqualTo(types.size());
            for (String type : types) {
                for (List<Object> filter : List.of(List.<Object>of("is", "event_type", List.of(type)),
                        List.<Object>of("is", "prop:label", List.of(type)), List.<Object>of("contains", "prop:label", List.of(type)))) {
                    Http.Answer answer = http.postJson("/v1/query", Map.of("metrics", List.of("events"), "date_range", "last_24h",
                            "filters", List.of(filter)));
                    assertThat(answer.status()).as(filter + " " + answer.body()).isEqualTo(200);
                    assertThat(answer.json().get("totals").get("events").asLong()).as(filter.toString()).isEqualTo(1);
                }
                Http.Answer others = http.postJson("/v1/query", Map.of("metrics", List.of("events"), "date_range", "last_24h",
                        "filters", List.of(List.of("is", "prop:label", types), List.of("is_not", "event_type", List.of(type)))));
                assertThat(others.json().get("totals").get("events").asLong()).as("is_not " + type).isEqualTo(types.size() - 1);
            }
        }
    }

    /**
     * Revenue at the edge of its range sums to the last digit on both stores; a value outside it is refused naming the
     * property (1e400 was accepted, then every revenue query answered 503; 30 digits summed to 0 on ClickHouse).
     */
    @Test
    void revenue_at_the_edges_sums_exactly_and_beyond_them_is_refused() {
        String at = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS).toString();
        StringBuilder edges = new StringBuilder();
        String[] amounts = {"999999999999999.999999", "999999999999999.999999", "999999999999999.999999",
                "-999999999999999.999999", "99999999999999.999999", "1.2345675"};
        for (int i = 0; i < amounts.length; i++) {
            edges.append("{\"event_id\":\"edge-").append(i).append("\",\"user_id\":\"edge-user\",\"session_id\":\"edge\",")
                    .append("\"event_type\":\"edge_purchase\",\"timestamp\":\"").append(at).append("\",")
                    .append("\"properties\":{\"revenue\":").append(amounts[i]).append("}}\n");
        }
        for (Tally tally : List.of(duck, clickhouse)) {
            Http http = new Http(tally.port());
            assertThat(http.post("/v1/events?wait=true", "application/x-ndjson", edges.toString()).json().get("accepted").asInt())
                    .isEqualTo(amounts.length);
            for (String outside : List.of("1e400", "123456789012345678901234567890", "1000000000000000", "\"19.99\"")) {
                Http.Answer refused = http.post("/v1/events", "application/json", "{\"event_id\":\"out\",\"user_id\":\"u\","
                        + "\"session_id\":\"s\",\"event_type\":\"edge_purchase\",\"properties\":{\"revenue\":" + outside + "}}");
                assertThat(refused.status()).as(outside + " " + refused.body()).isEqualTo(400);
                assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("properties.revenue");
            }
            // 3 x 999999999999999.999999 - 999999999999999.999999 + 99999999999999.999999 + 1.234568 (rounded half up)
            Http.Answer report = http.postJson("/v1/query", Map.of("metrics", List.of("revenue"), "date_range", "last_24h",
                    "filters", List.of(List.of("is", "event_type", List.of("edge_purchase")))));
            assertThat(report.body()).as(report.body()).contains("\"totals\":{\"revenue\":2100000000000001.234565}");
        }
    }

    /** Zones java.time accepts that a store did not (503 before): answered alike on both stores, named as offsets. */
    @Test
    void whole_hour_offsets_in_any_spelling_are_answered_alike_on_both_stores() {
        Map<String, String> named = Map.of("+14:00", "+14:00", "GMT+14", "+14:00", "UTC+5", "+05:00",
                "SystemV/EST5", "-05:00", "Z", "UTC", "UT", "UTC");
        named.forEach((zone, shown) -> {
            sameAnswer("/v1/query", Map.of("metrics", List.of("events", "visitors"), "dimensions", List.of("time:day"),
                    "date_range", "last_7d", "timezone", zone));
            for (Tally tally : List.of(duck, clickhouse)) {
                Http.Answer series = new Http(tally.port()).get("/v1/timeseries?interval=hour&timezone="
                        + URLEncoder.encode(zone, StandardCharsets.UTF_8));
                assertThat(series.status()).as(zone + " " + series.body()).isEqualTo(200);
                assertThat(series.json().get("meta").get("timezone").asText()).isEqualTo(shown);
            }
        });
    }

    /** Zones no store cuts as java.time does: a 400 naming the field, from every kind of query, never a 503. */
    @Test
    void other_zones_are_refused_naming_the_timezone_everywhere() {
        for (String zone : List.of("+05:30", "America/Vancouver")) {
            Map<String, Map<String, Object>> bodies = new LinkedHashMap<>();
            bodies.put("/v1/query", Map.of("metrics", List.of("events"), "timezone", zone));
            bodies.put("/v1/funnels", Map.of("steps", List.of(Map.of("event", "page_view"), Map.of("event", "sign_up")),
                    "timezone", zone));
            bodies.put("/v1/retention", Map.of("start_event", Map.of("event", "page_view"), "timezone", zone));
            bodies.put("/v1/paths", Map.of("anchor", Map.of("event", "page_view"), "timezone", zone));
            bodies.put("/v1/stickiness", Map.of("event", "page_view", "timezone", zone));
            bodies.put("/v1/lifecycle", Map.of("event", "page_view", "timezone", zone));
            bodies.put("/v1/trends", Map.of("series", List.of(Map.of("event", "page_view")), "timezone", zone));
            bodies.put("/v1/conversions", Map.of("timezone", zone));
            bodies.put("/v1/cohorts", Map.of("name", "zoned", "rules", List.of(Map.of("event", "purchase", "timezone", zone))));
            bodies.put("/v1/alerts", Map.of("name", "zoned", "metric", "events", "timezone", zone,
                    "condition", Map.of("type", "above", "threshold", 1)));
            bodies.put("/v1/schedules", Map.of("name", "zoned", "cron", "0 8 * * MON", "timezone", zone, "query",
                    Map.of("kind", "report", "query", Map.of("metrics", List.of("events"))),
                    "deliver", List.of(Map.of("email", List.of("team@example.com")))));
            for (Tally tally : List.of(duck, clickhouse)) {
                Http http = new Http(tally.port());
                bodies.forEach((path, body) -> refusedNamingTimezone(http.postJson(path, body), path + " " + zone));
                refusedNamingTimezone(http.get("/v1/timeseries?timezone=" + URLEncoder.encode(zone,
                        StandardCharsets.UTF_8)), "timeseries " + zone);
                JsonNode graph = http.postJson("/graphql", Map.of("query", "query($z: String) { report(query: "
                        + "{metrics: [\"events\"], timezone: $z}) { rows } }", "variables", Map.of("z", zone))).json();
                assertThat(graph.get("errors").get(0).get("extensions").get("field").asText()).as("graphql " + zone)
                        .isEqualTo("query.timezone");
            }
        }
    }

    private static void refusedNamingTimezone(Http.Answer answer, String what) {
        assertThat(answer.status()).as(what + " " + answer.body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        List<String> fields = new ArrayList<>();
        answer.json().get("errors").forEach(error -> fields.add(error.get("field").asText()));
        assertThat(fields).as(what).singleElement().asString().endsWith("timezone");
    }

    @Test
    void the_clickhouse_server_reports_its_store_and_keeps_definitions() {
        Http http = new Http(clickhouse.port());
        assertThat(http.get("/observe/health/ready").status()).isEqualTo(200);
        assertThat(http.get("/v1/kpis/cr").json().get("expression").asText()).isEqualTo("conversions / visitors * 100");
        assertThat(http.get("/v1/goals/odd_page").json().get("page").asText()).isEqualTo("/a+b(1).html");
        assertThat(http.get("/v1/goals").json().get("goals").findValuesAsText("name")).hasSize(GOALS.size());
        assertThat(http.delete("/v1/cohorts/buyers").status()).isEqualTo(204);
        assertThat(http.get("/v1/cohorts").json().get("cohorts")).isEmpty();
        assertThat(http.postJson("/v1/cohorts", Map.of("name", "buyers", "rules",
                List.of(Map.of("event", "purchase", "date_range", "last_30d")))).status()).isEqualTo(201);
    }
}
