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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /v1/lifecycle} over real HTTP on a hand-worked data set: every expected number below is counted by hand
 * in the comments, not by any engine. The same answer as CSV, as a PDF and through GraphQL; the refusals and the
 * query token, shared with the other route of the same body, are in EventIntervalRoutesTest.
 */
class LifecycleApiTest {

    private static Tally tally;
    private static Http http;

    /*
     * The range of most questions is Monday 2 to Wednesday 4 November 2026; Sunday 1 November is the day before it.
     * New York is on standard time (-05:00) from 1 November 06:00 UTC.
     *   alice: page views on Sun 1 Nov at 10:00 ("/"), 2 Nov at 10:00 ("/pricing"), 3 Nov at 09:00 ("/")
     *   bob:   a page view on 2 Nov at 15:00 ("/")
     *   carol: page views on Thu 29 Oct at 12:00 ("/pricing") and 3 Nov at 12:00 ("/pricing")
     *   dave:  a sign-up on 3 Nov at 11:00, nothing else
     *   erin:  a page view on 5 Nov at 03:00 UTC ("/"): 4 Nov 22:00 in New York
     *   frank: a page view on Sun 1 Nov at 18:00 ("/"), nothing else
     *   gina:  page views on 2 Nov at 03:00 UTC ("/"): 1 Nov 22:00 in New York, and 4 Nov at 20:00 ("/pricing")
     */
    static List<Event> events() {
        return List.of(
                event("a0", "alice", "page_view", "2026-11-01T10:00:00Z", "/"),
                event("a1", "alice", "page_view", "2026-11-02T10:00:00Z", "/pricing"),
                event("a2", "alice", "page_view", "2026-11-03T09:00:00Z", "/"),
                event("b1", "bob", "page_view", "2026-11-02T15:00:00Z", "/"),
                event("c0", "carol", "page_view", "2026-10-29T12:00:00Z", "/pricing"),
                event("c1", "carol", "page_view", "2026-11-03T12:00:00Z", "/pricing"),
                event("d1", "dave", "sign_up", "2026-11-03T11:00:00Z", null),
                event("e1", "erin", "page_view", "2026-11-05T03:00:00Z", "/"),
                event("f0", "frank", "page_view", "2026-11-01T18:00:00Z", "/"),
                event("g1", "gina", "page_view", "2026-11-02T03:00:00Z", "/"),
                event("g2", "gina", "page_view", "2026-11-04T20:00:00Z", "/pricing"));
    }

    private static Event event(String id, String user, String type, String at, String path) {
        Instant time = Instant.parse(at);
        Map<String, PropertyValue> properties = path == null ? Map.of() : Map.of("path", PropertyValue.of(path));
        return new Event(id, "default", user, "s-" + id, type, time, properties, "", "", time);
    }

    private static final List<String> DAYS = List.of("2026-11-02", "2026-11-04");
    private static final Map<String, Object> PAGE_VIEW_DAYS = Map.of("event", "page_view", "date_range", DAYS);
    private static final String COLUMNS = "[\"interval\",\"new\",\"returning\",\"resurrecting\",\"dormant\"]";

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

    /** The rows as text: the interval's start as sent, the counts as plain numbers (2 and 2.0 read alike). */
    private static List<List<String>> rows(JsonNode answer) {
        List<List<String>> rows = new ArrayList<>();
        answer.get("rows").forEach(row -> {
            List<String> cells = new ArrayList<>();
            row.forEach(cell -> cells.add(cell.isNumber() ? cell.decimalValue().stripTrailingZeros().toPlainString() : cell.asText()));
            rows.add(cells);
        });
        return rows;
    }

