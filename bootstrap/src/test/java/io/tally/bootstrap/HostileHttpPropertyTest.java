package io.tally.bootstrap;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tally.domain.Hostile;
import io.tally.domain.event.Event;
import io.tally.domain.sample.TrafficGenerator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standing defence: generated hostile input thrown at two started servers, one on DuckDB and one on the embedded
 * ClickHouse engine, holding the same events. Whatever arrives, neither answers 5xx; a refusal is a problem naming
 * its fields; both stores answer every query alike; and every event they accept comes back out of both exactly as
 * it was sent. Seeded and bounded, so it runs in the test suite's budget and the same way every time.
 */
class HostileHttpPropertyTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static Tally duck;
    private static Tally clickhouse;

    @BeforeContainer
    static void start() throws IOException {
        Path dir = Files.createTempDirectory("tally-hostile");
        duck = start("duckdb", dir.resolve("duck"));
        clickhouse = start("clickhouse-embedded", dir.resolve("ch"));
        List<Event> traffic = TrafficGenerator.list(new TrafficGenerator.Settings(3_000, 10, 18,
                Instant.now().truncatedTo(ChronoUnit.HOURS), "default"));
        String ndjson = traffic.stream().map(EventJson::line).collect(Collectors.joining("\n"));
        // numbers at the edges of what ingest takes, for the queries that group or compare prop:n
        List<String> numbers = List.of("999999999999999", "-999999999999999", "0.000000000000001", "123456.789012345",
                "2.5", "2.50", "0", "0.1", "1e-7", "9007199254740.99");
        Instant at = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < numbers.size(); i++) {
            ndjson += "\n{\"event_id\":\"n-" + i + "\",\"user_id\":\"n\",\"session_id\":\"n\",\"event_type\":\"page_view\","
                    + "\"timestamp\":\"" + at.plusSeconds(i) + "\",\"properties\":{\"n\":" + numbers.get(i) + "}}";
        }
        for (Tally tally : List.of(duck, clickhouse)) {
            Http http = new Http(tally.port());
            Http.Answer stored = http.post("/v1/events?wait=true", "application/x-ndjson", ndjson);
            assertThat(stored.status()).isEqualTo(202);
            assertThat(stored.json().get("rejected")).as(stored.body()).isEmpty();
            http.postJson("/v1/kpis", Map.of("name", "cr", "expression", "conversions / visitors * 100"));
            http.postJson("/v1/cohorts", Map.of("name", "buyers", "rules", List.of(Map.of("event", "purchase",
                    "date_range", "last_30d"))));
            for (Map<String, Object> goal : GOALS) {
                assertThat(http.postJson("/v1/goals", goal).status()).isEqualTo(201);
            }
        }
    }

    /** Goals saved on both stores: pages with both wildcards and with regular-expression characters, events with filters. */
    private static final List<Map<String, Object>> GOALS = List.of(
            Map.of("name", "blog_posts", "page", "/blog/*"),
            Map.of("name", "any_docs", "page", "/docs**"),
            Map.of("name", "odd_page", "page", "/a+b(1).html"),
            Map.of("name", "team_sign_up", "event", "sign_up", "filters", List.of(List.of("is", "prop:plan", List.of("team")))),
            Map.of("name", "purchase", "event", "purchase"),
            Map.of("name", "nobody", "event", "newsletter_subscribe"));
    private static final List<String> GOAL_NAMES = GOALS.stream().map(goal -> (String) goal.get("name")).toList();

    private static Tally start(String kind, Path dir) {
        return StoreServers.start(kind, dir, "ingest.max-delay-ms", "20", "cache.kind", "none",
                "enrichment.keep-bots", "true");
    }

    @AfterContainer
    static void stop() {
        duck.close();
        clickhouse.close();
    }

    private record Reply(int status, String contentType, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    private static Reply send(Tally tally, HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static URI uri(Tally tally, String path) {
        return URI.create("http://127.0.0.1:" + tally.port() + path);
    }

    private static Reply post(Tally tally, String path, String contentType, byte[] body) {
        return send(tally, HttpRequest.newBuilder(uri(tally, path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** Not a 5xx; a refusal is a problem whose errors name their fields. */
    private static void answeredOrRefusedByName(Reply reply, String what) {
        assertThat(reply.status()).as(what + " -> " + reply.body()).isLessThan(500);
        if (reply.status() == 400 && reply.contentType().startsWith("application/problem+json")) {
            JsonNode errors = reply.json().get("errors");
            if (errors != null) {
                for (JsonNode error : errors) {
                    if (!"unknown_field".equals(error.path("reason").asText())) {
                        assertThat(error.path("field").asText()).as(what + " -> " + reply.body()).isNotBlank();
                    }
                }
            }
        }
    }

    private static JsonNode withoutTiming(JsonNode answer) {
        if (answer.get("meta") instanceof ObjectNode meta) {
            meta.remove("query_ms");
        }
        return answer;
    }

    // ---- queries ----

    private record Query(String path, Object body) {
        @Override
        public String toString() {
            return path + " " + Hostile.json(body);
        }
    }

    @Provide
    Arbitrary<Query> queries() {
        // mostly queries every rule takes, with hostile values where values go (they reach both engines, whose answers
        // must agree), and some that are hostile throughout (they must be refused by name)
        return Arbitraries.frequencyOf(
                Tuple.of(4, Hostile.goodReport().map(body -> new Query("/v1/query", body))),
                Tuple.of(2, Hostile.goodFunnel().map(body -> new Query("/v1/funnels", body))),
                Tuple.of(2, Hostile.goodRetention().map(body -> new Query("/v1/retention", body))),
                Tuple.of(2, Hostile.goodPaths().map(body -> new Query("/v1/paths", body))),
                Tuple.of(1, Hostile.report().map(body -> new Query("/v1/query", body))),
                Tuple.of(1, Hostile.funnel().map(body -> new Query("/v1/funnels", body))),
                Tuple.of(1, Hostile.retention().map(body -> new Query("/v1/retention", body))),
                Tuple.of(1, Hostile.paths().map(body -> new Query("/v1/paths", body))),
                Tuple.of(2, goodEventIntervals().map(body -> new Query("/v1/stickiness", body))),
                Tuple.of(1, Hostile.stickiness().map(body -> new Query("/v1/stickiness", body))),
                Tuple.of(2, goodEventIntervals().map(body -> new Query("/v1/lifecycle", body))),
                Tuple.of(1, Hostile.stickiness().map(body -> new Query("/v1/lifecycle", body))),
                Tuple.of(2, goodTrends().map(body -> new Query("/v1/trends", body))),
                Tuple.of(1, hostileTrends().map(body -> new Query("/v1/trends", body))),
                Tuple.of(2, goodConversions().map(body -> new Query("/v1/conversions", body))),
                Tuple.of(1, hostileConversions().map(body -> new Query("/v1/conversions", body))));
    }

    /** A conversions body its rules take: some saved goals or all, good filters with hostile values. */
    private static Arbitrary<Object> goodConversions() {
        return Combinators.combine(Arbitraries.of(GOAL_NAMES).list().ofMaxSize(3).uniqueElements(),
                        Hostile.goodFilter().list().ofMaxSize(2),
                        Arbitraries.of("last_24h", "last_7d", "last_30d", "yesterday", "month_to_date"),
                        Arbitraries.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "+05:00"))
                .as((goals, filters, range, zone) -> {
                    Map<String, Object> body = new LinkedHashMap<>(Map.of("filters", filters, "date_range", range, "timezone", zone));
                    if (!goals.isEmpty()) {
                        body.put("goals", goals);
                    }
                    return (Object) body;
                });
    }

    /** A conversions body hostile throughout: it must be answered or refused by name, never a 5xx. */
    private static Arbitrary<Object> hostileConversions() {
        Arbitrary<Object> name = Arbitraries.oneOf(Arbitraries.of(GOAL_NAMES).asGeneric(),
                Arbitraries.of("missing", "", "BLOG_POSTS", "blog_posts ").asGeneric(), Hostile.text().asGeneric());
        return Hostile.body(Map.of(
                "goals", Arbitraries.oneOf(name.list().ofMaxSize(4).asGeneric(), name.list().ofMinSize(50).ofMaxSize(52).asGeneric()),
                "filters", Hostile.filter().list().ofMaxSize(2),
                "date_range", Hostile.dateRange(),
                "timezone", Arbitraries.of(Hostile.ZONES)));
    }

    /** The metrics a trend's series takes on both stores (kpi:cr is saved on both). */
    private static final List<String> GOOD_TREND_METRICS = List.of("events", "visitors", "sessions", "pageviews",
            "views_per_session", "bounce_rate", "avg_session_duration", "conversions", "conversion_rate", "revenue", "arpu",
            "kpi:cr");

    /**
     * A trend body its rules take: one to three series of good events, filters and metrics, formulas over the letters
     * the series have, a breakdown or none; hostile values only inside the filters, to compare answers.
     */
    private static Arbitrary<Object> goodTrends() {
        Arbitrary<Map<String, Object>> series = Combinators.combine(
                        Arbitraries.of("", "page_view", "sign_up", "purchase", "it's", "user signed up", "goal:blog_posts",
                                "goal:any_docs", "goal:team_sign_up"),
                        Hostile.goodFilter().list().ofMaxSize(1), Arbitraries.of(GOOD_TREND_METRICS))
                .as((event, filters, metric) -> {
                    Map<String, Object> one = new LinkedHashMap<>(Map.of("filters", filters, "metric", metric));
                    if (event.startsWith("goal:")) {
                        one.put("goal", event.substring(5));
                    } else if (!event.isEmpty()) {
                        one.put("event", event);
                    }
                    return one;
                });
        return series.list().ofMinSize(1).ofMaxSize(3).flatMap(list -> {
            List<String> expressions = list.size() == 1 ? List.of("A * 100", "A / (A - 1)", "-A + 0.5")
                    : List.of("B / A * 100", "A - B", "(A + B) / 2", "A / 0", "-A + 0.5");
            return Combinators.combine(Arbitraries.of(expressions).list().ofMaxSize(2).uniqueElements(),
                            Hostile.goodFilter().list().ofMaxSize(1), Arbitraries.of("hour", "day", "week", "month"),
                            Arbitraries.of("none", "country", "prop:plan", "utm_source", "event_type", "exit_page"),
                            Arbitraries.of(1, 3, 10), Arbitraries.of("last_24h", "last_7d", "last_30d", "yesterday"),
                            Arbitraries.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "+05:00"))
                    .as((formulas, filters, interval, breakdown, limit, range, zone) -> {
                        Map<String, Object> body = new LinkedHashMap<>(Map.of("series", list, "filters", filters,
                                "interval", interval, "date_range", range, "timezone", zone));
                        body.put("formulas", formulas.stream().map(expression -> Map.of("expression", expression)).toList());
                        if (!breakdown.equals("none")) {
                            body.put("breakdown", breakdown);
                            body.put("breakdown_limit", limit);
                        }
                        return (Object) body;
                    });
        });
    }

    /** A trend body hostile throughout: it must be answered or refused by name, never a 5xx. */
    private static Arbitrary<Object> hostileTrends() {
        Arbitrary<Object> series = Hostile.body(Map.of(
                "event", Arbitraries.oneOf(Arbitraries.of(Hostile.EVENT_TYPES), Hostile.text()),
                "goal", Arbitraries.oneOf(Arbitraries.of(GOAL_NAMES).asGeneric(), Arbitraries.of("missing", "").asGeneric(),
                        Hostile.text().asGeneric()),
                "filters", Hostile.filter().list().ofMaxSize(2),
                "metric", Arbitraries.of(Hostile.METRICS)));
        Arbitrary<Object> formula = Hostile.body(Map.of(
                "expression", Arbitraries.oneOf(Arbitraries.of("A", "B / A * 100", "C / A", "A +", "1 / 0", "", "a",
                        "((A)", "A * 1e400", "K").asGeneric(), Hostile.text().asGeneric()),
                "name", Arbitraries.oneOf(Arbitraries.of("A", "rate", "", "x".repeat(101)).asGeneric(), Hostile.text().asGeneric())));
        return Hostile.body(Map.of(
                "series", series.list().ofMinSize(0).ofMaxSize(11),
                "formulas", formula.list().ofMaxSize(6),
                "filters", Hostile.filter().list().ofMaxSize(2),
                "interval", Arbitraries.of("minute", "hour", "day", "week", "month", "year"),
                "breakdown", Arbitraries.of(Hostile.DIMENSIONS),
                "breakdown_limit", Arbitraries.oneOf(Arbitraries.of(0, 1, 25, 100, 101).asGeneric(), Hostile.number()),
                "date_range", Hostile.dateRange(),
                "timezone", Arbitraries.of(Hostile.ZONES)));
    }

    /**
     * A stickiness or lifecycle body (both read the same fields) its rules take: an event type or none, good filters
     * with hostile values, to compare answers.
     */
    private static Arbitrary<Object> goodEventIntervals() {
        return Combinators.combine(Arbitraries.of("", "page_view", "sign_up", "purchase", "it's", "user signed up"),
                        Hostile.goodFilter().list().ofMaxSize(2), Arbitraries.of("hour", "day", "week", "month"),
                        Arbitraries.of("last_24h", "last_7d", "last_30d", "yesterday", "month_to_date"),
                        Arbitraries.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "+05:00"))
                .as((event, filters, interval, range, zone) -> {
                    Map<String, Object> body = new LinkedHashMap<>(Map.of("filters", filters, "interval", interval,
                            "date_range", range, "timezone", zone));
                    if (!event.isEmpty()) {
                        body.put("event", event);
                    }
                    return body;
                });
    }

    @Property(tries = 320, seed = "18051")
    void every_query_is_answered_alike_by_both_stores_or_refused_by_name(@ForAll("queries") Query query) {
        byte[] body = Hostile.json(query.body()).getBytes(StandardCharsets.UTF_8);
        Reply fromDuck = post(duck, query.path(), "application/json", body);
        Reply fromClickHouse = post(clickhouse, query.path(), "application/json", body);
        Statistics.label("query").collect(query.path(), fromDuck.status());
        answeredOrRefusedByName(fromDuck, "DuckDB " + query);
        answeredOrRefusedByName(fromClickHouse, "ClickHouse " + query);
        assertThat(fromClickHouse.status()).as(query + "\nDuckDB: " + fromDuck.body() + "\nClickHouse: " + fromClickHouse.body())
                .isEqualTo(fromDuck.status());
        if (fromDuck.status() == 200) {
            assertThat(withoutTiming(fromClickHouse.json())).as(query.toString()).isEqualTo(withoutTiming(fromDuck.json()));
        }
    }

    // ---- goals ----

    /**
     * Mostly a goal its rules take (a good name, an event type or a page pattern made of path pieces, wildcards and
     * regular-expression characters, value filters with hostile values), to count on both stores; sometimes one hostile
     * throughout, to be refused by name.
     */
    @Provide
    Arbitrary<Object> goals() {
        Arbitrary<String> pattern = Arbitraries.of("/", "/", "blog", "docs", "launch", "api", "*", "**", ".", "+", "(", ")",
                "[", "]", "\\", "$", "^", "|", "?", "{", "}", "-", "日本", "'", "%", "_").list().ofMinSize(1).ofMaxSize(8)
                .map(pieces -> String.join("", pieces));
        Arbitrary<Object> target = Arbitraries.oneOf(
                pattern.map(page -> (Object) Map.of("page", page)),
                Arbitraries.of("/blog/*", "/docs**", "/**", "/a+b(1).html", "/blog*", "/*/*").map(page -> (Object) Map.of("page", page)),
                Arbitraries.oneOf(Arbitraries.of(Hostile.EVENT_TYPES), Hostile.keepableText().filter(t -> !t.isBlank()))
                        .map(event -> (Object) Map.of("event", event)));
        Arbitrary<Object> good = Combinators.combine(Arbitraries.of("fuzzed", "fuzzed_2"), target,
                        Hostile.goodFilter().filter(f -> !"in_cohort".equals(((List<?>) f).getFirst())).list().ofMaxSize(2))
                .as((name, what, filters) -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> goal = new LinkedHashMap<>((Map<String, Object>) what);
                    goal.put("name", name);
                    goal.put("filters", filters);
                    return (Object) goal;
                });
        Arbitrary<Object> hostile = Hostile.body(Map.of(
                "name", Arbitraries.oneOf(Arbitraries.of("fuzzed", "Fuzzed", "", "f".repeat(65)).asGeneric(), Hostile.text().asGeneric()),
                "description", Hostile.text(),
                "event", Arbitraries.oneOf(Arbitraries.of(Hostile.EVENT_TYPES), Hostile.text()),
                "page", Arbitraries.oneOf(pattern, Arbitraries.of("", "/***", "x".repeat(101)), Hostile.text()),
                "filters", Arbitraries.oneOf(Hostile.filter(), Hostile.goodFilter()).list().ofMaxSize(2)));
        return Arbitraries.frequencyOf(Tuple.of(3, good), Tuple.of(1, hostile));
    }

    @Property(tries = 120, seed = "18056")
    void every_goal_is_saved_or_refused_by_name_alike_and_counted_alike_by_both_stores(@ForAll("goals") Object goal) {
        byte[] body = Hostile.json(goal).getBytes(StandardCharsets.UTF_8);
        Reply toDuck = post(duck, "/v1/goals", "application/json", body);
        Reply toClickHouse = post(clickhouse, "/v1/goals", "application/json", body);
        answeredOrRefusedByName(toDuck, "DuckDB goal " + Hostile.json(goal));
        answeredOrRefusedByName(toClickHouse, "ClickHouse goal " + Hostile.json(goal));
        assertThat(toClickHouse.body()).as("both take and refuse the same goals").isEqualTo(toDuck.body());
        Statistics.label("goal").collect(toDuck.status());
        if (toDuck.status() != 201) {
            return;
        }
        String name = toDuck.json().get("name").asText();
        try {
            // a saved goal is counted alike, on its own and as a trend's series
            for (Map<String, Object> question : List.of(
                    Map.<String, Object>of("path", "/v1/conversions", "body", Map.of("goals", List.of(name), "date_range", "last_30d")),
                    Map.<String, Object>of("path", "/v1/trends", "body", Map.of("series", List.of(Map.of("goal", name,
                            "metric", "visitors")), "interval", "day", "date_range", "last_7d")))) {
                byte[] asked = Hostile.json(question.get("body")).getBytes(StandardCharsets.UTF_8);
                Reply fromDuck = post(duck, (String) question.get("path"), "application/json", asked);
                Reply fromClickHouse = post(clickhouse, (String) question.get("path"), "application/json", asked);
                assertThat(fromDuck.status()).as(question + " -> " + fromDuck.body()).isEqualTo(200);
                assertThat(withoutTiming(fromClickHouse.json())).as(question.toString()).isEqualTo(withoutTiming(fromDuck.json()));
            }
        } finally {
            for (Tally tally : List.of(duck, clickhouse)) {
                assertThat(send(tally, HttpRequest.newBuilder(uri(tally, "/v1/goals/" + name)).DELETE()).status()).isEqualTo(204);
            }
        }
    }

    // ---- events ----

    @Provide
    Arbitrary<List<Map<String, Object>>> batches() {
        return Hostile.validishEvent().list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 60, seed = "18052")
    void every_accepted_event_comes_back_out_of_both_stores_as_it_was_sent(@ForAll("batches") List<Map<String, Object>> batch) {
        String run = UUID.randomUUID().toString();
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        List<Map<String, Object>> sent = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Map<String, Object> event = new LinkedHashMap<>(batch.get(i));
            event.put("event_id", run + "-" + i + "-" + event.get("event_id")); // unique, and still as hostile
            event.put("timestamp", at.plusMillis(i).toString());
            sent.add(event);
        }
        byte[] body = sent.stream().map(Hostile::json).collect(Collectors.joining("\n")).getBytes(StandardCharsets.UTF_8);
        Reply toDuck = post(duck, "/v1/events?wait=true", "application/x-ndjson", body);
        Reply toClickHouse = post(clickhouse, "/v1/events?wait=true", "application/x-ndjson", body);
        answeredOrRefusedByName(toDuck, "DuckDB events");
        answeredOrRefusedByName(toClickHouse, "ClickHouse events");
        assertThat(toClickHouse.body()).as("both stores take and refuse the same events").isEqualTo(toDuck.body());
        Statistics.label("events").collect(toDuck.status(),
                toDuck.status() == 202 ? toDuck.json().get("rejected").size() + " rejected" : "");
        if (toDuck.status() != 202) {
            return;
        }
        List<Integer> refused = new ArrayList<>();
        toDuck.json().get("rejected").forEach(r -> refused.add(r.get("index").asInt()));
        String range = "from=" + at.minusSeconds(1) + "&to=" + at.plusSeconds(60);
        for (Tally tally : List.of(duck, clickhouse)) {
            Map<String, JsonNode> exported = new HashMap<>();
            for (String line : send(tally, HttpRequest.newBuilder(uri(tally, "/v1/events/export?" + range)).GET()).body().lines().toList()) {
                try {
                    JsonNode node = JSON.readTree(line);
                    if (node.get("event_id").asText().startsWith(run)) {
                        exported.put(node.get("event_id").asText(), node);
                    }
                } catch (IOException e) {
                    throw new AssertionError("an exported line is not JSON: " + line, e);
                }
            }
            for (int i = 0; i < sent.size(); i++) {
                Map<String, Object> event = sent.get(i);
                JsonNode back = exported.get((String) event.get("event_id"));
                if (refused.contains(i)) {
                    assertThat(back).as("a refused event is not stored").isNull();
                    continue;
                }
                assertThat(back).as("accepted event %s is stored", Hostile.json(event)).isNotNull();
                for (String field : List.of("user_id", "session_id", "event_type")) {
                    assertThat(back.get(field).asText()).as(field).isEqualTo(event.get(field));
                }
                assertThat(Instant.parse(back.get("timestamp").asText())).isEqualTo(Instant.parse((String) event.get("timestamp")));
                @SuppressWarnings("unchecked")
                Map<String, Object> properties = (Map<String, Object>) event.get("properties");
                properties.forEach((key, value) -> {
                    JsonNode kept = back.path("properties").get(key);
                    if (value == null) {
                        assertThat(kept).as("a null property is dropped").isNull();
                    } else if (value instanceof String text) {
                        assertThat(kept.asText()).as(key).isEqualTo(text);
                    } else if (value instanceof Boolean flag) {
                        assertThat(kept.asBoolean()).as(key).isEqualTo(flag);
                    } else {
                        assertThat(kept.decimalValue()).as(key).isEqualByComparingTo(new BigDecimal(value.toString()));
                    }
                });
            }
        }
    }

    // ---- bodies and envelopes that are not even well formed ----

    @Provide
    Arbitrary<byte[]> eventBodies() {
        return Hostile.mangled(Hostile.event().list().ofMaxSize(3).map(Hostile::json));
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of("application/json", "APPLICATION/JSON; charset=UTF-8", "application/x-ndjson",
                "text/plain", "application/json; charset=latin1", "multipart/form-data; boundary=x", "", "*/*");
    }

    @Property(tries = 150, seed = "18053")
    void no_event_body_gets_a_5xx(@ForAll("eventBodies") byte[] body, @ForAll("contentTypes") String contentType) {
        for (Tally tally : List.of(duck, clickhouse)) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(tally, "/v1/events?wait=true"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (!contentType.isEmpty()) {
                request.header("Content-Type", contentType);
            }
            answeredOrRefusedByName(send(tally, request), "events as " + contentType);
        }
    }

    @Provide
    Arbitrary<Object> envelopes() {
        Arbitrary<Object> query = Arbitraries.oneOf(
                Arbitraries.of("{ kpis { name } }", "query A { kpis { name } } query B { cohorts { name } }",
                        "mutation { deleteKpi(name: \"cr\") }", "{ report(query: {metrics: [\"events\"]}) { rows } }",
                        "{ __schema { types { name } } }", "{", "subscription { live(query: {}) { rows } }").asGeneric(),
                Hostile.text().asGeneric(), Hostile.number());
        return Hostile.body(Map.of("query", query, "variables", Hostile.plain(), "operationName",
                Arbitraries.oneOf(Arbitraries.of("A", "B", "C"), Hostile.text()), "extensions", Hostile.plain()));
    }

    @Property(tries = 150, seed = "18054")
    void no_graphql_envelope_gets_a_5xx(@ForAll("envelopes") Object envelope, @ForAll boolean overGet) {
        String json = Hostile.json(envelope);
        HttpRequest.Builder request;
        if (overGet && envelope instanceof Map<?, ?> fields) {
            String query = fields.entrySet().stream()
                    .map(e -> URLEncoder.encode(String.valueOf(e.getKey()), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue() instanceof String s ? s : Hostile.json(e.getValue()), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            request = HttpRequest.newBuilder(uri(duck, "/graphql?" + query)).GET();
        } else {
            request = HttpRequest.newBuilder(uri(duck, "/graphql")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json));
        }
        Reply reply = send(duck, request);
        assertThat(reply.status()).as(json + " -> " + reply.body()).isLessThan(500);
        if (reply.status() >= 400 && reply.contentType().contains("json")) {
            assertThat(reply.json().has("errors") || reply.json().has("title")).as(reply.body()).isTrue();
        }
    }

    @Property(tries = 100, seed = "18055")
    void no_custom_report_query_string_gets_a_5xx(@ForAll("queryStrings") String query) {
        for (Tally tally : List.of(duck, clickhouse)) {
            answeredOrRefusedByName(send(tally, HttpRequest.newBuilder(uri(tally, "/analytics/custom-report?" + query)).GET()),
                    "custom-report " + query);
            answeredOrRefusedByName(send(tally, HttpRequest.newBuilder(uri(tally, "/v1/timeseries?" + query)).GET()),
                    "timeseries " + query);
        }
    }

    @Provide
    Arbitrary<String> queryStrings() {
        Arbitrary<String> key = Arbitraries.of("start_date", "end_date", "metrics", "dimensions", "timezone", "filters",
                "metric", "from", "to", "interval", "limit", "format");
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of("2026-11-01", "2026-11-30T00:00:00Z", "events,visitors",
                "time:day,country", "Europe/Berlin", "+05:30", "page_views", "hour", "csv", "[[\"is\",\"event_type\",[\"it's\"]]]"),
                Hostile.text());
        return Combinators.combine(key, value).as((k, v) -> k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8))
                .list().ofMaxSize(5).map(parts -> String.join("&", parts));
    }
}
