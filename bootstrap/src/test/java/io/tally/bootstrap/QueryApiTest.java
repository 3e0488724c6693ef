package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The query API of a started server over real HTTP, on a hand-worked data set: every expected number below is
 * counted by hand in the comments, not by any engine.
 */
class QueryApiTest {

    private static Path dir;
    private static Tally tally;
    private static Http http;

    /*
     * Europe/Berlin leaves summer time on Sunday 25 October 2026 at 01:00 UTC, so that local day has 25 hours.
     * s1 alice: 00:30, 01:10 (page views) and 01:20 (conversion) local on 25 Oct: 50 minutes.
     * s2 bob: one page view at 11:00 local on 25 Oct: a bounce.
     * s3 carol: a sign-up at 00:30 local on 26 Oct: a bounce (one custom event).
     * s4 carol: a purchase of 19.99 at 10:00 and a page view at 10:05 local on 26 Oct: 5 minutes.
     */
    static List<Event> events() {
        return List.of(
                event("e1", "alice", "s1", "page_view", "2026-10-24T22:30:00Z", Map.of("path", PropertyValue.of("/"))),
                event("e2", "alice", "s1", "page_view", "2026-10-24T23:10:00Z", Map.of("path", PropertyValue.of("/pricing"))),
                event("e3", "alice", "s1", "conversion", "2026-10-24T23:20:00Z", Map.of()),
                event("e4", "bob", "s2", "page_view", "2026-10-25T10:00:00Z", Map.of("path", PropertyValue.of("/"))),
                event("e5", "carol", "s3", "sign_up", "2026-10-25T23:30:00Z", Map.of()),
                event("e6", "carol", "s4", "purchase", "2026-10-26T09:00:00Z", Map.of("revenue", PropertyValue.of(new BigDecimal("19.99")))),
                event("e7", "carol", "s4", "page_view", "2026-10-26T09:05:00Z", Map.of("path", PropertyValue.of("/docs"))));
    }

    private static Event event(String id, String user, String session, String type, String at, Map<String, PropertyValue> props) {
        Instant time = Instant.parse(at);
        return new Event(id, "default", user, session, type, time, props, "", "", time);
    }

    @BeforeAll
    static void start(@TempDir Path temp) {
        dir = temp;
        tally = EndToEndTest.start(dir);
        http = new Http(tally.port());
        String ndjson = events().stream().map(EventJson::line).collect(Collectors.joining("\n"));
        assertThat(http.post("/v1/events?wait=true", "application/x-ndjson", ndjson).status()).isEqualTo(202);
    }

    @AfterAll
    static void stop() {
        tally.close();
    }

    private static final List<String> ALL_METRICS = List.of("events", "visitors", "sessions", "pageviews", "bounce_rate",
            "avg_session_duration", "views_per_session", "conversions", "conversion_rate", "revenue", "arpu");

    /** A row as text: numbers in their plain form, so that 50, 50.0 and 5E+1 read alike. */
    private static List<String> values(JsonNode row) {
        List<String> values = new ArrayList<>();
        row.forEach(cell -> values.add(cell.isNull() ? null : cell.isTextual() ? cell.asText()
                : cell.decimalValue().stripTrailingZeros().toPlainString()));
        return values;
    }

