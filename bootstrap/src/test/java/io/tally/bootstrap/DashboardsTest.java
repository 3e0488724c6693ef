package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tally.domain.event.Event;
import io.tally.domain.sample.TrafficGenerator;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Saved dashboards against a started server: CRUD with keys and field-named errors; one call answers every widget
 * as its own endpoint answers it (and a hand count of the generated events agrees), through the same cache entries;
 * the PDF has a section per widget; a widget whose KPI was deleted shows its problem while the others answer; and
 * GraphQL saves and answers the same dashboard.
 */
class DashboardsTest {

    private static final Instant END = Instant.parse("2026-11-10T00:00:00Z");
    private static final Map<String, Object> REPORT = Map.of("metrics", List.of("events", "visitors"),
            "dimensions", List.of("event_type"), "date_range", List.of("2026-11-01", "2026-11-09"));
    private static final Map<String, Object> FUNNEL = Map.of("steps", List.of(Map.of("event", "page_view"),
            Map.of("event", "sign_up"), Map.of("event", "purchase")), "date_range", List.of("2026-10-28", "2026-11-09"));
    private static final Map<String, Object> RETENTION = Map.of("start_event", Map.of("event", "sign_up"),
            "return_event", Map.of("event", "page_view"), "period", "day", "periods", 5,
            "date_range", List.of("2026-10-28", "2026-11-09"));
    private static final Map<String, Object> PATHS = Map.of("anchor", Map.of("event", "sign_up"),
            "date_range", List.of("2026-10-28", "2026-11-09"));
    private static final Map<String, Object> STICKINESS = Map.of("event", "page_view", "interval", "day",
            "date_range", List.of("2026-11-01", "2026-11-09"));
    private static final Map<String, Object> LIFECYCLE = Map.of("event", "page_view", "interval", "day",
            "date_range", List.of("2026-11-01", "2026-11-09"));
    private static final Map<String, Object> TREND = Map.of("series", List.of(Map.of("event", "page_view"),
            Map.of("event", "sign_up", "metric", "visitors")), "formulas", List.of(Map.of("expression", "B / A * 100")),
            "interval", "day", "date_range", List.of("2026-11-01", "2026-11-09"));
    private static final Map<String, Object> CONVERSIONS = Map.of("goals", List.of("blog_posts", "team_sign_up", "purchase"),
            "date_range", List.of("2026-11-01", "2026-11-09"));
    private static final Map<String, Object> SERIES = Map.of("metric", "page_views", "from", "2026-11-05T00:00:00Z",
            "to", "2026-11-06T00:00:00Z", "interval", "hour");
    private static final Map<String, Object> KPI_REPORT = Map.of("metrics", List.of("kpi:per_visitor"),
            "date_range", List.of("2026-11-01", "2026-11-09"));
    private static Tally tally;
    private static Http admin;
    private static Http read;
    private static List<Event> events;

