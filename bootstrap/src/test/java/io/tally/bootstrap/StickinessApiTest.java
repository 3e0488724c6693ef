package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /v1/stickiness} over real HTTP on a hand-worked data set: every expected number below is counted by
 * hand in the comments, not by any engine. The same answer as CSV, as a PDF and through GraphQL; the
 * refusals and the query token, shared with the other route of the same body, are in EventIntervalRoutesTest.
 */
class StickinessApiTest {

    private static Tally tally;
    private static Http http;

    /*
     * Monday 2 to Wednesday 4 November 2026; New York is on standard time (-05:00) since 1 November.
     *   alice: page views on 2 Nov at 10:00 ("/") and 10:05 ("/pricing"), on 4 Nov at 09:00 ("/pricing")
     *   bob:   a page view on 2 Nov at 15:00 ("/")
     *   carol: page views on Thu 29 Oct at 12:00 ("/"), 2 Nov at 08:00 ("/pricing"), 3 Nov at 12:00 ("/"),
     *          4 Nov at 20:00 ("/pricing")
     *   dave:  a sign-up on 3 Nov at 11:00, nothing else
     *   erin:  a page view on 5 Nov at 03:00 UTC ("/"): 4 Nov 22:00 in New York
     *   frank: page views on 3 Nov at 02:00 UTC (2 Nov 21:00 in New York) and 15:00 ("/" both)
     */
    static List<Event> events() {
        return List.of(
                event("a1", "alice", "page_view", "2026-11-02T10:00:00Z", "/"),
                event("a2", "alice", "page_view", "2026-11-02T10:05:00Z", "/pricing"),
                event("a3", "alice", "page_view", "2026-11-04T09:00:00Z", "/pricing"),
                event("b1", "bob", "page_view", "2026-11-02T15:00:00Z", "/"),
                event("c0", "carol", "page_view", "2026-10-29T12:00:00Z", "/"),
                event("c1", "carol", "page_view", "2026-11-02T08:00:00Z", "/pricing"),
                event("c2", "carol", "page_view", "2026-11-03T12:00:00Z", "/"),
                event("c3", "carol", "page_view", "2026-11-04T20:00:00Z", "/pricing"),
                event("d1", "dave", "sign_up", "2026-11-03T11:00:00Z", null),
                event("e1", "erin", "page_view", "2026-11-05T03:00:00Z", "/"),
                event("f1", "frank", "page_view", "2026-11-03T02:00:00Z", "/"),
                event("f2", "frank", "page_view", "2026-11-03T15:00:00Z", "/"));
    }

    private static Event event(String id, String user, String type, String at, String path) {
        Instant time = Instant.parse(at);
        Map<String, PropertyValue> properties = path == null ? Map.of() : Map.of("path", PropertyValue.of(path));
        return new Event(id, "default", user, "s-" + id, type, time, properties, "", "", time);
    }

    private static final List<String> DAYS = List.of("2026-11-02", "2026-11-04");
    private static final Map<String, Object> PAGE_VIEW_DAYS = Map.of("event", "page_view", "date_range", DAYS);

    @BeforeAll
    static void start(@TempDir Path dir) {
        tally = EndToEndTest.start(dir);
        http = new Http(tally.port());
        String ndjson = events().stream().map(EventJson::line).collect(Collectors.joining("\n"));
        assertThat(http.post("/v1/events?wait=true", "application/x-ndjson", ndjson).status()).isEqualTo(202);
    }

    @AfterAll
    static void stop() {
        tally.close();
    }

    /** The rows as text: numbers in their plain form (50, 50.0 and 5E+1 read alike), null as null. */
    private static List<List<String>> rows(JsonNode answer) {
        List<List<String>> rows = new ArrayList<>();
        answer.get("rows").forEach(row -> {
            List<String> cells = new ArrayList<>();
            row.forEach(cell -> cells.add(cell.isNull() ? null : cell.decimalValue().stripTrailingZeros().toPlainString()));
            rows.add(cells);
        });
        return rows;
    }