    /** Single cells as a row's text. */
    private static List<String> cells(JsonNode... cells) {
        ArrayNode row = JsonNodeFactory.instance.arrayNode();
        Arrays.stream(cells).forEach(row::add);
        return values(row);
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void a_report_by_local_day_across_the_dst_change() {
        JsonNode answer = http.postJson("/v1/query", Map.of("metrics", ALL_METRICS, "dimensions", List.of("time:day"),
                "date_range", List.of("2026-10-24", "2026-10-26"), "timezone", "Europe/Berlin")).json();
        assertThat(answer.get("columns").findValuesAsText("name").getFirst()).isEqualTo("time:day");
        List<List<String>> rows = new ArrayList<>();
        answer.get("rows").forEach(row -> rows.add(values(row)));
        assertThat(rows).containsExactly(
                Arrays.asList("2026-10-24T00:00:00+02:00", "0", "0", "0", "0", null, null, null, "0", null, "0", null),
                // 4 events, 2 visitors, 2 sessions, 3 page views, 1 bounce of 2, (3000 + 0) / 2 s, 3 views / 2 sessions,
                // 1 conversion by 1 of 2 visitors, no revenue
                List.of("2026-10-25T00:00:00+02:00", "4", "2", "2", "3", "50", "1500", "1.5", "1", "50", "0", "0"),
                // 3 events, carol alone, 2 sessions (1 bounce), (0 + 300) / 2 s, 1 view / 2 sessions, 19.99 from 1 visitor
                List.of("2026-10-26T00:00:00+01:00", "3", "1", "2", "1", "50", "150", "0.5", "0", "0", "19.99", "19.99"));
        JsonNode totals = answer.get("totals");
        assertThat(totals.get("events").asLong()).isEqualTo(7);
        assertThat(totals.get("visitors").asLong()).isEqualTo(3);
        assertThat(totals.get("avg_session_duration").asDouble()).isEqualTo(825.0);    // 3300 s / 4 sessions
        assertThat(totals.get("conversion_rate").asDouble()).isEqualTo(100.0 / 3);
        assertThat(totals.get("arpu").decimalValue()).isEqualByComparingTo("6.663333"); // 19.99 / 3, 6 decimals
        // visitors need raw events; the session facts come from the sessions kept per hour (local days are whole UTC hours)
        assertThat(answer.get("meta").get("source").asText()).isEqualTo("raw+sessions");
        assertThat(answer.get("meta").get("date_range").get("to").asText()).isEqualTo("2026-10-27T00:00:00+01:00");
    }

    @Test
    void session_metrics_by_day_come_from_the_sessions_table_with_the_raw_numbers() {
        Map<String, Object> query = new HashMap<>(Map.of("metrics", List.of("sessions", "bounce_rate"),
                "dimensions", List.of("time:day"), "date_range", List.of("2026-10-24", "2026-10-26"),
                "timezone", "Europe/Berlin"));
        JsonNode fromSessions = http.postJson("/v1/query", query).json();
        // the rows (days with events) from the rollup, the session facts from the sessions kept per hour
        assertThat(fromSessions.get("meta").get("source").asText()).isEqualTo("rollup+sessions");
        // a filter selecting every event: the sessions table answers no filtered report, so raw events count it all
        query.put("filters", List.of(List.of("is_not", "event_type", List.of("no_such_type"))));
        JsonNode fromRaw = http.postJson("/v1/query", query).json();
        assertThat(fromRaw.get("meta").get("source").asText()).isEqualTo("raw");
        List<List<String>> sessionRows = new ArrayList<>();
        fromSessions.get("rows").forEach(row -> sessionRows.add(values(row)));
        List<List<String>> rawRows = new ArrayList<>();
        fromRaw.get("rows").forEach(row -> rawRows.add(values(row)));
        assertThat(sessionRows).isEqualTo(rawRows).containsExactly(
                Arrays.asList("2026-10-24T00:00:00+02:00", "0", null),
                List.of("2026-10-25T00:00:00+02:00", "2", "50"),  // s1 and s2, s2 a bounce
                List.of("2026-10-26T00:00:00+01:00", "2", "50")); // s3 (a bounce) and s4
        assertThat(fromSessions.get("totals").get("sessions").asLong()).isEqualTo(4);
        assertThat(fromSessions.get("totals").get("bounce_rate").asDouble()).isEqualTo(50.0);
    }

    @Test
    void an_approximate_report_estimates_visitors_from_sketches_and_says_so() {
        JsonNode answer = http.postJson("/v1/query", Map.of("metrics", ALL_METRICS, "dimensions", List.of("time:day"),
                "date_range", List.of("2026-10-24", "2026-10-26"), "timezone", "Europe/Berlin", "accuracy", "approximate")).json();
        List<List<String>> rows = new ArrayList<>();
        answer.get("rows").forEach(row -> rows.add(values(row)));
        // three users, far below the 4,096 a sketch counts exactly: the same hand-worked numbers as the exact report
        assertThat(rows).containsExactly(
                Arrays.asList("2026-10-24T00:00:00+02:00", "0", "0", "0", "0", null, null, null, "0", null, "0", null),
                List.of("2026-10-25T00:00:00+02:00", "4", "2", "2", "3", "50", "1500", "1.5", "1", "50", "0", "0"),
                List.of("2026-10-26T00:00:00+01:00", "3", "1", "2", "1", "50", "150", "0.5", "0", "0", "19.99", "19.99"));
        assertThat(answer.get("totals").get("visitors").asLong()).isEqualTo(3);
        assertThat(answer.get("totals").get("conversion_rate").asDouble()).isEqualTo(100.0 / 3);
        JsonNode meta = answer.get("meta");
        assertThat(meta.get("source").asText()).isEqualTo("rollup+sketch+sessions");
        assertThat(meta.get("accuracy").asText()).isEqualTo("approximate");
        assertThat(meta.get("error_bound").asDouble()).isCloseTo(2 / Math.sqrt(4095), within(1e-9));
        assertThat(meta.has("accuracy_reason")).isFalse();
    }

    @Test
    void an_approximate_report_the_sketches_cannot_answer_is_exact_and_says_why() {
        JsonNode answer = http.postJson("/v1/query", Map.of("metrics", List.of("visitors"), "dimensions", List.of("country"),
                "date_range", List.of("2026-10-24", "2026-10-26"), "accuracy", "approximate")).json();
        assertThat(answer.get("totals").get("visitors").asLong()).isEqualTo(3);
        JsonNode meta = answer.get("meta");
        assertThat(meta.get("source").asText()).isEqualTo("raw");
        assertThat(meta.get("accuracy").asText()).isEqualTo("exact");
        assertThat(meta.has("error_bound")).isFalse();
        assertThat(meta.get("accuracy_reason").asText()).endsWith("the rollup is not kept by country");
        JsonNode exact = http.postJson("/v1/query", Map.of("metrics", List.of("visitors"),
                "date_range", List.of("2026-10-24", "2026-10-26"))).json().get("meta");
        assertThat(exact.get("accuracy").asText()).isEqualTo("exact");
        assertThat(exact.has("accuracy_reason")).as("only said when approximate was asked for").isFalse();
    }

    @Test
    void an_unknown_accuracy_is_a_400_naming_it() {
        Http.Answer refused = http.postJson("/v1/query", Map.of("metrics", List.of("visitors"), "accuracy", "roughly"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("accuracy");
    }

    @Test
    void additive_reports_come_from_the_rollup_with_the_raw_numbers() {
        Map<String, Object> query = new HashMap<>(Map.of("metrics", List.of("events", "pageviews", "revenue"),
                "dimensions", List.of("time:day", "event_type"), "date_range", List.of("2026-10-24", "2026-10-26"),
                "timezone", "Europe/Berlin"));
        JsonNode fromRollup = http.postJson("/v1/query", query).json();
        assertThat(fromRollup.get("meta").get("source").asText()).isEqualTo("rollup");
        query.put("metrics", List.of("events", "pageviews", "revenue", "visitors")); // distinct users: raw events only
        JsonNode fromRaw = http.postJson("/v1/query", query).json();
        assertThat(fromRaw.get("meta").get("source").asText()).isEqualTo("raw");
        List<List<String>> rollupRows = new ArrayList<>();
        fromRollup.get("rows").forEach(row -> rollupRows.add(values(row)));
        List<List<String>> rawRows = new ArrayList<>();
        fromRaw.get("rows").forEach(row -> rawRows.add(values(row).subList(0, 5)));
        assertThat(rollupRows).isEqualTo(rawRows).hasSize(12); // 3 days x 4 event types
        assertThat(fromRollup.get("totals").get("revenue").decimalValue()).isEqualByComparingTo("19.99");
    }

    @Test
    void filters_dimensions_and_the_previous_period() {
        JsonNode answer = http.postJson("/v1/query", Map.of("metrics", List.of("pageviews", "visitors"),
                "dimensions", List.of("prop:path"), "filters", List.of(List.of("is_not", "prop:path", List.of("/docs"))),
                "date_range", List.of("2026-10-25T00:00:00Z", "2026-10-27T00:00:00Z"), "compare", "previous_period",
                "order_by", List.of(List.of("prop:path", "asc")))).json();
        List<List<String>> rows = new ArrayList<>();
        answer.get("rows").forEach(row -> rows.add(values(row)));
        // from 25 Oct 00:00 UTC: bob's "/" (e4), no path on e5, e6; e7 "/docs" is filtered out
        assertThat(rows).containsExactly(List.of("/", "1", "1"), Arrays.asList(null, "0", "1"));
        // the previous period (23-25 Oct UTC) holds alice's two page views and her conversion
        assertThat(answer.get("comparison").get("totals").get("pageviews").asLong()).isEqualTo(2);
        assertThat(answer.get("comparison").get("rows").get(0).get(0).asLong()).isEqualTo(1);      // "/" then: e1
        assertThat(answer.get("comparison").get("change_percent").get(0).get(0).asDouble()).isEqualTo(0.0);
        assertThat(answer.get("comparison").get("totals_change_percent").get("pageviews").asDouble()).isEqualTo(-50.0);
    }

    @Test
    void kpis_are_saved_used_in_reports_and_survive_a_restart() {
        assertThat(http.postJson("/v1/kpis", Map.of("name", "purchase_share", "expression", "conversions / visitors * 100",
                "description", "share of visitors converting")).status()).isEqualTo(201);
        assertThat(http.postJson("/v1/kpis", Map.of("name", "purchase_share", "expression", "visitors")).status()).isEqualTo(409);
        assertThat(http.put("/v1/kpis/per_session", Map.of("expression", "events / sessions")).status()).isEqualTo(201);
        JsonNode answer = http.postJson("/v1/query", Map.of("metrics", List.of("kpi:purchase_share", "kpi:per_session"),
                "date_range", List.of("2026-10-24", "2026-10-26"))).json();
        assertThat(answer.get("totals").get("kpi:purchase_share").asDouble()).isEqualTo(1.0 / 3 * 100); // 1 of 3 visitors
        assertThat(answer.get("totals").get("kpi:per_session").asDouble()).isEqualTo(7 / 4.0);

        assertThat(http.get("/v1/kpis").json().get("kpis").findValuesAsText("name")).contains("per_session", "purchase_share");
        assertThat(http.put("/v1/kpis/per_session", Map.of("name", "other", "expression", "events")).status()).isEqualTo(400);
        assertThat(http.delete("/v1/kpis/per_session").status()).isEqualTo(204);
        assertThat(http.delete("/v1/kpis/per_session").status()).isEqualTo(404);
        JsonNode gone = http.postJson("/v1/query", Map.of("metrics", List.of("kpi:per_session"))).json();
        assertThat(gone.get("errors").get(0).get("field").asText()).isEqualTo("metrics[0]");

        tally.close();
        tally = EndToEndTest.start(dir);
        http = new Http(tally.port());
        assertThat(http.get("/v1/kpis/purchase_share").json().get("expression").asText()).isEqualTo("conversions / visitors * 100");
    }

    @Test
    void cohorts_filter_reports() {
        assertThat(http.postJson("/v1/cohorts", Map.of("name", "buyers", "rules", List.of(Map.of(
                "event", "purchase", "date_range", List.of("2026-10-01", "2026-10-31"))))).status()).isEqualTo(201);
        JsonNode answer = http.postJson("/v1/query", Map.of("metrics", List.of("events", "visitors"),
                "filters", List.of(List.of("in_cohort", "user", List.of("buyers"))),
                "date_range", List.of("2026-10-24", "2026-10-26"))).json();
        assertThat(answer.get("totals").get("events").asLong()).isEqualTo(3);   // carol's e5, e6, e7
        assertThat(answer.get("totals").get("visitors").asLong()).isEqualTo(1);
        assertThat(http.get("/v1/cohorts/buyers").json().get("rules").get(0).get("min_count").asInt()).isEqualTo(1);
    }

    @Test
    void funnels_retention_and_paths_answer_over_http() {
        JsonNode funnel = http.postJson("/v1/funnels", Map.of("steps", List.of(Map.of("event", "page_view"),
                Map.of("event", "conversion")), "date_range", List.of("2026-10-20", "2026-10-30"))).json();
        // a page view: alice, bob, carol; then a conversion: alice alone, 50 minutes after her first page view
        // (22:30 to 23:20, the attempt that started first)
        assertThat(funnel.get("rows").get(0).get(2).asLong()).isEqualTo(3);
        assertThat(funnel.get("rows").get(1).get(2).asLong()).isEqualTo(1);
        assertThat(funnel.get("columns").get(6).asText()).isEqualTo("median_seconds_to_convert");
        assertThat(funnel.get("rows").get(1).get(6).asDouble()).isEqualTo(3000.0);
        assertThat(funnel.get("columns").get(7).asText()).isEqualTo("mean_seconds_to_convert");
        assertThat(funnel.get("rows").get(1).get(7).asDouble()).isEqualTo(3000.0);         // one user: the mean is the median
        assertThat(funnel.get("rows").get(0).get(7).isNull()).isTrue();                    // step 1 has no time

        JsonNode retention = http.postJson("/v1/retention", Map.of("start_event", Map.of("event", "page_view"),
                "period", "day", "periods", 2, "date_range", List.of("2026-10-24", "2026-10-26"))).json();
        // UTC days: alice's cohort of 24 Oct (size 1, period 0 = 1) never returns on 25 or 26 Oct
        assertThat(retention.get("rows").get(0).toString()).isEqualTo("[\"2026-10-24\",1,1,0,0]");

        JsonNode paths = http.postJson("/v1/paths", Map.of("anchor", Map.of("event", "page_view",
                "filters", List.of(List.of("is", "prop:path", List.of("/")))), "date_range", List.of("2026-10-20", "2026-10-30"))).json();
        assertThat(paths.get("anchors").asLong()).isEqualTo(2);                  // e1 and e4
        assertThat(paths.get("steps").get(0).get("top").get(0).get("value").asText()).isEqualTo("page_view"); // e2
    }

    @Test
    void a_funnel_answers_its_time_to_convert_histogram_when_asked() {
        JsonNode funnel = http.postJson("/v1/funnels", Map.of("steps", List.of(Map.of("event", "page_view"),
                Map.of("event", "conversion")), "date_range", List.of("2026-10-20", "2026-10-30"),
                "time_to_convert", Map.of("bins", 5))).json();
        JsonNode times = funnel.get("time_to_convert");
        // from step 1 to the last (2) by default; alice alone converts, 3000 s (3,000,000 ms) after her first page view
        assertThat(cells(times.get("from_step"), times.get("to_step"), times.get("bins"), times.get("users"),
                times.get("mean_seconds"))).containsExactly("1", "2", "5", "1", "3000");
        // shortest = longest = 3,000,000 ms, so width = (3,000,000 - 3,000,000 + 5) / 5 = 1 ms: bin i covers
        // [3,000,000 + i, 3,000,000 + i + 1) ms, and alice's time is in bin 0
        List<List<String>> bins = new ArrayList<>();
        times.get("histogram").forEach(bin -> bins.add(cells(bin.get("from_seconds"), bin.get("to_seconds"), bin.get("users"))));
        assertThat(bins).containsExactly(
                List.of("3000", "3000.001", "1"),
                List.of("3000.001", "3000.002", "0"),
                List.of("3000.002", "3000.003", "0"),
                List.of("3000.003", "3000.004", "0"),
                List.of("3000.004", "3000.005", "0"));
        assertThat(fieldNames(funnel)).containsExactly("columns", "rows", "breakdown", "time_to_convert", "meta");

        // page view, page view, conversion: alice's first attempt is e1 (22:30), e2 (23:10), e3 (23:20); from step 2 to
        // step 3 she took 10 minutes, 600,000 ms, in one bin of width (0 + 1) / 1 = 1 ms
        JsonNode later = http.postJson("/v1/funnels", Map.of("steps", List.of(Map.of("event", "page_view"),
                Map.of("event", "page_view"), Map.of("event", "conversion")), "date_range", List.of("2026-10-20", "2026-10-30"),
                "time_to_convert", Map.of("from_step", 2, "to_step", 3, "bins", 1))).json().get("time_to_convert");
        assertThat(cells(later.get("from_step"), later.get("to_step"), later.get("bins"), later.get("users"),
                later.get("mean_seconds"))).containsExactly("2", "3", "1", "1", "600");
        assertThat(cells(later.get("histogram").get(0).get("from_seconds"), later.get("histogram").get(0).get("to_seconds"),
                later.get("histogram").get(0).get("users"))).containsExactly("600", "600.001", "1");

        // not asked, not answered
        JsonNode plain = http.postJson("/v1/funnels", Map.of("steps", List.of(Map.of("event", "page_view"),
                Map.of("event", "conversion")), "date_range", List.of("2026-10-20", "2026-10-30"))).json();
        assertThat(plain.has("time_to_convert")).isFalse();
    }

    /** A page view, then a conversion, over 24 to 26 October in Berlin, with a trend by {@code interval}. */
    private static Map<String, Object> trendFunnel(Object interval, List<String> range) {
        return Map.of("steps", List.of(Map.of("event", "page_view"), Map.of("event", "conversion")), "date_range", range,
                "timezone", "Europe/Berlin", "interval", interval);
    }

    /** A trend entry's numbers as text: entered, converted, conversion_rate, then the users of each step. */
    private static List<String> trendEntry(JsonNode entry) {
        List<String> values = new ArrayList<>(cells(entry.get("entered"), entry.get("converted"), entry.get("conversion_rate")));
        values.addAll(values(entry.get("users")));
        return values;
    }

    @Test
    void a_funnel_answers_its_trend_when_an_interval_is_asked_and_refuses_a_minute() {
        Http.Answer answer = http.postJson("/v1/funnels", trendFunnel("day", List.of("2026-10-24", "2026-10-26")));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode funnel = answer.json();
        assertThat(fieldNames(funnel)).containsExactly("columns", "rows", "breakdown", "trend", "meta");
        assertThat(funnel.get("meta").get("interval").asText()).isEqualTo("day");
        // Berlin days, each as the UTC instant of its local midnight: 24 Oct (summer time, +02:00) no one; 25 Oct alice
        // (page views at 00:30 and 01:10 local, the conversion at 01:20) and bob (a page view at 11:00, no conversion):
        // 1 of 2, 50 %; 26 Oct (winter time, +01:00) carol's page view at 10:05, no conversion: 0 of 1
        JsonNode trend = funnel.get("trend");
        assertThat(trend).hasSize(3);
        trend.forEach(entry -> assertThat(fieldNames(entry)).containsExactly("period", "entered", "converted", "conversion_rate", "users"));
        assertThat(trend.findValuesAsText("period")).containsExactly("2026-10-23T22:00:00Z", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z");
        assertThat(trendEntry(trend.get(0))).containsExactly("0", "0", null, "0", "0");
        assertThat(trendEntry(trend.get(1))).containsExactly("2", "1", "50", "2", "1");
        assertThat(trendEntry(trend.get(2))).containsExactly("1", "0", "0", "1", "0");
        // the steps themselves are the whole range's: alice, bob and carol entered, alice converted
        assertThat(funnel.get("rows").get(0).get(2).asLong()).isEqualTo(3);
        assertThat(funnel.get("rows").get(1).get(2).asLong()).isEqualTo(1);

        // by the hour, 25 October in Berlin has 25 hours from 22:00 UTC the day before; alice's first page view (22:30 UTC)
        // and her second (23:10) each start an attempt that converts at 23:20, so she counts, converted, in both hours;
        // bob's page view is at 10:00 UTC, the 13th hour, unconverted
        JsonNode hours = http.postJson("/v1/funnels", trendFunnel("hour", List.of("2026-10-25", "2026-10-25"))).json().get("trend");
        assertThat(hours).hasSize(25);
        assertThat(hours.get(0).get("period").asText()).isEqualTo("2026-10-24T22:00:00Z");
        assertThat(trendEntry(hours.get(0))).containsExactly("1", "1", "100", "1", "1");
        assertThat(trendEntry(hours.get(1))).containsExactly("1", "1", "100", "1", "1");
        assertThat(hours.get(12).get("period").asText()).isEqualTo("2026-10-25T10:00:00Z");
        assertThat(trendEntry(hours.get(12))).containsExactly("1", "0", "0", "1", "0");
        long entered = 0;
        for (JsonNode hour : hours) {
            entered += hour.get("entered").asLong();
        }
        assertThat(entered).as("no one else entered that day").isEqualTo(3);

        Http.Answer minute = http.postJson("/v1/funnels", trendFunnel("minute", List.of("2026-10-24", "2026-10-26")));
        assertThat(minute.status()).isEqualTo(400);
        assertThat(minute.contentType()).startsWith("application/problem+json");
        assertThat(minute.json().get("errors").findValuesAsText("field")).containsExactly("interval");
        assertThat(minute.json().get("errors").get(0).get("reason").asText()).isEqualTo("unsupported");
    }

    /*
     * A funnel trend with a breakdown, on 20 to 22 September 2026 (UTC, away from every other range here): a page view
     * then a sign-up, by plan, per day. A user is under the plan of their counted attempt's page view: overall the first
     * attempt reaching their furthest step; in each day's trend, the first of the attempts starting that day to reach
     * the furthest step they reach.
     *   lia: a free page view 20 Sep 09:00 and a sign-up 09:30; a team page view 21 Sep 10:00 with no sign-up after it.
     *        Overall free (converted, her first attempt); 20 Sep free, converted; 21 Sep team, not converted.
     *   max: team page views 20 Sep 12:00 and 22 Sep 08:00, a sign-up 22 Sep 08:10. Both attempts reach it (the first
     *        two days later, inside the 14-day window), so he is team, converted, on 20 and on 22 Sep.
     *   ned: a free page view 21 Sep 15:00, nothing after: free, not converted, on 21 Sep.
     * Overall: 3 entered (lia, max, ned), 2 signed up (lia, max). By plan: free lia and ned (2, 1 converted), team max
     * (1, 1 converted): free first, with more users. Per day, over everyone: 20 Sep lia and max, both converted; 21 Sep
     * lia and ned, neither; 22 Sep max, converted.
     */
    @Test
    void a_funnel_with_a_breakdown_and_an_interval_has_a_trend_for_each_value() {
        List<Event> planEvents = List.of(
                event("bt1", "lia", "sl", "page_view", "2026-09-20T09:00:00Z", Map.of("plan", PropertyValue.of("free"))),
                event("bt2", "lia", "sl", "sign_up", "2026-09-20T09:30:00Z", Map.of()),
                event("bt3", "lia", "sl", "page_view", "2026-09-21T10:00:00Z", Map.of("plan", PropertyValue.of("team"))),
                event("bt4", "max", "sm", "page_view", "2026-09-20T12:00:00Z", Map.of("plan", PropertyValue.of("team"))),
                event("bt5", "max", "sm", "page_view", "2026-09-22T08:00:00Z", Map.of("plan", PropertyValue.of("team"))),
                event("bt6", "max", "sm", "sign_up", "2026-09-22T08:10:00Z", Map.of()),
                event("bt7", "ned", "sn", "page_view", "2026-09-21T15:00:00Z", Map.of("plan", PropertyValue.of("free"))));
        String ndjson = planEvents.stream().map(EventJson::line).collect(Collectors.joining("\n"));
        assertThat(http.post("/v1/events?wait=true", "application/x-ndjson", ndjson).status()).isEqualTo(202);
        Map<String, Object> body = Map.of("steps", List.of(Map.of("event", "page_view"), Map.of("event", "sign_up")),
                "breakdown", "prop:plan", "interval", "day", "date_range", List.of("2026-09-20", "2026-09-22"));
        Http.Answer answer = http.postJson("/v1/funnels", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode funnel = answer.json();
        assertThat(cells(funnel.get("rows").get(0).get(2), funnel.get("rows").get(1).get(2))).containsExactly("3", "2");
        List<String> days = List.of("2026-09-20T00:00:00Z", "2026-09-21T00:00:00Z", "2026-09-22T00:00:00Z");
        JsonNode trend = funnel.get("trend");
        assertThat(trend.findValuesAsText("period")).containsExactlyElementsOf(days);
        assertThat(trendEntry(trend.get(0))).containsExactly("2", "2", "100", "2", "2");
        assertThat(trendEntry(trend.get(1))).containsExactly("2", "0", "0", "2", "0");
        assertThat(trendEntry(trend.get(2))).containsExactly("1", "1", "100", "1", "1");

        JsonNode breakdown = funnel.get("breakdown");
        assertThat(breakdown.findValuesAsText("value")).containsExactly("free", "team");
        JsonNode free = breakdown.get(0);
        assertThat(fieldNames(free)).containsExactly("value", "values", "rows", "trend");
        assertThat(cells(free.get("rows").get(0).get(2), free.get("rows").get(1).get(2))).containsExactly("2", "1");
        JsonNode freeTrend = free.get("trend");
        freeTrend.forEach(entry -> assertThat(fieldNames(entry)).containsExactly("period", "entered", "converted", "conversion_rate", "users"));
        assertThat(freeTrend.findValuesAsText("period")).containsExactlyElementsOf(days);
        // 20 Sep lia, converted; 21 Sep ned (lia is team that day), not; 22 Sep no one
        assertThat(trendEntry(freeTrend.get(0))).containsExactly("1", "1", "100", "1", "1");
        assertThat(trendEntry(freeTrend.get(1))).containsExactly("1", "0", "0", "1", "0");
        assertThat(trendEntry(freeTrend.get(2))).containsExactly("0", "0", null, "0", "0");
        JsonNode team = breakdown.get(1);
        assertThat(cells(team.get("rows").get(0).get(2), team.get("rows").get(1).get(2))).containsExactly("1", "1");
        JsonNode teamTrend = team.get("trend");
        assertThat(teamTrend.findValuesAsText("period")).containsExactlyElementsOf(days);
        // 20 Sep max, converted two days later; 21 Sep lia, not converted (her sign-up came before); 22 Sep max again
        assertThat(trendEntry(teamTrend.get(0))).containsExactly("1", "1", "100", "1", "1");
        assertThat(trendEntry(teamTrend.get(1))).containsExactly("1", "0", "0", "1", "0");
        assertThat(trendEntry(teamTrend.get(2))).containsExactly("1", "1", "100", "1", "1");

        // without an interval the values have no trend
        Map<String, Object> plain = new LinkedHashMap<>(body);
        plain.remove("interval");
        JsonNode untrended = http.postJson("/v1/funnels", plain).json();
        assertThat(untrended.has("trend")).isFalse();
        untrended.get("breakdown").forEach(value -> assertThat(fieldNames(value)).containsExactly("value", "values", "rows"));

        // by plan and event type of each counted attempt's first step: lia and ned (free, page view), max (team, page view)
        plain.put("breakdown", List.of("prop:plan", "event_type"));
        Http.Answer byTwo = http.postJson("/v1/funnels", plain);
        assertThat(byTwo.status()).as(byTwo.body()).isEqualTo(200);
        JsonNode rows = byTwo.json().get("breakdown");
        assertThat(rows).hasSize(2);
        rows.forEach(value -> assertThat(fieldNames(value)).containsExactly("values", "rows"));
        assertThat(cells(rows.get(0).get("values").get(0), rows.get(0).get("values").get(1))).containsExactly("free", "page_view");
        assertThat(cells(rows.get(0).get("rows").get(0).get(2), rows.get(0).get("rows").get(1).get(2))).containsExactly("2", "1");
        assertThat(cells(rows.get(1).get("values").get(0), rows.get(1).get("values").get(1))).containsExactly("team", "page_view");
        assertThat(cells(rows.get(1).get("rows").get(0).get(2), rows.get(1).get("rows").get(1).get(2))).containsExactly("1", "1");
        JsonNode meta = byTwo.json().get("meta");
        assertThat(meta.has("breakdown")).isFalse();
        assertThat(cells(meta.get("breakdowns").get(0), meta.get("breakdowns").get(1))).containsExactly("prop:plan", "event_type");
        // counting conversions: lia's two page views (the first converts), max's two (both convert by one sign-up), ned's
        Map<String, Object> counted = new LinkedHashMap<>(body);
        counted.remove("interval");
        counted.remove("breakdown");
        counted.put("counting", "conversions");
        Http.Answer conversions = http.postJson("/v1/funnels", counted);
        assertThat(conversions.status()).as(conversions.body()).isEqualTo(200);
        JsonNode converted = conversions.json();
        assertThat(cells(converted.get("rows").get(0).get(2), converted.get("rows").get(1).get(2))).containsExactly("5", "3");
        assertThat(converted.get("meta").get("counting").asText()).isEqualTo("conversions");
        plain.put("breakdown", List.of("prop:plan", "exit_page"));
        Http.Answer refused = http.postJson("/v1/funnels", plain);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("breakdown[1]");
    }

    /**
     * A breakdown by plan read from different events of each user's attempt (page view, then sign-up):
     * gina views on free and signs up on pro; hank views on free and stops; ivy views on pro and signs up on team.
     * First touch: free 2 entered / 1 converted, pro 1 / 1. Last touch: pro (gina) 1 / 1, free (hank) 1 / 0, team (ivy)
     * 1 / 1. Step 2: pro 1 / 1, team 1 / 1, and hank, who has no step 2, in the null group 1 / 0.
     */
    @Test
    void a_funnel_breakdown_takes_its_value_from_the_step_the_attribution_names() {
        List<Event> planEvents = List.of(
                event("at1", "gina", "sg", "page_view", "2026-09-11T09:00:00Z", Map.of("plan", PropertyValue.of("free"))),
                event("at2", "gina", "sg", "sign_up", "2026-09-11T09:05:00Z", Map.of("plan", PropertyValue.of("pro"))),
                event("at3", "hank", "sh", "page_view", "2026-09-11T10:00:00Z", Map.of("plan", PropertyValue.of("free"))),
                event("at4", "ivy", "si", "page_view", "2026-09-11T11:00:00Z", Map.of("plan", PropertyValue.of("pro"))),
                event("at5", "ivy", "si", "sign_up", "2026-09-11T11:02:00Z", Map.of("plan", PropertyValue.of("team"))));
        String ndjson = planEvents.stream().map(EventJson::line).collect(Collectors.joining("\n"));
        assertThat(http.post("/v1/events?wait=true", "application/x-ndjson", ndjson).status()).isEqualTo(202);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("steps", List.of(Map.of("event", "page_view"), Map.of("event", "sign_up")));
        body.put("date_range", List.of("2026-09-11", "2026-09-11"));
        body.put("breakdown", "prop:plan");

        assertThat(enteredAndConverted(http.postJson("/v1/funnels", body).json()))
                .containsExactlyInAnyOrderEntriesOf(Map.of("free", "2/1", "pro", "1/1"));
        body.put("breakdown_attribution", "last_touch");
        JsonNode last = http.postJson("/v1/funnels", body).json();
        assertThat(enteredAndConverted(last)).containsExactlyInAnyOrderEntriesOf(Map.of("pro", "1/1", "free", "1/0", "team", "1/1"));
        assertThat(last.get("meta").get("breakdown_attribution").asText()).isEqualTo("last_touch");
        body.put("breakdown_attribution", "step");
        body.put("breakdown_attribution_step", 2);
        JsonNode second = http.postJson("/v1/funnels", body).json();
        assertThat(enteredAndConverted(second)).containsExactlyInAnyOrderEntriesOf(Map.of("pro", "1/1", "team", "1/1", "null", "1/0"));
        assertThat(second.get("meta").get("breakdown_attribution_step").asInt()).isEqualTo(2);

        body.put("breakdown_attribution_step", 3);
        Http.Answer refused = http.postJson("/v1/funnels", body);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsText("field")).containsExactly("breakdown_attribution_step");
    }

    /** Each breakdown value ("null" for none) with its users at step 1 and step 2, as "entered/converted". */
    private static Map<String, String> enteredAndConverted(JsonNode funnel) {
        Map<String, String> values = new LinkedHashMap<>();
        for (JsonNode row : funnel.get("breakdown")) {
            JsonNode steps = row.get("rows");
            values.put(row.get("value").isNull() ? "null" : row.get("value").asText(),
                    steps.get(0).get(2).asText() + "/" + steps.get(1).get(2).asText());
        }
        return values;
    }

    /*
     * Strict step order, on 10 September 2026 (UTC, before every other range here), a page view then a sign-up:
     * dave: page view 10:00, scroll 10:01, sign-up 10:02: ordered, he converts after 120 s; strict, he does not, his
     *   next event after the page view is the scroll (an event of any type counts).
     * erin: page view 11:00, sign-up 11:05: she converts either way, after 300 s.
     * frank: page view 12:00, then a help_open and a sign-up both at 12:01: at one instant the event matching no step
     *   comes after the one matching a step (whatever the ids), so the sign-up is his next event: he converts either
     *   way, after 60 s.
     * Ordered: 3 entered, 3 converted, mean (120 + 300 + 60) / 3 = 160 s; strict: 3 entered, 2 converted, mean
     * (300 + 60) / 2 = 180 s.
     */
    @Test
    void a_strict_funnel_counts_only_steps_that_are_the_users_very_next_event() {
        List<Event> strictEvents = List.of(
                event("st1", "dave", "sd", "page_view", "2026-09-10T10:00:00Z", Map.of()),
                event("st2", "dave", "sd", "scroll", "2026-09-10T10:01:00Z", Map.of()),
                event("st3", "dave", "sd", "sign_up", "2026-09-10T10:02:00Z", Map.of()),
                event("st4", "erin", "se", "page_view", "2026-09-10T11:00:00Z", Map.of()),
                event("st5", "erin", "se", "sign_up", "2026-09-10T11:05:00Z", Map.of()),
                event("st6", "frank", "sf", "page_view", "2026-09-10T12:00:00Z", Map.of()),
                event("st7", "frank", "sf", "help_open", "2026-09-10T12:01:00Z", Map.of()),
                event("st8", "frank", "sf", "sign_up", "2026-09-10T12:01:00Z", Map.of()));
        String ndjson = strictEvents.stream().map(EventJson::line).collect(Collectors.joining("\n"));
        assertThat(http.post("/v1/events?wait=true", "application/x-ndjson", ndjson).status()).isEqualTo(202);
        List<Object> steps = List.of(Map.of("event", "page_view"), Map.of("event", "sign_up"));
        List<String> day = List.of("2026-09-10", "2026-09-10");

        JsonNode ordered = http.postJson("/v1/funnels", Map.of("steps", steps, "date_range", day)).json();
        assertThat(cells(ordered.get("rows").get(0).get(2), ordered.get("rows").get(1).get(2), ordered.get("rows").get(1).get(7)))
                .containsExactly("3", "3", "160");
        assertThat(ordered.get("meta").get("step_order").asText()).as("the default").isEqualTo("ordered");

        Http.Answer answer = http.postJson("/v1/funnels", Map.of("steps", steps, "date_range", day, "step_order", "strict"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode strict = answer.json();
        assertThat(cells(strict.get("rows").get(0).get(2), strict.get("rows").get(1).get(2), strict.get("rows").get(1).get(7)))
                .containsExactly("3", "2", "180");
        assertThat(strict.get("meta").get("step_order").asText()).isEqualTo("strict");

        // unordered, sign-up then page view: dave and erin did both (their page views first), frank too (at one instant
        // with his help_open after the page view); times from the first done step: 120, 300 and 60 s, mean 160 s
        List<Object> reversed = List.of(Map.of("event", "sign_up"), Map.of("event", "page_view"));
        Http.Answer anyOrder = http.postJson("/v1/funnels", Map.of("steps", reversed, "date_range", day, "step_order", "unordered"));
        assertThat(anyOrder.status()).as(anyOrder.body()).isEqualTo(200);
        JsonNode unordered = anyOrder.json();
        assertThat(cells(unordered.get("rows").get(0).get(2), unordered.get("rows").get(1).get(2), unordered.get("rows").get(1).get(7)))
                .containsExactly("3", "3", "160");
        assertThat(unordered.get("meta").get("step_order").asText()).isEqualTo("unordered");
        JsonNode reversedOrdered = http.postJson("/v1/funnels", Map.of("steps", reversed, "date_range", day)).json();
        assertThat(cells(reversedOrdered.get("rows").get(1).get(2))).as("in order nobody signs up before viewing").containsExactly("0");

        Http.Answer any = http.postJson("/v1/funnels", Map.of("steps", steps, "date_range", day, "step_order", "any"));
        assertThat(any.status()).isEqualTo(400);
        assertThat(any.contentType()).startsWith("application/problem+json");
        assertThat(any.json().get("errors").findValuesAsText("field")).containsExactly("step_order");
        assertThat(any.json().get("errors").get(0).get("reason").asText()).isEqualTo("unsupported");
    }

    /*
     * Exclusion steps, on 14 September 2026 (UTC, before every other range here but 10 September), a page view then a
     * sign-up, excluding a help_open between the two:
     * gina: page view 10:00, help_open 10:01, sign-up 10:02: her only attempt reaches step 2 with the help_open strictly
     *   between, so it is dropped and she is not in the funnel at all, not even at step 1.
     * hank: page view 11:00, sign-up 11:05, help_open 11:06: after step 2, so kept; 300 s.
     * ivy: help_open and page view both at 12:00, sign-up 12:10: not strictly after her page view, so kept; 600 s.
     * jack: page view 13:00, help_open 13:01, no sign-up: an attempt that never reaches step 2 is never dropped.
     * kim: page view 14:00, help_open 14:01, page view 14:02, sign-up 14:03: the first attempt (180 s) is dropped, the
     *   second (14:02 to 14:03, no help_open between) is kept and counted: 60 s.
     * Without the exclusion: 5 entered, 4 converted (gina 120, hank 300, ivy 600, kim 180 s from her first attempt),
     * mean 1200 / 4 = 300 s, median (180 + 300) / 2 = 240 s. With it: 4 entered (gina gone), 3 converted (hank 300,
     * ivy 600, kim 60), 75 % of the first step, mean 960 / 3 = 320 s, median 300 s.
     */
    @Test
    void an_exclusion_drops_the_attempts_with_its_event_strictly_between_the_steps() {
        List<Event> excludingEvents = List.of(
                event("ex1", "gina", "sg", "page_view", "2026-09-14T10:00:00Z", Map.of()),
                event("ex2", "gina", "sg", "help_open", "2026-09-14T10:01:00Z", Map.of()),
                event("ex3", "gina", "sg", "sign_up", "2026-09-14T10:02:00Z", Map.of()),
                event("ex4", "hank", "sh", "page_view", "2026-09-14T11:00:00Z", Map.of()),
                event("ex5", "hank", "sh", "sign_up", "2026-09-14T11:05:00Z", Map.of()),
                event("ex6", "hank", "sh", "help_open", "2026-09-14T11:06:00Z", Map.of()),
                event("ex7", "ivy", "si", "help_open", "2026-09-14T12:00:00Z", Map.of()),
                event("ex8", "ivy", "si", "page_view", "2026-09-14T12:00:00Z", Map.of()),
                event("ex9", "ivy", "si", "sign_up", "2026-09-14T12:10:00Z", Map.of()),
                event("ex10", "jack", "sj", "page_view", "2026-09-14T13:00:00Z", Map.of()),
                event("ex11", "jack", "sj", "help_open", "2026-09-14T13:01:00Z", Map.of()),
                event("ex12", "kim", "sk", "page_view", "2026-09-14T14:00:00Z", Map.of()),
                event("ex13", "kim", "sk", "help_open", "2026-09-14T14:01:00Z", Map.of()),
                event("ex14", "kim", "sk", "page_view", "2026-09-14T14:02:00Z", Map.of()),
                event("ex15", "kim", "sk", "sign_up", "2026-09-14T14:03:00Z", Map.of()));
        String ndjson = excludingEvents.stream().map(EventJson::line).collect(Collectors.joining("\n"));
        assertThat(http.post("/v1/events?wait=true", "application/x-ndjson", ndjson).status()).isEqualTo(202);
        List<Object> steps = List.of(Map.of("event", "page_view"), Map.of("event", "sign_up"));
        List<String> day = List.of("2026-09-14", "2026-09-14");

        JsonNode plain = http.postJson("/v1/funnels", Map.of("steps", steps, "date_range", day)).json();
        assertThat(values(plain.get("rows").get(0)).subList(0, 3)).containsExactly("1", "page_view", "5");
        assertThat(values(plain.get("rows").get(1))).containsExactly("2", "sign_up", "4", "80", "80", "1", "240", "300");
        assertThat(plain.get("meta").has("exclusions")).as("only when asked").isFalse();

        // the defaults spelt out: from step 1 to the last, step 2
        for (Map<String, Object> exclusion : List.<Map<String, Object>>of(Map.of("event", "help_open"),
                Map.of("event", "help_open", "from_step", 1, "to_step", 2))) {
            Http.Answer answer = http.postJson("/v1/funnels", Map.of("steps", steps, "date_range", day,
                    "exclusions", List.of(exclusion)));
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            JsonNode funnel = answer.json();
            assertThat(values(funnel.get("rows").get(0)).subList(0, 3)).as("%s", exclusion).containsExactly("1", "page_view", "4");
            assertThat(values(funnel.get("rows").get(1))).as("%s", exclusion)
                    .containsExactly("2", "sign_up", "3", "75", "75", "1", "300", "320");
            JsonNode named = funnel.get("meta").get("exclusions");
            assertThat(named).hasSize(1);
            assertThat(fieldNames(named.get(0))).containsExactly("event", "from_step", "to_step");
            assertThat(cells(named.get(0).get("event"), named.get(0).get("from_step"), named.get(0).get("to_step")))
                    .containsExactly("help_open", "1", "2");
        }

        Http.Answer beyond = http.postJson("/v1/funnels", Map.of("steps", steps, "date_range", day,
                "exclusions", List.of(Map.of("event", "help_open", "to_step", 3))));
        assertThat(beyond.status()).isEqualTo(400);
        assertThat(beyond.contentType()).startsWith("application/problem+json");
        assertThat(beyond.json().get("errors").findValuesAsText("field")).containsExactly("exclusions[0].to_step");
        Http.Answer nameless = http.postJson("/v1/funnels", Map.of("steps", steps, "date_range", day,
                "exclusions", List.of(Map.of("from_step", 1))));
        assertThat(nameless.status()).isEqualTo(400);
        assertThat(nameless.json().get("errors").findValuesAsText("field")).containsExactly("exclusions[0].event");
    }

    @Test
    void a_funnels_csv_keeps_the_step_table_alone_and_its_pdf_adds_the_trend_table() throws Exception {
        Map<String, Object> body = trendFunnel("day", List.of("2026-10-24", "2026-10-26"));
        Http.Answer csv = http.postJson("/v1/funnels?format=csv", body);
        assertThat(csv.status()).isEqualTo(200);
        List<String> lines = List.of(csv.body().split("\r\n", -1));
        // RFC 4180: one header and the same fields on every line, so the trend (JSON and PDF) is not appended
        assertThat(lines).hasSize(4);
        assertThat(lines.getFirst()).isEqualTo("step,event,users,conversion_from_first,conversion_from_previous,drop_off,"
                + "median_seconds_to_convert,mean_seconds_to_convert");
        assertThat(lines.subList(1, 3)).allSatisfy(line -> assertThat(line.split(",", -1)).hasSize(8));
        assertThat(lines.getLast()).isEmpty();

        byte[] pdf = http.rawBytes("/v1/funnels?format=pdf", EventJson.write(body));
        try (PDDocument document = Loader.loadPDF(pdf)) {
            List<String> text = new PDFTextStripper().getText(document).lines().map(String::strip).toList();
            assertThat(text).contains("period entered converted conversion_rate", "2026-10-23T22:00:00Z 0 0",
                    "2026-10-24T22:00:00Z 2 1 50.00", "2026-10-25T23:00:00Z 1 0 0.00");
            assertThat(text).anySatisfy(line -> assertThat(line).startsWith("Trend by day"));
        }
    }

    @Test
    void a_time_to_convert_beyond_the_funnel_is_a_problem_naming_its_field() {
        Http.Answer answer = http.postJson("/v1/funnels", Map.of("steps", List.of(Map.of("event", "page_view"),
                Map.of("event", "conversion")), "time_to_convert", Map.of("to_step", 3, "bins", 0)));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("time_to_convert.to_step", "time_to_convert.bins");
        assertThat(http.postJson("/v1/funnels", Map.of("steps", List.of(Map.of("event", "page_view"),
                Map.of("event", "conversion")), "time_to_convert", true)).json().get("errors").get(0).get("field").asText())
                .isEqualTo("time_to_convert");
    }

    @Test
    void the_seed_custom_report_endpoint_answers_like_the_query_endpoint() {
        JsonNode answer = http.get("/analytics/custom-report?start_date=2026-10-24&end_date=2026-10-26&metrics=events,visitors"
                + "&dimensions=event_type").json();
        Map<String, Long> byType = new TreeMap<>();
        answer.get("rows").forEach(row -> byType.put(row.get(0).asText(), row.get(1).asLong()));
        assertThat(byType).isEqualTo(Map.of("page_view", 4L, "conversion", 1L, "sign_up", 1L, "purchase", 1L));
        assertThat(http.get("/analytics/custom-report?metrics=visits").json().get("errors").get(0).get("field").asText())
                .isEqualTo("metrics");
    }

    @ParameterizedTest
    @ValueSource(strings = {"'; DROP TABLE events; --", "') OR 1=1 --", "\" OR \"\"=\"", "%' OR '1'='1", "\\'; SELECT 1; --",
            "$.\"x\"') --", "' UNION SELECT * FROM definitions --"})
    void injection_attempts_are_bound_as_values_and_change_nothing(String attack) {
        JsonNode answer = http.postJson("/v1/query", Map.of("metrics", List.of("events"),
                "filters", List.of(List.of("is", "prop:path", List.of(attack)), List.of("contains", "event_type", List.of(attack))),
                "date_range", List.of("2026-10-24", "2026-10-26"))).json();
        assertThat(answer.get("totals").get("events").asLong()).isZero();
        assertThat(http.postJson("/v1/query", Map.of("metrics", List.of("events"), "dimensions", List.of("prop:" + attack)))
                .status()).isEqualTo(400);
        assertThat(http.postJson("/v1/query", Map.of("metrics", List.of("events"), "timezone", attack)).status()).isEqualTo(400);
        assertThat(http.postJson("/v1/query", Map.of("metrics", List.of(attack))).status()).isEqualTo(400);
        // any text ingest takes is an event type, so the attack is a funnel step like any other: bound, matching nothing
        JsonNode funnel = http.postJson("/v1/funnels", Map.of("steps", List.of(Map.of("event", attack), Map.of("event", "x")),
                "date_range", List.of("2026-10-24", "2026-10-26"))).json();
        assertThat(funnel.get("rows").get(0).get(1).asText()).isEqualTo(attack);
        assertThat(funnel.get("rows").get(0).get(2).asLong()).isZero();
        JsonNode still = http.postJson("/v1/query", Map.of("metrics", List.of("events"),
                "date_range", List.of("2026-10-24", "2026-10-26"))).json();
        assertThat(still.get("totals").get("events").asLong()).isEqualTo(7);
    }

    @Test
    void bad_requests_are_problem_bodies_naming_fields() {
        Http.Answer answer = http.postJson("/v1/retention", Map.of("start_event", Map.of("event", "sign_up"),
                "period", "fortnight", "periods", 0));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("period", "periods");
        assertThat(http.post("/v1/query", "application/json", "{not json").json().get("errors").get(0).get("field").asText())
                .isEqualTo("body");
        assertThat(http.post("/v1/query", "text/plain", "{}").status()).isEqualTo(415);
        assertThat(http.postJson("/v1/funnels", Map.of("steps", List.of(Map.of("event", "a")))).json()
                .get("errors").get(0).get("field").asText()).isEqualTo("steps");
        assertThat(http.postJson("/v1/paths", Map.of("anchor", Map.of("event", "a"), "steps", 9)).json()
                .get("errors").get(0).get("field").asText()).isEqualTo("steps");
        assertThat(http.postJson("/v1/cohorts", Map.of("name", "Bad Name!", "rules", List.of())).json()
                .get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("name", "rules");
    }
}