    @BeforeAll
    static void start(@TempDir Path dir) {
        tally = Tally.start(TallyConfig.withOverrides(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "ingest.max-delay-ms", "20", "enrichment.keep-bots", "true",
                "store.path", dir.resolve("tally.duckdb").toString(), "auth.keys-required", "true", "project", "shop")));
        admin = new Http(tally.port(), tally.firstAdminKeys().get("shop"));
        read = new Http(tally.port(), admin.postJson("/v1/keys", Map.of("kind", "read")).json().get("key").asText());
        events = TrafficGenerator.list(new TrafficGenerator.Settings(6_000, 14, 5, END, "shop"));
        String ndjson = events.stream().map(EventJson::line).collect(Collectors.joining("\n"));
        assertThat(admin.post("/v1/events?wait=true", "application/x-ndjson", ndjson).status()).isEqualTo(202);
        assertThat(admin.postJson("/v1/kpis", Map.of("name", "per_visitor", "expression", "events / visitors")).status())
                .isEqualTo(201);
        for (Map<String, Object> goal : List.<Map<String, Object>>of(Map.of("name", "blog_posts", "page", "/blog/*"),
                Map.of("name", "team_sign_up", "event", "sign_up", "filters", List.of(List.of("is", "prop:plan", List.of("team")))),
                Map.of("name", "purchase", "event", "purchase"))) {
            assertThat(admin.postJson("/v1/goals", goal).status()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() {
        tally.close();
    }

    private static Map<String, Object> widget(String id, String kind, Map<String, Object> query, String visualization, int x) {
        return Map.of("id", id, "title", "Widget " + id, "kind", kind, "query", query, "visualization", visualization,
                "layout", Map.of("x", x, "y", 0, "w", 6, "h", 4));
    }

    private static Map<String, Object> overview(String name) {
        return Map.of("name", name, "title", "Shop overview", "widgets", List.of(
                widget("types", "report", REPORT, "bar", 0),
                widget("hourly", "timeseries", SERIES, "line", 6),
                widget("checkout", "funnel", FUNNEL, "funnel", 0),
                widget("returning", "retention", RETENTION, "retention_grid", 6),
                widget("after-signup", "paths", PATHS, "table", 0),
                widget("per-visitor", "report", KPI_REPORT, "number", 6),
                widget("sticky", "stickiness", STICKINESS, "bar", 0),
                widget("stages", "lifecycle", LIFECYCLE, "bar", 6),
                widget("trend", "trend", TREND, "line", 0),
                widget("goals", "conversions", CONVERSIONS, "bar", 6)));
    }

    /** The endpoint's own answer for a widget, without meta (which says how long and from where). */
    private static JsonNode direct(String kind, Map<String, Object> query) {
        JsonNode answer = switch (kind) {
            case "report" -> read.postJson("/v1/query", query).json();
            case "funnel" -> read.postJson("/v1/funnels", query).json();
            case "retention" -> read.postJson("/v1/retention", query).json();
            case "paths" -> read.postJson("/v1/paths", query).json();
            case "stickiness" -> read.postJson("/v1/stickiness", query).json();
            case "lifecycle" -> read.postJson("/v1/lifecycle", query).json();
            case "trend" -> read.postJson("/v1/trends", query).json();
            case "conversions" -> read.postJson("/v1/conversions", query).json();
            default -> read.get("/v1/timeseries?" + query.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("&"))).json();
        };
        ((ObjectNode) answer).remove("meta");
        return answer;
    }

    /** Numbers compared by value: 100 and 100.0 are one number, however a JSON writer spelled it. */
    private static final Comparator<JsonNode> NUMERIC = (a, b) -> a.isNumber() && b.isNumber()
            ? Double.compare(a.doubleValue(), b.doubleValue()) : a.equals(b) ? 0 : 1;

    private static JsonNode withoutMeta(JsonNode answer) {
        JsonNode copy = answer.deepCopy();
        ((ObjectNode) copy).remove("meta");
        return copy;
    }

    @Test
    void saved_dashboards_are_managed_like_other_definitions() {
        assertThat(admin.postJson("/v1/dashboards", overview("crud")).status()).isEqualTo(201);
        assertThat(admin.postJson("/v1/dashboards", overview("crud")).status()).isEqualTo(409);
        assertThat(read.postJson("/v1/dashboards", overview("by_reader")).status()).isEqualTo(403);
        JsonNode saved = read.get("/v1/dashboards/crud").json();
        assertThat(saved.get("widgets")).hasSize(10);
        assertThat(saved.get("widgets").get(1).get("query").get("interval").asText()).isEqualTo("hour");
        List<String> names = new ArrayList<>();
        read.get("/v1/dashboards").json().get("dashboards").forEach(d -> names.add(d.get("name").asText()));
        assertThat(names).contains("crud");

        Map<String, Object> broken = new LinkedHashMap<>(overview("crud"));
        broken.put("widgets", List.of(widget("types", "report", Map.of("metrics", List.of("nonsense")), "bar", 0),
                widget("chart", "funnel", FUNNEL, "line", 8), widget("grid", "stickiness", STICKINESS, "retention_grid", 0),
                widget("stages", "lifecycle", LIFECYCLE, "line", 0), widget("number", "trend", TREND, "number", 0),
                widget("bad-trend", "trend", Map.of("series", List.of(Map.of("metric", "nonsense"))), "line", 6),
                widget("goal-line", "conversions", CONVERSIONS, "line", 0),
                widget("bad-goals", "conversions", Map.of("goals", List.of("nobody_saved_this")), "table", 6)));
        Http.Answer refused = admin.put("/v1/dashboards/crud", broken);
        assertThat(refused.status()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        refused.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertThat(fields).contains("widgets[0].query.metrics[0]", "widgets[1].visualization", "widgets[1].layout.w",
                "widgets[2].visualization", "widgets[3].visualization", "widgets[4].visualization",
                "widgets[5].query.series[0].metric", "widgets[6].visualization", "widgets[7].query.goals[0]");
        assertThat(read.get("/v1/dashboards/crud").json().get("widgets")).hasSize(10); // the refused PUT changed nothing

        assertThat(admin.delete("/v1/dashboards/crud").status()).isEqualTo(204);
        assertThat(read.get("/v1/dashboards/crud").status()).isEqualTo(404);
        assertThat(read.get("/v1/dashboards/crud/answer").status()).isEqualTo(404);
    }

    @Test
    void one_call_answers_every_widget_as_its_endpoint_does_through_the_same_cache() {
        assertThat(admin.postJson("/v1/dashboards", overview("answers")).status()).isEqualTo(201);
        JsonNode first = read.get("/v1/dashboards/answers/answer").json();
        assertThat(first.get("widgets")).hasSize(10);
        List<String> kinds = List.of("report", "timeseries", "funnel", "retention", "paths", "report", "stickiness", "lifecycle",
                "trend", "conversions");
        List<Map<String, Object>> queries = List.of(REPORT, SERIES, FUNNEL, RETENTION, PATHS, KPI_REPORT, STICKINESS, LIFECYCLE,
                TREND, CONVERSIONS);
        for (int i = 0; i < 10; i++) {
            JsonNode widget = first.get("widgets").get(i);
            assertThat(widget.get("problems")).isNull();
            assertThat(withoutMeta(widget.get("answer")).equals(NUMERIC, direct(kinds.get(i), queries.get(i))))
                    .as(widget.get("id").asText() + ": " + widget.get("answer")).isTrue();
        }

        // a hand count of the generated events: events by type over 1–9 November (UTC)
        Map<String, Long> byType = new TreeMap<>();
        Instant from = Instant.parse("2026-11-01T00:00:00Z");
        Instant to = Instant.parse("2026-11-10T00:00:00Z");
        events.stream().filter(e -> !e.timestamp().isBefore(from) && e.timestamp().isBefore(to))
                .forEach(e -> byType.merge(e.eventType(), 1L, Long::sum));
        Map<String, Long> answered = new TreeMap<>();
        first.get("widgets").get(0).get("answer").get("rows").forEach(r -> answered.put(r.get(0).asText(), r.get(1).asLong()));
        assertThat(answered).isEqualTo(byType);

        // a hand count of the same events: page viewers by the number of UTC days of 1–9 November they viewed on
        Map<String, Set<LocalDate>> daysByUser = new HashMap<>();
        events.stream().filter(e -> e.eventType().equals("page_view") && !e.timestamp().isBefore(from) && e.timestamp().isBefore(to))
                .forEach(e -> daysByUser.computeIfAbsent(e.userId(), u -> new HashSet<>())
                        .add(LocalDate.ofInstant(e.timestamp(), ZoneOffset.UTC)));
        long[] exactly = new long[10];
        daysByUser.values().forEach(days -> exactly[days.size()]++);
        JsonNode sticky = first.get("widgets").get(6).get("answer");
        assertThat(sticky.get("users").asLong()).isEqualTo(daysByUser.size());
        assertThat(sticky.get("rows")).hasSize(9);
        for (int n = 1; n <= 9; n++) {
            assertThat(sticky.get("rows").get(n - 1).get(0).asInt()).isEqualTo(n);
            assertThat(sticky.get("rows").get(n - 1).get(1).asLong()).as(n + " days").isEqualTo(exactly[n]);
        }

        // and page viewers by stage on each UTC day of 1–9 November: new on the day of their first page view ever,
        // returning when they viewed the day before too, resurrecting after a gap; dormant when they viewed the day
        // before but not this day (31 October is read for 1 November's returning and dormant viewers)
        Map<String, Set<LocalDate>> viewDays = new HashMap<>();
        events.stream().filter(e -> e.eventType().equals("page_view"))
                .forEach(e -> viewDays.computeIfAbsent(e.userId(), u -> new HashSet<>())
                        .add(LocalDate.ofInstant(e.timestamp(), ZoneOffset.UTC)));
        JsonNode stages = first.get("widgets").get(7).get("answer");
        assertThat(stages.get("columns").toString()).isEqualTo("[\"interval\",\"new\",\"returning\",\"resurrecting\",\"dormant\"]");
        assertThat(stages.get("rows")).hasSize(9);
        long[] totals = new long[4];
        for (int d = 0; d < 9; d++) {
            LocalDate day = LocalDate.of(2026, 11, 1).plusDays(d);
            long[] expected = new long[4]; // new, returning, resurrecting, dormant
            for (Set<LocalDate> days : viewDays.values()) {
                boolean now = days.contains(day);
                boolean before = days.contains(day.minusDays(1));
                if (now && Collections.min(days).equals(day)) {
                    expected[0]++;
                } else if (now && before) {
                    expected[1]++;
                } else if (now) {
                    expected[2]++;
                } else if (before) {
                    expected[3]++;
                }
            }
            JsonNode row = stages.get("rows").get(d);
            assertThat(row.get(0).asText()).isEqualTo(day + "T00:00:00Z");
            for (int stage = 0; stage < 4; stage++) {
                assertThat(row.get(stage + 1).asLong()).as(day + " " + stages.get("columns").get(stage + 1)).isEqualTo(expected[stage]);
                totals[stage] += expected[stage];
            }
        }
        assertThat(totals).as("the generated traffic has users in every stage").doesNotContain(0L);

        // and per UTC day of 1–9 November the page views (A), the visitors signing up (B) and B / A * 100; B's total
        // counts each visitor once over the nine days
        Map<LocalDate, Long> views = new TreeMap<>();
        Map<LocalDate, Set<String>> signUps = new TreeMap<>();
        Set<String> signedUp = new HashSet<>();
        events.stream().filter(e -> !e.timestamp().isBefore(from) && e.timestamp().isBefore(to)).forEach(e -> {
            LocalDate day = LocalDate.ofInstant(e.timestamp(), ZoneOffset.UTC);
            if (e.eventType().equals("page_view")) {
                views.merge(day, 1L, Long::sum);
            } else if (e.eventType().equals("sign_up")) {
                signUps.computeIfAbsent(day, d -> new HashSet<>()).add(e.userId());
                signedUp.add(e.userId());
            }
        });
        JsonNode trend = first.get("widgets").get(8).get("answer");
        JsonNode pageViews = trend.get("lines").get(0);
        JsonNode signUpVisitors = trend.get("lines").get(1);
        JsonNode rate = trend.get("lines").get(2);
        assertThat(trend.get("periods")).hasSize(9);
        long allViews = 0;
        for (int d = 0; d < 9; d++) {
            LocalDate day = LocalDate.of(2026, 11, 1).plusDays(d);
            long viewed = views.getOrDefault(day, 0L);
            long signing = signUps.getOrDefault(day, Set.of()).size();
            allViews += viewed;
            assertThat(trend.get("periods").get(d).asText()).isEqualTo(day + "T00:00:00Z");
            assertThat(pageViews.get("values").get(d).asLong()).as(day + " page views").isEqualTo(viewed);
            assertThat(signUpVisitors.get("values").get(d).asLong()).as(day + " sign-ups").isEqualTo(signing);
            if (viewed == 0) {
                assertThat(rate.get("values").get(d).isNull()).as(day + " rate").isTrue();
            } else {
                assertThat(rate.get("values").get(d).asDouble()).as(day + " rate").isCloseTo(signing * 100.0 / viewed, within(1e-9));
            }
        }
        assertThat(pageViews.get("total").asLong()).isEqualTo(allViews);
        assertThat(signUpVisitors.get("total").asLong()).isEqualTo(signedUp.size());
        assertThat(rate.get("total").asDouble()).isCloseTo(signedUp.size() * 100.0 / allViews, within(1e-9));

        // and the goals over 1–9 November: every visitor of the range; those viewing a page one segment under /blog/
        // (blog_posts), signing up on the team plan, buying (with the revenue of their purchases)
        Set<String> visitors = new HashSet<>();
        Map<String, Set<String>> converted = new HashMap<>();
        Map<String, Long> conversions = new HashMap<>();
        BigDecimal revenue = BigDecimal.ZERO;
        for (Event e : events) {
            if (e.timestamp().isBefore(from) || !e.timestamp().isBefore(to)) {
                continue;
            }
            visitors.add(e.userId());
            String goal = null;
            String path = e.properties().containsKey("path") ? e.properties().get("path").text() : "";
            if (e.eventType().equals("page_view") && path.startsWith("/blog/") && path.indexOf('/', "/blog/".length()) < 0) {
                goal = "blog_posts";
            } else if (e.eventType().equals("sign_up") && e.properties().containsKey("plan")
                    && e.properties().get("plan").text().equals("team")) {
                goal = "team_sign_up";
            } else if (e.eventType().equals("purchase")) {
                goal = "purchase";
                revenue = revenue.add((BigDecimal) e.properties().get("revenue").plain());
            }
            if (goal != null) {
                converted.computeIfAbsent(goal, g -> new HashSet<>()).add(e.userId());
                conversions.merge(goal, 1L, Long::sum);
            }
        }
        JsonNode goals = first.get("widgets").get(9).get("answer");
        assertThat(goals.get("visitors").asLong()).isEqualTo(visitors.size());
        assertThat(goals.get("rows")).hasSize(3);
        long previous = Long.MAX_VALUE;
        for (JsonNode row : goals.get("rows")) {
            String goal = row.get(0).asText();
            long reached = converted.getOrDefault(goal, Set.of()).size();
            assertThat(row.get(1).asLong()).as(goal + " visitors").isEqualTo(reached).isLessThanOrEqualTo(previous);
            assertThat(row.get(2).asLong()).as(goal + " events").isEqualTo(conversions.getOrDefault(goal, 0L));
            assertThat(row.get(3).asDouble()).as(goal + " rate").isCloseTo(reached * 100.0 / visitors.size(), within(1e-9));
            assertThat(row.get(4).decimalValue()).as(goal + " revenue")
                    .isEqualByComparingTo(goal.equals("purchase") ? revenue : BigDecimal.ZERO);
            previous = reached;
        }
        assertThat(converted.keySet()).as("the generated traffic reaches every goal").hasSize(3);

        // the second call is served from the cache, and so is the same question asked on its own endpoint
        JsonNode second = read.get("/v1/dashboards/answers/answer").json();
        assertThat(second.get("meta").get("cached_widgets").asInt()).isEqualTo(10);
        second.get("widgets").forEach(w -> {
            assertThat(w.get("cache").asText()).isEqualTo("HIT");
            assertThat(w.get("answer").get("meta").get("cached").asBoolean()).isTrue();
        });
        assertThat(read.postJson("/v1/query", REPORT).raw().headers().firstValue("X-Cache")).contains("HIT");
        JsonNode forced = read.get("/v1/dashboards/answers/answer?refresh=force").json();
        assertThat(forced.get("meta").get("cached_widgets").asInt()).isZero();
    }

    @Test
    void a_widget_whose_kpi_was_deleted_shows_its_problem_and_the_others_still_answer() {
        assertThat(admin.postJson("/v1/kpis", Map.of("name", "doomed", "expression", "events")).status()).isEqualTo(201);
        assertThat(admin.postJson("/v1/dashboards", Map.of("name", "fragile", "widgets", List.of(
                widget("gone", "report", Map.of("metrics", List.of("kpi:doomed")), "number", 0),
                widget("fine", "report", REPORT, "table", 6)))).status()).isEqualTo(201);
        assertThat(admin.delete("/v1/kpis/doomed").status()).isEqualTo(204);
        Http.Answer answer = read.get("/v1/dashboards/fragile/answer");
        assertThat(answer.status()).isEqualTo(200);
        JsonNode widgets = answer.json().get("widgets");
        assertThat(widgets.get(0).get("problems").get(0).get("field").asText()).startsWith("query.metrics");
        assertThat(widgets.get(0).get("answer")).isNull();
        assertThat(widgets.get(1).get("answer").get("rows").size()).isPositive();
    }

    @Test
    void the_dashboard_as_a_pdf_has_a_section_per_widget() throws Exception {
        assertThat(admin.postJson("/v1/dashboards", overview("printable")).status()).isEqualTo(201);
        HttpResponse<byte[]> pdf = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + tally.port() + "/v1/dashboards/printable/answer?format=pdf"))
                .header("X-API-Key", tally.firstAdminKeys().get("shop")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).contains("application/pdf");
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            assertThat(document.getNumberOfPages()).isGreaterThanOrEqualTo(10);
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("Shop overview", "Widget types", "Widget hourly", "Widget checkout", "Widget returning",
                    "Widget after-signup", "Widget per-visitor", "Widget sticky", "Widget stages", "Widget trend",
                    "Widget goals", "page 1 of " + document.getNumberOfPages());
            assertThat(text.replaceAll("\\s+", " ")).contains("A: events of page_view, B: visitors of sign_up, B / A * 100 by day",
                    "visitors, events, conversion_rate (in percent of the range's ", " visitors) and revenue of the goals ");
        }
    }

    @Test
    void graphql_saves_and_answers_the_same_dashboard() {
        Map<String, Object> input = Map.of("name", "graphed", "title", "From GraphQL", "widgets", List.of(
                Map.of("id", "types", "visualization", "bar", "report", REPORT),
                Map.of("id", "hourly", "timeseries", SERIES),
                Map.of("id", "checkout", "funnel", FUNNEL),
                Map.of("id", "sticky", "visualization", "bar", "stickiness", STICKINESS),
                Map.of("id", "stages", "visualization", "table", "lifecycle", LIFECYCLE),
                Map.of("id", "trend", "visualization", "line", "trend", TREND),
                Map.of("id", "goals", "visualization", "table", "conversions", CONVERSIONS)));
        Map<String, Object> save = Map.of("query", """
                mutation($d: DashboardInput!) { saveDashboard(dashboard: $d) { name widgets { id kind visualization } } }""",
                "variables", Map.of("d", input));
        JsonNode saved = admin.postJson("/graphql", save).json();
        assertThat(saved.path("errors").isMissingNode()).as(saved.toString()).isTrue();
        assertThat(saved.get("data").get("saveDashboard").get("widgets").get(1).get("visualization").asText()).isEqualTo("line");

        JsonNode rest = read.get("/v1/dashboards/graphed/answer").json();
        JsonNode graph = read.postJson("/graphql", Map.of("query", """
                { dashboard(name: "graphed") { title widgets { id query } answers { id cache
                    report { rows } timeseries { rows } funnel { rows } stickiness { rows users }
                    lifecycle { columns rows meta { interval event } }
                    trend { columns rows periods lines { name kind event metric expression total values }
                      meta { interval } } conversions { columns rows visitors meta { timezone date_range { from to } } }
                    problems { field } } } }""")).json();
        assertThat(graph.path("errors").isMissingNode()).as(graph.toString()).isTrue();
        JsonNode answers = graph.get("data").get("dashboard").get("answers");
        assertThat(answers.get(0).get("report").get("rows").equals(NUMERIC, rest.get("widgets").get(0).get("answer").get("rows"))).isTrue();
        assertThat(answers.get(1).get("timeseries").get("rows").equals(NUMERIC, rest.get("widgets").get(1).get("answer").get("rows"))).isTrue();
        assertThat(answers.get(2).get("funnel").get("rows").equals(NUMERIC, rest.get("widgets").get(2).get("answer").get("rows"))).isTrue();
        assertThat(answers.get(3).get("stickiness").get("rows").equals(NUMERIC, rest.get("widgets").get(3).get("answer").get("rows"))).isTrue();
        assertThat(answers.get(3).get("stickiness").get("users").asLong()).isEqualTo(rest.get("widgets").get(3).get("answer").get("users").asLong());
        assertThat(answers.get(0).get("funnel").isNull()).isTrue();
        assertThat(answers.get(0).get("stickiness").isNull()).isTrue();
        JsonNode restStages = rest.get("widgets").get(4).get("answer");
        assertThat(answers.get(4).get("lifecycle").get("rows").equals(NUMERIC, restStages.get("rows"))).isTrue();
        assertThat(answers.get(4).get("lifecycle").get("columns")).isEqualTo(restStages.get("columns"));
        assertThat(answers.get(4).get("lifecycle").get("meta").get("interval").asText()).isEqualTo("day");
        assertThat(answers.get(4).get("lifecycle").get("meta").get("event").asText()).isEqualTo("page_view");
        assertThat(answers.get(4).get("stickiness").isNull()).isTrue();
        JsonNode restTrend = rest.get("widgets").get(5).get("answer");
        JsonNode graphTrend = answers.get(5).get("trend");
        assertThat(graphTrend.get("rows").equals(NUMERIC, restTrend.get("rows"))).isTrue();
        assertThat(graphTrend.get("periods")).isEqualTo(restTrend.get("periods"));
        assertThat(graphTrend.get("lines")).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode graphLine = graphTrend.get("lines").get(i);
            JsonNode restLine = restTrend.get("lines").get(i);
            assertThat(graphLine.get("values").equals(NUMERIC, restLine.get("values"))).as(graphLine.toString()).isTrue();
            assertThat(graphLine.get("total").equals(NUMERIC, restLine.get("total"))).as(graphLine.toString()).isTrue();
            assertThat(graphLine.get("name")).isEqualTo(restLine.get("name"));
        }
        assertThat(graphTrend.get("lines").get(2).get("expression").asText()).isEqualTo("B / A * 100");
        assertThat(graphTrend.get("meta").get("interval").asText()).isEqualTo("day");
        assertThat(answers.get(4).get("trend").isNull()).isTrue();
        JsonNode restGoals = rest.get("widgets").get(6).get("answer");
        JsonNode graphGoals = answers.get(6).get("conversions");
        assertThat(graphGoals.get("rows").equals(NUMERIC, restGoals.get("rows"))).as(graphGoals.toString()).isTrue();
        assertThat(graphGoals.get("rows")).hasSize(3);
        assertThat(graphGoals.get("columns")).isEqualTo(restGoals.get("columns"));
        assertThat(graphGoals.get("visitors").asLong()).isEqualTo(restGoals.get("visitors").asLong());
        assertThat(graphGoals.get("meta").get("date_range")).isEqualTo(restGoals.get("meta").get("date_range"));
        assertThat(answers.get(5).get("conversions").isNull()).isTrue();

        JsonNode invalid = admin.postJson("/graphql", Map.of("query", """
                mutation($d: DashboardInput!) { saveDashboard(dashboard: $d) { name } }""", "variables", Map.of("d",
                Map.of("name", "bad", "widgets", List.of(Map.of("id", "w", "report", Map.of("metrics", List.of("nope")))))))).json();
        assertThat(invalid.get("errors").get(0).get("extensions").get("field").asText()).startsWith("dashboard.widgets[0].report.metrics");
        JsonNode ambiguous = admin.postJson("/graphql", Map.of("query", """
                mutation($d: DashboardInput!) { saveDashboard(dashboard: $d) { name } }""", "variables", Map.of("d",
                Map.of("name", "bad", "widgets", List.of(Map.of("id", "w")))))).json();
        assertThat(ambiguous.get("errors").get(0).get("extensions").get("field").asText()).isEqualTo("dashboard.widgets[0]");
        assertThat(ambiguous.get("errors").get(0).get("message").asText())
                .endsWith("set exactly one of report, timeseries, funnel, retention, paths, stickiness, lifecycle, trend or conversions");
    }
}