    private static JsonNode ok(Map<String, Object> body) {
        Http.Answer answer = http.postJson("/v1/stickiness", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        return answer.json();
    }

    @Test
    void users_by_the_days_they_were_active_on() {
        JsonNode answer = ok(PAGE_VIEW_DAYS);
        assertThat(answer.get("columns").toString()).isEqualTo("[\"intervals\",\"users\",\"users_at_least\",\"percent_of_users\"]");
        // UTC days 2, 3, 4 Nov: alice {2, 4}, bob {2}, carol {2, 3, 4} (29 Oct is before the range), frank {3};
        // erin's 5 Nov is after it, dave sent no page view. 4 users: exactly 1 day bob and frank, 2 alice, 3 carol
        assertThat(rows(answer)).containsExactly(
                List.of("1", "2", "4", "50"),
                List.of("2", "1", "2", "25"),
                List.of("3", "1", "1", "25"));
        assertThat(answer.get("users").asLong()).isEqualTo(4);
        JsonNode meta = answer.get("meta");
        assertThat(meta.get("source").asText()).isEqualTo("raw");
        assertThat(meta.get("timezone").asText()).isEqualTo("UTC");
        assertThat(meta.get("interval").asText()).isEqualTo("day");
        assertThat(meta.get("event").asText()).isEqualTo("page_view");
        assertThat(Instant.parse(meta.get("date_range").get("from").asText())).isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
        assertThat(Instant.parse(meta.get("date_range").get("to").asText())).isEqualTo(Instant.parse("2026-11-05T00:00:00Z"));
        assertThat(meta.get("cached").asBoolean()).isFalse();
    }

    @Test
    void without_an_event_type_any_event_makes_a_user_active() {
        JsonNode answer = ok(Map.of("date_range", DAYS));
        // dave's sign-up on 3 Nov joins: exactly 1 day bob, frank and dave; 2 alice; 3 carol; 5 users
        assertThat(rows(answer)).containsExactly(
                List.of("1", "3", "5", "60"),
                List.of("2", "1", "2", "20"),
                List.of("3", "1", "1", "20"));
        assertThat(answer.get("users").asLong()).isEqualTo(5);
        assertThat(answer.get("meta").has("event")).as("only when one was asked for").isFalse();
        assertThat(answer.get("meta").get("interval").asText()).isEqualTo("day");
    }

    @Test
    void filters_leave_out_the_events_they_do_not_match() {
        JsonNode answer = ok(Map.of("event", "page_view", "filters", List.of(List.of("is", "prop:path", List.of("/pricing"))),
                "date_range", DAYS));
        // "/pricing" views: alice on 2 and 4 Nov (a2, a3), carol on 2 and 4 Nov (c1, c3); bob, erin and frank never
        assertThat(rows(answer)).containsExactly(
                List.of("1", "0", "2", "0"),
                List.of("2", "2", "2", "100"),
                List.of("3", "0", "0", "0"));
        assertThat(answer.get("users").asLong()).isEqualTo(2);
    }

    @Test
    void the_time_zone_cuts_the_days() {
        JsonNode answer = ok(Map.of("event", "page_view", "date_range", DAYS, "timezone", "America/New_York"));
        // 2 Nov 05:00Z to 5 Nov 05:00Z, in local days: alice {2, 4}, bob {2}, carol {2 (03:00 local), 3, 4},
        // erin {4 (22:00 local)}, frank {2 (21:00 local), 3}: exactly 1 day bob and erin, 2 alice and frank, 3 carol
        assertThat(rows(answer)).containsExactly(
                List.of("1", "2", "5", "40"),
                List.of("2", "2", "3", "40"),
                List.of("3", "1", "1", "20"));
        assertThat(answer.get("users").asLong()).isEqualTo(5);
        assertThat(answer.get("meta").get("timezone").asText()).isEqualTo("America/New_York");
        assertThat(answer.get("meta").get("date_range").get("from").asText()).startsWith("2026-11-02T00:00").endsWith("-05:00");
    }

    @Test
    void weeks_start_on_monday_and_a_partial_week_counts() {
        JsonNode answer = ok(Map.of("event", "page_view", "interval", "week", "date_range", List.of("2026-10-28", "2026-11-04")));
        // Wed 28 Oct to Wed 4 Nov touches two weeks: from Mon 26 Oct (carol's 29 Oct) and from Mon 2 Nov (alice, bob,
        // carol, frank). Exactly 1 week alice, bob and frank; 2 weeks carol
        assertThat(rows(answer)).containsExactly(
                List.of("1", "3", "4", "75"),
                List.of("2", "1", "1", "25"));
        assertThat(answer.get("meta").get("interval").asText()).isEqualTo("week");
    }

    @Test
    void nobody_active_gives_every_row_with_no_percentage() {
        JsonNode answer = ok(Map.of("event", "never_sent", "date_range", DAYS));
        assertThat(rows(answer)).containsExactly(
                Arrays.asList("1", "0", "0", null),
                Arrays.asList("2", "0", "0", null),
                Arrays.asList("3", "0", "0", null));
        assertThat(answer.get("users").asLong()).isZero();
    }

    @Test
    void the_same_question_again_comes_from_the_cache_unless_forced() {
        Map<String, Object> body = Map.of("event", "page_view", "date_range", List.of("2026-11-02", "2026-11-03"));
        Http.Answer first = http.postJson("/v1/stickiness", body);
        assertThat(first.raw().headers().firstValue("X-Cache")).contains("MISS");
        Http.Answer second = http.postJson("/v1/stickiness", body);
        assertThat(second.raw().headers().firstValue("X-Cache")).contains("HIT");
        assertThat(second.json().get("meta").get("cached").asBoolean()).isTrue();
        Http.Answer forced = http.postJson("/v1/stickiness?refresh=force", body);
        assertThat(forced.raw().headers().firstValue("X-Cache")).contains("BYPASS");
        assertThat(forced.json().get("meta").get("cached").asBoolean()).isFalse();
        // 2 and 3 Nov: alice {2}, bob {2}, carol {2, 3}, frank {3}
        assertThat(rows(second.json())).isEqualTo(rows(forced.json())).containsExactly(
                List.of("1", "3", "4", "75"),
                List.of("2", "1", "1", "25"));
        Http.Answer refresh = http.postJson("/v1/stickiness?refresh=soon", body);
        assertThat(refresh.status()).isEqualTo(400);
        assertThat(refresh.json().get("errors").get(0).get("field").asText()).isEqualTo("refresh");
    }

    @Test
    void csv_holds_the_same_table() {
        Http.Answer csv = http.postJson("/v1/stickiness?format=csv", PAGE_VIEW_DAYS);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.raw().headers().firstValue("Content-Disposition")).contains("attachment; filename=\"tally-stickiness.csv\"");
        List<String> lines = List.of(csv.body().split("\r\n", -1));
        assertThat(lines.getFirst()).isEqualTo("intervals,users,users_at_least,percent_of_users");
        assertThat(lines.getLast()).as("every line ends with CRLF").isEmpty();
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size() - 1)) {
            rows.add(Arrays.stream(line.split(",", -1)).map(cell -> new BigDecimal(cell).stripTrailingZeros().toPlainString()).toList());
        }
        assertThat(rows).containsExactly(List.of("1", "2", "4", "50"), List.of("2", "1", "2", "25"), List.of("3", "1", "1", "25"));

        // asked by Accept, with nobody active: the percentage is an empty field
        HttpResponse<String> empty = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tally.port() + "/v1/stickiness"))
                .header("Content-Type", "application/json").header("Accept", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(EventJson.write(Map.of("event", "never_sent", "date_range", DAYS)))));
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).isEqualTo("intervals,users,users_at_least,percent_of_users\r\n1,0,0,\r\n2,0,0,\r\n3,0,0,\r\n");
        assertThat(http.postJson("/v1/stickiness?format=xlsx", PAGE_VIEW_DAYS).status()).isEqualTo(406);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void a_pdf_report_holds_the_title_the_question_in_words_and_every_row() throws Exception {
        byte[] pdf = http.rawBytes("/v1/stickiness?format=pdf", EventJson.write(PAGE_VIEW_DAYS));
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("Tally stickiness", "intervals", "users_at_least", "percent_of_users", "UTC", "page 1 of 1");
            assertThat(text).contains("50.00", "25.00");
            assertThat(text).contains("of page_view by day from");
        }
    }

    @Test
    void graphql_gives_the_same_numbers() {
        Map<String, Object> input = Map.of("event", "page_view", "date_range", DAYS, "timezone", "America/New_York",
                "filters", List.of(Map.of("op", "is_not", "dimension", "prop:path", "values", List.of("/nowhere"))));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("query", """
                query($q: StickinessInput!) { stickiness(query: $q) { columns rows users
                  meta { source timezone interval event date_range { from to } } } }""");
        request.put("variables", Map.of("q", input));
        JsonNode graph = http.postJson("/graphql", request).json();
        assertThat(graph.path("errors").isMissingNode()).as(graph.toString()).isTrue();
        JsonNode stickiness = graph.get("data").get("stickiness");
        // as the_time_zone_cuts_the_days counted: a filter every page view passes changes nothing
        assertThat(rows(stickiness)).containsExactly(
                List.of("1", "2", "5", "40"),
                List.of("2", "2", "3", "40"),
                List.of("3", "1", "1", "20"));
        assertThat(stickiness.get("users").asLong()).isEqualTo(5);
        assertThat(stickiness.get("columns").toString()).isEqualTo("[\"intervals\",\"users\",\"users_at_least\",\"percent_of_users\"]");
        JsonNode meta = stickiness.get("meta");
        assertThat(meta.get("interval").asText()).isEqualTo("day");
        assertThat(meta.get("event").asText()).isEqualTo("page_view");
        assertThat(meta.get("timezone").asText()).isEqualTo("America/New_York");

        JsonNode rest = ok(Map.of("event", "page_view", "date_range", DAYS, "timezone", "America/New_York",
                "filters", List.of(List.of("is_not", "prop:path", List.of("/nowhere")))));
        assertThat(rows(stickiness)).isEqualTo(rows(rest));
        assertThat(meta.get("date_range")).isEqualTo(rest.get("meta").get("date_range"));

        JsonNode refused = http.postJson("/graphql", Map.of("query", "{ stickiness(query: {interval: \"minute\"}) { rows } }")).json();
        assertThat(refused.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("BAD_USER_INPUT");
        assertThat(refused.get("errors").get(0).get("extensions").get("field").asText()).isEqualTo("query.interval");
    }
}