    private static JsonNode ok(Map<String, Object> body) {
        Http.Answer answer = http.postJson("/v1/lifecycle", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        return answer.json();
    }

    @Test
    void page_viewers_by_stage_on_each_day() {
        JsonNode answer = ok(PAGE_VIEW_DAYS);
        assertThat(answer.get("columns").toString()).isEqualTo(COLUMNS);
        // UTC days with a page view (all history to the end of 4 Nov): alice {1, 2, 3 Nov}, bob {2}, carol {29 Oct, 3 Nov},
        // frank {1}, gina {2, 4}; erin's 5 Nov is after the last day, dave sent no page view.
        assertThat(rows(answer)).containsExactly(
                // 2 Nov: new 2 (bob and gina, first seen); returning 1 (alice, whose 1 Nov is the day before the range);
                // resurrecting 0; dormant 1 (frank, seen 1 Nov only)
                List.of("2026-11-02T00:00:00Z", "2", "1", "0", "1"),
                // 3 Nov: new 0; returning 1 (alice); resurrecting 1 (carol: nothing on 2 Nov, her 29 Oct makes her not
                // new); dormant 2 (bob and gina, seen 2 Nov only)
                List.of("2026-11-03T00:00:00Z", "0", "1", "1", "2"),
                // 4 Nov: new 0; returning 0; resurrecting 1 (gina: back after 3 Nov without her); dormant 2 (alice, carol)
                List.of("2026-11-04T00:00:00Z", "0", "0", "1", "2"));
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
        // as page_viewers_by_stage_on_each_day, and dave's sign-up on 3 Nov: new there, dormant on 4 Nov
        assertThat(rows(answer)).containsExactly(
                List.of("2026-11-02T00:00:00Z", "2", "1", "0", "1"), // unchanged: dave did nothing on 1 or 2 Nov
                List.of("2026-11-03T00:00:00Z", "1", "1", "1", "2"), // new 1: dave
                List.of("2026-11-04T00:00:00Z", "0", "0", "1", "3")); // dormant 3: alice, carol and dave
        assertThat(answer.get("meta").has("event")).as("only when one was asked for").isFalse();
        assertThat(answer.get("meta").get("interval").asText()).isEqualTo("day");
    }

    @Test
    void filters_decide_which_events_count_and_so_who_is_new() {
        JsonNode answer = ok(Map.of("event", "page_view", "filters", List.of(List.of("is", "prop:path", List.of("/pricing"))),
                "date_range", DAYS));
        // "/pricing" views only: alice {2 Nov} (a1), carol {29 Oct, 3 Nov} (c0, c1), gina {4 Nov} (g2)
        assertThat(rows(answer)).containsExactly(
                // 2 Nov: new 1 (alice: her 1 Nov view was of "/", so this is her first matching one); nobody on 1 Nov
                List.of("2026-11-02T00:00:00Z", "1", "0", "0", "0"),
                // 3 Nov: resurrecting 1 (carol, after 29 Oct); dormant 1 (alice)
                List.of("2026-11-03T00:00:00Z", "0", "0", "1", "1"),
                // 4 Nov: new 1 (gina); dormant 1 (carol)
                List.of("2026-11-04T00:00:00Z", "1", "0", "0", "1"));
    }

    @Test
    void the_time_zone_cuts_the_days() {
        JsonNode answer = ok(Map.of("event", "page_view", "date_range", DAYS, "timezone", "America/New_York"));
        // New York days: alice {1, 2, 3 Nov}, bob {2}, carol {29 Oct, 3 Nov}, erin {4 (22:00 local)}, frank {1},
        // gina {1 (22:00 local), 4}
        assertThat(rows(answer)).containsExactly(
                // 2 Nov: new 1 (bob); returning 1 (alice); dormant 2 (frank, and gina, whose first view is now on 1 Nov)
                List.of("2026-11-02T00:00:00-05:00", "1", "1", "0", "2"),
                // 3 Nov: returning 1 (alice); resurrecting 1 (carol); dormant 1 (bob)
                List.of("2026-11-03T00:00:00-05:00", "0", "1", "1", "1"),
                // 4 Nov: new 1 (erin); resurrecting 1 (gina, after 1 Nov); dormant 2 (alice, carol)
                List.of("2026-11-04T00:00:00-05:00", "1", "0", "1", "2"));
        assertThat(answer.get("meta").get("timezone").asText()).isEqualTo("America/New_York");
        assertThat(answer.get("meta").get("date_range").get("from").asText()).isEqualTo("2026-11-02T00:00:00-05:00");
    }

    @Test
    void weeks_start_on_monday_and_count_whole() {
        JsonNode answer = ok(Map.of("event", "page_view", "interval", "week", "date_range", List.of("2026-10-28", "2026-11-04")));
        // Wed 28 Oct to Wed 4 Nov touches the weeks from Mon 26 Oct and Mon 2 Nov, each read whole (so to Sun 8 Nov).
        // Week of 26 Oct: alice (Sun 1 Nov), carol (29 Oct), frank (Sun 1 Nov). Week of 2 Nov: alice, bob, carol,
        // erin (Thu 5 Nov: after the range, inside its last week), gina. Nobody in the week of 19 Oct.
        assertThat(rows(answer)).containsExactly(
                // new 3: alice, carol, frank
                List.of("2026-10-26T00:00:00Z", "3", "0", "0", "0"),
                // new 3: bob, erin, gina; returning 2: alice, carol; dormant 1: frank
                List.of("2026-11-02T00:00:00Z", "3", "2", "0", "1"));
        assertThat(answer.get("meta").get("interval").asText()).isEqualTo("week");
    }

    @Test
    void a_range_starting_mid_day_counts_that_whole_day() {
        JsonNode answer = ok(Map.of("event", "page_view", "date_range", List.of("2026-11-02T13:00:00Z", "2026-11-03T10:00:00Z")));
        // 13:00 on 2 Nov to 10:00 on 3 Nov touches the days 2 and 3 Nov, both read whole: alice's view at 10:00 on 2 Nov
        // and carol's at 12:00 on 3 Nov count, so both rows are those of page_viewers_by_stage_on_each_day
        assertThat(rows(answer)).containsExactly(
                List.of("2026-11-02T00:00:00Z", "2", "1", "0", "1"), // returning 1: alice, by her view at 10:00
                List.of("2026-11-03T00:00:00Z", "0", "1", "1", "2")); // resurrecting 1: carol, by her view at 12:00
        assertThat(Instant.parse(answer.get("meta").get("date_range").get("from").asText()))
                .as("the range as asked").isEqualTo(Instant.parse("2026-11-02T13:00:00Z"));
    }

    @Test
    void nobody_active_gives_every_interval_with_zeros() {
        JsonNode answer = ok(Map.of("event", "never_sent", "date_range", DAYS));
        assertThat(rows(answer)).containsExactly(
                List.of("2026-11-02T00:00:00Z", "0", "0", "0", "0"),
                List.of("2026-11-03T00:00:00Z", "0", "0", "0", "0"),
                List.of("2026-11-04T00:00:00Z", "0", "0", "0", "0"));
    }

    @Test
    void the_same_question_again_comes_from_the_cache_unless_forced() {
        Map<String, Object> body = Map.of("event", "page_view", "date_range", List.of("2026-11-02", "2026-11-03"));
        Http.Answer first = http.postJson("/v1/lifecycle", body);
        assertThat(first.raw().headers().firstValue("X-Cache")).contains("MISS");
        Http.Answer second = http.postJson("/v1/lifecycle", body);
        assertThat(second.raw().headers().firstValue("X-Cache")).contains("HIT");
        assertThat(second.json().get("meta").get("cached").asBoolean()).isTrue();
        Http.Answer forced = http.postJson("/v1/lifecycle?refresh=force", body);
        assertThat(forced.raw().headers().firstValue("X-Cache")).contains("BYPASS");
        assertThat(forced.json().get("meta").get("cached").asBoolean()).isFalse();
        // the first two days of page_viewers_by_stage_on_each_day
        assertThat(rows(second.json())).isEqualTo(rows(forced.json())).containsExactly(
                List.of("2026-11-02T00:00:00Z", "2", "1", "0", "1"),
                List.of("2026-11-03T00:00:00Z", "0", "1", "1", "2"));
        Http.Answer refresh = http.postJson("/v1/lifecycle?refresh=soon", body);
        assertThat(refresh.status()).isEqualTo(400);
        assertThat(refresh.json().get("errors").get(0).get("field").asText()).isEqualTo("refresh");
    }

    @Test
    void csv_holds_the_same_table() {
        Http.Answer csv = http.postJson("/v1/lifecycle?format=csv", PAGE_VIEW_DAYS);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.raw().headers().firstValue("Content-Disposition")).contains("attachment; filename=\"tally-lifecycle.csv\"");
        // as page_viewers_by_stage_on_each_day counted
        assertThat(csv.body()).isEqualTo("""
                interval,new,returning,resurrecting,dormant\r
                2026-11-02T00:00:00Z,2,1,0,1\r
                2026-11-03T00:00:00Z,0,1,1,2\r
                2026-11-04T00:00:00Z,0,0,1,2\r
                """);

        // asked by Accept, in New York days (as the_time_zone_cuts_the_days counted)
        HttpResponse<String> zoned = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tally.port() + "/v1/lifecycle"))
                .header("Content-Type", "application/json").header("Accept", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(EventJson.write(Map.of("event", "page_view", "date_range", DAYS,
                        "timezone", "America/New_York")))));
        assertThat(zoned.statusCode()).isEqualTo(200);
        assertThat(zoned.body()).isEqualTo("""
                interval,new,returning,resurrecting,dormant\r
                2026-11-02T00:00:00-05:00,1,1,0,2\r
                2026-11-03T00:00:00-05:00,0,1,1,1\r
                2026-11-04T00:00:00-05:00,1,0,1,2\r
                """);
        assertThat(http.postJson("/v1/lifecycle?format=xlsx", PAGE_VIEW_DAYS).status()).isEqualTo(406);
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
        byte[] pdf = http.rawBytes("/v1/lifecycle?format=pdf", EventJson.write(PAGE_VIEW_DAYS));
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("Tally lifecycle", "interval", "returning", "resurrecting", "dormant", "UTC", "page 1 of 1");
            assertThat(text).contains("2026-11-02", "2026-11-03", "2026-11-04");
            assertThat(text).contains("of page_view by day from");
        }
    }

    @Test
    void graphql_gives_the_same_numbers() {
        Map<String, Object> input = Map.of("event", "page_view", "date_range", DAYS, "timezone", "America/New_York",
                "filters", List.of(Map.of("op", "is_not", "dimension", "prop:path", "values", List.of("/nowhere"))));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("query", """
                query($q: LifecycleInput!) { lifecycle(query: $q) { columns rows
                  meta { source timezone interval event date_range { from to } } } }""");
        request.put("variables", Map.of("q", input));
        JsonNode graph = http.postJson("/graphql", request).json();
        assertThat(graph.path("errors").isMissingNode()).as(graph.toString()).isTrue();
        JsonNode lifecycle = graph.get("data").get("lifecycle");
        // as the_time_zone_cuts_the_days counted: a filter every page view passes changes nothing
        assertThat(rows(lifecycle)).containsExactly(
                List.of("2026-11-02T00:00:00-05:00", "1", "1", "0", "2"),
                List.of("2026-11-03T00:00:00-05:00", "0", "1", "1", "1"),
                List.of("2026-11-04T00:00:00-05:00", "1", "0", "1", "2"));
        assertThat(lifecycle.get("columns").toString()).isEqualTo(COLUMNS);
        JsonNode meta = lifecycle.get("meta");
        assertThat(meta.get("interval").asText()).isEqualTo("day");
        assertThat(meta.get("event").asText()).isEqualTo("page_view");
        assertThat(meta.get("timezone").asText()).isEqualTo("America/New_York");

        JsonNode rest = ok(Map.of("event", "page_view", "date_range", DAYS, "timezone", "America/New_York",
                "filters", List.of(List.of("is_not", "prop:path", List.of("/nowhere")))));
        assertThat(rows(lifecycle)).isEqualTo(rows(rest));
        assertThat(meta.get("date_range")).isEqualTo(rest.get("meta").get("date_range"));

        JsonNode refused = http.postJson("/graphql", Map.of("query", "{ lifecycle(query: {interval: \"minute\"}) { rows } }")).json();
        assertThat(refused.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("BAD_USER_INPUT");
        assertThat(refused.get("errors").get(0).get("extensions").get("field").asText()).isEqualTo("query.interval");
    }
}
