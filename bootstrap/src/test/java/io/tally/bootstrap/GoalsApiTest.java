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
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Goals over real HTTP on the embedded DuckDB store and a hand-made set of events: saved, listed, read, replaced and
 * deleted under {@code /v1/goals}, refused by field; counted by {@code POST /v1/conversions} (as JSON, CSV, a PDF,
 * through GraphQL and as a dashboard widget) and by a trend series naming one. Every expected number is counted by hand
 * in the comments below, not by any engine.
 */
class GoalsApiTest {

    private static Tally tally;
    private static Http http;

    /*
     * 10 to 12 September 2026, UTC. Countries are the events' own (no IP to look up).
     *   ann (DE): page views /blog 10 Sep 08:00, /blog/a 10 Sep 09:00, /blog/b 11 Sep 09:00; a sign-up on the team
     *             plan 10 Sep 10:00; a purchase of 19.99 on 11 Sep 12:00
     *   ben (DE): a page view /blog/a/b 10 Sep 11:00; a sign-up on the free plan 10 Sep 12:00; purchases of 5.01 and
     *             15 on 12 Sep 09:00 and 10:00
     *   cat (FR): page views /blog/c 12 Sep 08:00 and /a+b(1).html 12 Sep 09:00; a sign-up on the team plan 12 Sep 10:00
     *   dan (FR): page views /pricing 11 Sep 08:00 and /aab1.html 11 Sep 09:00 (what /a+b(1).html would match were it
     *             read as a regular expression)
     *   eve (IT): a page view /blog/x 9 Sep 23:00 (before the range); a page view /home 11 Sep 10:00
     *   fay (IT): a page view /blog/z 13 Sep 00:30 (after the range): not a visitor of the range
     * The range's visitors: ann, ben, cat, dan, eve: 5.
     */
    static List<Event> events() {
        return List.of(
                page("a1", "ann", "/blog", "2026-09-10T08:00:00Z", "DE"),
                page("a2", "ann", "/blog/a", "2026-09-10T09:00:00Z", "DE"),
                page("a3", "ann", "/blog/b", "2026-09-11T09:00:00Z", "DE"),
                event("a4", "ann", "sign_up", "2026-09-10T10:00:00Z", "DE", Map.of("plan", PropertyValue.of("team"))),
                event("a5", "ann", "purchase", "2026-09-11T12:00:00Z", "DE", revenue("19.99")),
                page("b1", "ben", "/blog/a/b", "2026-09-10T11:00:00Z", "DE"),
                event("b2", "ben", "sign_up", "2026-09-10T12:00:00Z", "DE", Map.of("plan", PropertyValue.of("free"))),
                event("b3", "ben", "purchase", "2026-09-12T09:00:00Z", "DE", revenue("5.01")),
                event("b4", "ben", "purchase", "2026-09-12T10:00:00Z", "DE", revenue("15")),
                page("c1", "cat", "/blog/c", "2026-09-12T08:00:00Z", "FR"),
                page("c2", "cat", "/a+b(1).html", "2026-09-12T09:00:00Z", "FR"),
                event("c3", "cat", "sign_up", "2026-09-12T10:00:00Z", "FR", Map.of("plan", PropertyValue.of("team"))),
                page("d1", "dan", "/pricing", "2026-09-11T08:00:00Z", "FR"),
                page("d2", "dan", "/aab1.html", "2026-09-11T09:00:00Z", "FR"),
                page("e1", "eve", "/blog/x", "2026-09-09T23:00:00Z", "IT"),
                page("e2", "eve", "/home", "2026-09-11T10:00:00Z", "IT"),
                page("f1", "fay", "/blog/z", "2026-09-13T00:30:00Z", "IT"));
    }

    private static Map<String, PropertyValue> revenue(String amount) {
        return Map.of("revenue", PropertyValue.of(new BigDecimal(amount)));
    }

    private static Event page(String id, String user, String path, String at, String country) {
        return event(id, user, "page_view", at, country, Map.of("path", PropertyValue.of(path)));
    }

    private static Event event(String id, String user, String type, String at, String country, Map<String, PropertyValue> more) {
        Instant time = Instant.parse(at);
        Map<String, PropertyValue> properties = new HashMap<>(more);
        properties.put("country", PropertyValue.of(country));
        return new Event(id, "default", user, "s-" + user, type, time, properties, "", "", time);
    }

    private static final List<String> DAYS = List.of("2026-09-10", "2026-09-12");
    private static final List<List<Object>> TEAM = List.of(List.of("is", "prop:plan", List.of("team")));

    /** The goals every test counts; tests that save more delete them again. */
    private static final List<Map<String, Object>> GOALS = List.of(
            Map.of("name", "blog_posts", "description", "a post: one segment under /blog", "page", "/blog/*"),
            Map.of("name", "blog_deep", "page", "/blog/**"),
            Map.of("name", "team_sign_up", "event", "sign_up", "filters", TEAM),
            Map.of("name", "purchase", "event", "purchase"),
            Map.of("name", "newsletter", "event", "newsletter_subscribe"),
            Map.of("name", "odd_page", "page", "/a+b(1).html"));

    @BeforeAll
    static void start(@TempDir Path dir) {
        tally = EndToEndTest.start(dir);
        http = new Http(tally.port());
        String ndjson = events().stream().map(EventJson::line).collect(Collectors.joining("\n"));
        Http.Answer stored = http.post("/v1/events?wait=true", "application/x-ndjson", ndjson);
        assertThat(stored.status()).as(stored.body()).isEqualTo(202);
        assertThat(stored.json().get("accepted").asInt()).isEqualTo(17);
        for (Map<String, Object> goal : GOALS) {
            Http.Answer saved = http.postJson("/v1/goals", goal);
            assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() {
        tally.close();
    }

    private static JsonNode conversions(Map<String, Object> body) {
        Http.Answer answer = http.postJson("/v1/conversions", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        return answer.json();
    }

    /** One expected row: the goal, its visitors, events, conversion rate (null: none) and revenue. */
    private record Row(String goal, long visitors, long events, Double rate, String revenue) {
    }

    private static void rows(JsonNode answer, Row... expected) {
        JsonNode rows = answer.get("rows");
        assertThat(rows).as(answer.toString()).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            JsonNode row = rows.get(i);
            Row want = expected[i];
            assertThat(row.get(0).asText()).as("row " + i).isEqualTo(want.goal());
            assertThat(row.get(1).asLong()).as(want.goal() + " visitors").isEqualTo(want.visitors());
            assertThat(row.get(2).asLong()).as(want.goal() + " events").isEqualTo(want.events());
            if (want.rate() == null) {
                assertThat(row.get(3).isNull()).as(want.goal() + " rate: " + row.get(3)).isTrue();
            } else {
                assertThat(row.get(3).doubleValue()).as(want.goal() + " rate").isCloseTo(want.rate(), within(1e-9));
            }
            assertThat(row.get(4).decimalValue()).as(want.goal() + " revenue").isEqualByComparingTo(want.revenue());
        }
    }

    /*
     * Over the range, the 5 visitors:
     *   blog_deep (/blog/**): ann's /blog/a and /blog/b (not /blog: the pattern wants what follows /blog/), ben's
     *     /blog/a/b, cat's /blog/c: 3 visitors, 4 events, 3 / 5 = 60 %
     *   blog_posts (/blog/*): ann's /blog/a and /blog/b, cat's /blog/c (not /blog, not ben's /blog/a/b; eve's /blog/x
     *     and fay's /blog/z fall outside the range): 2 visitors, 3 events, 40 %
     *   purchase: ann (19.99), ben twice (5.01 + 15): 2 visitors, 3 events, 40 %, revenue 40
     *   team_sign_up (sign_up with plan team): ann and cat (ben's is the free plan): 2, 2, 40 %
     *   odd_page (/a+b(1).html, taken literally): cat only (not dan's /aab1.html): 1, 1, 20 %
     *   newsletter: nobody: 0, 0, 0 %
     * Most visitors first, ties by name.
     */
    private static final Row[] ALL = {
            new Row("blog_deep", 3, 4, 60.0, "0"),
            new Row("blog_posts", 2, 3, 40.0, "0"),
            new Row("purchase", 2, 3, 40.0, "40"),
            new Row("team_sign_up", 2, 2, 40.0, "0"),
            new Row("odd_page", 1, 1, 20.0, "0"),
            new Row("newsletter", 0, 0, 0.0, "0")};

    @Test
    void every_saved_goal_is_counted_over_the_ranges_visitors() {
        JsonNode answer = conversions(Map.of("date_range", DAYS));
        assertThat(answer.get("columns")).hasSize(5);
        List<String> columns = new ArrayList<>();
        answer.get("columns").forEach(c -> columns.add(c.asText()));
        assertThat(columns).containsExactly("goal", "visitors", "events", "conversion_rate", "revenue");
        assertThat(answer.get("visitors").asLong()).as("ann, ben, cat, dan and eve").isEqualTo(5);
        rows(answer, ALL);
        JsonNode meta = answer.get("meta");
        assertThat(meta.get("source").asText()).isNotBlank();
        assertThat(meta.get("timezone").asText()).isEqualTo("UTC");
        assertThat(meta.get("date_range").get("from").asText()).isEqualTo("2026-09-10T00:00:00Z");
        assertThat(meta.get("date_range").get("to").asText()).isEqualTo("2026-09-13T00:00:00Z");
        assertThat(meta.get("cached").isBoolean()).isTrue();
    }

    @Test
    void revenue_is_the_sum_of_the_goals_events_written_plainly() {
        Http.Answer answer = http.postJson("/v1/conversions", Map.of("goals", List.of("purchase"), "date_range", DAYS));
        // 19.99 + 5.01 + 15 = 40: written as a plain number, never as 4E+1
        assertThat(answer.body()).contains("[\"purchase\",2,3,40.0,40]");
        rows(answer.json(), new Row("purchase", 2, 3, 40.0, "40"));
    }

    @Test
    void a_filter_of_the_request_narrows_the_goals_and_the_visitors_alike() {
        JsonNode answer = conversions(Map.of("filters", List.of(List.of("is", "country", List.of("DE"))), "date_range", DAYS));
        // DE: ann and ben, 2 visitors. blog_deep: both (ann twice, ben once), 100 %; purchase: both, 3 events, 40;
        // blog_posts: ann (2 events), 50 %; team_sign_up: ann, 50 %; newsletter and odd_page: nobody (cat is FR)
        assertThat(answer.get("visitors").asLong()).isEqualTo(2);
        rows(answer, new Row("blog_deep", 2, 3, 100.0, "0"), new Row("purchase", 2, 3, 100.0, "40"),
                new Row("blog_posts", 1, 2, 50.0, "0"), new Row("team_sign_up", 1, 1, 50.0, "0"),
                new Row("newsletter", 0, 0, 0.0, "0"), new Row("odd_page", 0, 0, 0.0, "0"));

        // FR: cat and dan. odd_page: cat (dan's /aab1.html is no match), 50 %
        JsonNode french = conversions(Map.of("goals", List.of("odd_page", "blog_deep"),
                "filters", List.of(List.of("is", "country", List.of("FR"))), "date_range", DAYS));
        assertThat(french.get("visitors").asLong()).isEqualTo(2);
        rows(french, new Row("blog_deep", 1, 1, 50.0, "0"), new Row("odd_page", 1, 1, 50.0, "0"));
    }

    @Test
    void a_report_filtered_by_goals_counts_their_events_and_the_whole_visits_holding_them() {
        Http.Answer answer = http.postJson("/v1/query", Map.of("metrics", List.of("visitors", "events", "avg_session_duration"),
                "dimensions", List.of("country"), "filters", List.of(List.of("is", "goal", List.of("blog_posts", "purchase"))),
                "date_range", DAYS));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        Map<String, List<String>> byCountry = new HashMap<>();
        answer.json().get("rows").forEach(row -> byCountry.put(row.get(0).asText(),
                List.of(row.get(1).asText(), row.get(2).asText(), row.get(3).asText())));
        // blog_posts (one segment under /blog) and purchases in the range: ann /blog/a, /blog/b and a purchase, ben two
        // purchases (his /blog/a/b is two segments deep), cat /blog/c. Their visits whole: ann 10 Sep 08:00 to 11 Sep 12:00
        // (100,800 s), ben 10 Sep 11:00 to 12 Sep 10:00 (169,200 s), cat 12 Sep 08:00 to 10:00 (7,200 s)
        assertThat(byCountry).containsOnly(Map.entry("DE", List.of("2", "5", "135000.0")), Map.entry("FR", List.of("1", "1", "7200.0")));
        assertThat(refusedFields("/v1/query", Map.of("metrics", List.of("events"),
                "filters", List.of(List.of("is", "goal", List.of("purchase", "nobody_saved_this")))), "Invalid report query"))
                .containsExactly("filters[0][2][1]");
    }

    @Test
    void a_report_by_goal_has_a_row_per_goal_an_event_completes_and_totals_counting_each_event_once() {
        Http.Answer answer = http.postJson("/v1/query", Map.of("metrics", List.of("visitors", "events", "revenue"),
                "dimensions", List.of("goal", "country"), "date_range", DAYS));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        Map<String, List<String>> byGoalAndCountry = new HashMap<>();
        answer.json().get("rows").forEach(row -> byGoalAndCountry.put(row.get(0).asText() + "/" + row.get(1).asText(),
                List.of(row.get(2).asText(), row.get(3).asText(), row.get(4).asText())));
        // blog_deep: ann's /blog/a and /blog/b and ben's /blog/a/b (DE), cat's /blog/c (FR); blog_posts: ann's two (DE),
        // cat's (FR): the same page views count under both goals. purchase: ann 19.99, ben 5.01 + 15 (DE).
        // team_sign_up: ann (DE), cat (FR). odd_page: cat (FR). newsletter: nobody, so no row.
        assertThat(byGoalAndCountry).containsOnly(
                Map.entry("blog_deep/DE", List.of("2", "3", "0")), Map.entry("blog_deep/FR", List.of("1", "1", "0")),
                Map.entry("blog_posts/DE", List.of("1", "2", "0")), Map.entry("blog_posts/FR", List.of("1", "1", "0")),
                Map.entry("purchase/DE", List.of("2", "3", "40")),
                Map.entry("team_sign_up/DE", List.of("1", "1", "0")), Map.entry("team_sign_up/FR", List.of("1", "1", "0")),
                Map.entry("odd_page/FR", List.of("1", "1", "0")));
        // the events of some goal, each once: ann's /blog/a, /blog/b, sign-up and purchase, ben's /blog/a/b and two
        // purchases, cat's /blog/c, /a+b(1).html and sign-up: 10 events of 3 visitors (not the 13 of the rows' sum)
        JsonNode totals = answer.json().get("totals");
        assertThat(totals.get("events").asLong()).isEqualTo(10);
        assertThat(totals.get("visitors").asLong()).isEqualTo(3);
        assertThat(totals.get("revenue").decimalValue()).isEqualByComparingTo("40");
        // a goal filter narrows the goals' events alike: the page goals' events that are also sign-ups or purchases
        // (none), so only the purchase row is left
        Http.Answer purchases = http.postJson("/v1/query", Map.of("metrics", List.of("events"), "dimensions", List.of("goal"),
                "filters", List.of(List.of("is", "goal", List.of("purchase"))), "date_range", DAYS));
        assertThat(purchases.status()).as(purchases.body()).isEqualTo(200);
        assertThat(purchases.json().get("rows")).hasSize(1);
        assertThat(purchases.json().get("rows").get(0).get(0).asText()).isEqualTo("purchase");
        assertThat(purchases.json().get("rows").get(0).get(1).asLong()).isEqualTo(3);
    }

    @Test
    void a_trend_breaks_down_by_goal() {
        Http.Answer answer = http.postJson("/v1/trends", Map.of("series", List.of(Map.of("event", "page_view", "metric", "visitors")),
                "breakdown", "goal", "date_range", DAYS));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        Map<String, JsonNode> byGoal = new HashMap<>();
        answer.json().get("lines").forEach(line -> byGoal.put(line.get("breakdown_value").asText(), line));
        // page views by the page goals they complete: blog_deep 10 Sep ann and ben, 11 Sep ann, 12 Sep cat (3 over the
        // range); blog_posts 10 Sep ann, 11 Sep ann, 12 Sep cat (2); odd_page 12 Sep cat (1). The event goals hold no page view.
        assertThat(byGoal.keySet()).containsExactlyInAnyOrder("blog_deep", "blog_posts", "odd_page");
        numbers(byGoal.get("blog_deep"), 3, 2, 1, 1);
        numbers(byGoal.get("blog_posts"), 2, 1, 1, 1);
        numbers(byGoal.get("odd_page"), 1, 0, 0, 1);
    }

    @Test
    void insights_that_read_one_events_value_refuse_the_goal_dimension() {
        assertThat(refusedFields("/v1/funnels", Map.of("steps", List.of(Map.of("event", "page_view"), Map.of("event", "sign_up")),
                "breakdown", "goal"), "Invalid funnel query")).containsExactly("breakdown");
        assertThat(refusedFields("/v1/paths", Map.of("anchor", Map.of("event", "page_view"), "node", "goal"), "Invalid paths query")).containsExactly("node");
    }

    @Test
    void goals_names_the_ones_answered() {
        JsonNode answer = conversions(Map.of("goals", List.of("newsletter", "team_sign_up"), "date_range", DAYS));
        assertThat(answer.get("visitors").asLong()).as("the denominator is never narrowed by the goals").isEqualTo(5);
        rows(answer, new Row("team_sign_up", 2, 2, 40.0, "0"), new Row("newsletter", 0, 0, 0.0, "0"));
    }

    @Test
    void a_range_without_visitors_has_no_rate() {
        // 1 to 3 September: no events at all
        JsonNode answer = conversions(Map.of("goals", List.of("purchase"), "date_range", List.of("2026-09-01", "2026-09-03")));
        assertThat(answer.get("visitors").asLong()).isZero();
        rows(answer, new Row("purchase", 0, 0, null, "0"));
    }

    @Test
    void the_range_is_cut_in_the_requests_time_zone() {
        // in Tokyo (+09:00), 10 to 12 September is 9 Sep 15:00Z to 12 Sep 15:00Z: eve's /blog/x (9 Sep 23:00Z) falls
        // inside, cat's 12 Sep events at 08:00Z to 10:00Z too; fay's 13 Sep 00:30Z does not. blog_posts: ann's two,
        // cat's and eve's: 3 visitors, 4 events, of 5 (the same five: eve was a visitor anyway)
        JsonNode answer = conversions(Map.of("goals", List.of("blog_posts"), "date_range", DAYS, "timezone", "Asia/Tokyo"));
        assertThat(answer.get("visitors").asLong()).isEqualTo(5);
        rows(answer, new Row("blog_posts", 3, 4, 60.0, "0"));
        assertThat(answer.get("meta").get("date_range").get("from").asText()).isEqualTo("2026-09-10T00:00:00+09:00");
    }

    private static List<String> refusedFields(String path, Object body, String title) {
        Http.Answer answer = http.postJson(path, body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("title").asText()).isEqualTo(title);
        return answer.json().get("errors").findValuesAsText("field");
    }

    @Test
    void bad_conversions_requests_are_problems_naming_the_field() {
        String title = "Invalid conversions query";
        assertThat(refusedFields("/v1/conversions", Map.of("goals", List.of("nobody_saved_this")), title))
                .containsExactly("goals[0]");
        assertThat(refusedFields("/v1/conversions", Map.of("goals", List.of("purchase", "missing")), title))
                .containsExactly("goals[1]");
        assertThat(refusedFields("/v1/conversions", Map.of("goals", List.of()), title)).containsExactly("goals");
        assertThat(refusedFields("/v1/conversions", Map.of("goals", List.of("purchase", "purchase")), title))
                .containsExactly("goals[1]");
        assertThat(refusedFields("/v1/conversions", Map.of("goal", List.of("purchase")), title)).containsExactly("goal");
        assertThat(refusedFields("/v1/conversions", Map.of("filters", List.of(List.of("is", "nonsense", List.of("x")))), title))
                .containsExactly("filters[0][1]");
        assertThat(refusedFields("/v1/conversions", Map.of("timezone", "Mars/Olympus"), title)).containsExactly("timezone");
        assertThat(http.post("/v1/conversions", "application/json", "{not json").status()).isEqualTo(400);
        assertThat(http.get("/v1/conversions").status()).isEqualTo(405);
    }

    @Test
    void goals_are_created_listed_read_replaced_and_deleted() {
        try {
            Http.Answer created = http.postJson("/v1/goals", Map.of("name", "pricing_seen", "description", "saw prices",
                    "page", "/pricing"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.raw().headers().firstValue("Location")).contains("/v1/goals/pricing_seen");
            JsonNode goal = created.json();
            assertThat(goal.get("name").asText()).isEqualTo("pricing_seen");
            assertThat(goal.get("description").asText()).isEqualTo("saw prices");
            assertThat(goal.get("page").asText()).isEqualTo("/pricing");
            assertThat(goal.has("event")).isFalse();
            assertThat(goal.get("filters")).isEmpty();
            assertThat(http.postJson("/v1/goals", Map.of("name", "pricing_seen", "event", "x")).status()).as("the name is taken")
                    .isEqualTo(409);

            List<String> names = http.get("/v1/goals").json().get("goals").findValuesAsText("name");
            assertThat(names).contains("pricing_seen", "blog_posts", "blog_deep", "team_sign_up", "purchase", "newsletter",
                    "odd_page");
            JsonNode team = http.get("/v1/goals/team_sign_up").json();
            assertThat(team.get("event").asText()).isEqualTo("sign_up");
            assertThat(team.has("page")).isFalse();
            assertThat(team.get("filters").toString()).isEqualTo("[[\"is\",\"prop:plan\",[\"team\"]]]");
            assertThat(http.get("/v1/goals/blog_posts").json().get("description").asText()).isEqualTo("a post: one segment under /blog");

            // dan viewed /pricing: 1 of 5 visitors, 20 %
            rows(conversions(Map.of("goals", List.of("pricing_seen"), "date_range", DAYS)), new Row("pricing_seen", 1, 1, 20.0, "0"));

            // replaced by a custom-event goal (the name in the path): now ann, ben and cat's sign-ups, 60 %; the
            // answer is not the cached one of the old definition
            Http.Answer replaced = http.put("/v1/goals/pricing_seen", Map.of("event", "sign_up"));
            assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
            assertThat(replaced.json().get("event").asText()).isEqualTo("sign_up");
            assertThat(replaced.json().has("page")).isFalse();
            assertThat(http.get("/v1/goals/pricing_seen").json().get("event").asText()).isEqualTo("sign_up");
            rows(conversions(Map.of("goals", List.of("pricing_seen"), "date_range", DAYS)), new Row("pricing_seen", 3, 3, 60.0, "0"));
            assertThat(http.put("/v1/goals/pricing_seen", Map.of("name", "other", "event", "x")).status())
                    .as("the body's name contradicts the path").isEqualTo(400);
            Http.Answer put = http.put("/v1/goals/put_made", Map.of("page", "/home"));
            assertThat(put.status()).as("a PUT to a new name creates").isEqualTo(201);

            assertThat(http.delete("/v1/goals/pricing_seen").status()).isEqualTo(204);
            assertThat(http.delete("/v1/goals/pricing_seen").status()).isEqualTo(404);
            Http.Answer missing = http.get("/v1/goals/pricing_seen");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.contentType()).startsWith("application/problem+json");
            assertThat(missing.json().get("detail").asText()).isEqualTo("no goal is named pricing_seen");
            assertThat(http.get("/v1/goals").json().get("goals").findValuesAsText("name")).doesNotContain("pricing_seen");
            assertThat(refusedFields("/v1/conversions", Map.of("goals", List.of("pricing_seen")), "Invalid conversions query"))
                    .as("a deleted goal is unknown").containsExactly("goals[0]");
        } finally {
            http.delete("/v1/goals/pricing_seen");
            http.delete("/v1/goals/put_made");
        }
    }

    @Test
    void bad_goals_are_problems_naming_the_field() {
        String title = "Invalid goal";
        assertThat(refusedFields("/v1/goals", Map.of("name", "Blog-Posts", "page", "/blog"), title)).containsExactly("name");
        assertThat(refusedFields("/v1/goals", Map.of("page", "/blog"), title)).containsExactly("name");
        assertThat(refusedFields("/v1/goals", Map.of("name", "both", "event", "sign_up", "page", "/blog"), title))
                .containsExactly("page");
        assertThat(refusedFields("/v1/goals", Map.of("name", "neither"), title)).containsExactly("event");
        assertThat(refusedFields("/v1/goals", Map.of("name", "neither", "description", "no target"), title))
                .containsExactly("event");
        assertThat(refusedFields("/v1/goals", Map.of("name", "long_page", "page", "/" + "a".repeat(100)), title))
                .as("101 characters").containsExactly("page");
        assertThat(http.postJson("/v1/goals", Map.of("name", "long_page", "page", "/" + "a".repeat(99))).status())
                .as("100 characters are fine").isEqualTo(201);
        http.delete("/v1/goals/long_page");
        assertThat(refusedFields("/v1/goals", Map.of("name", "stars", "page", "/blog/***"), title)).containsExactly("page");
        assertThat(refusedFields("/v1/goals", Map.of("name", "bad_filter", "event", "sign_up",
                "filters", List.of(List.of("is"))), title)).containsExactly("filters[0]");
        assertThat(refusedFields("/v1/goals", Map.of("name", "bad_filter", "event", "sign_up",
                "filters", List.of(List.of("is", "nonsense", List.of("x")))), title)).containsExactly("filters[0][1]");
        assertThat(refusedFields("/v1/goals", Map.of("name", "bad_filter", "event", "sign_up",
                "filters", List.of(List.of("in_cohort", "user", List.of("buyers")))), title)).containsExactly("filters[0][0]");
        assertThat(refusedFields("/v1/goals", Map.of("name", "extra", "event", "sign_up", "metric", "visitors"), title))
                .containsExactly("metric");
        assertThat(http.get("/v1/goals").json().get("goals").findValuesAsText("name"))
                .as("nothing refused was saved").doesNotContain("both", "neither", "stars", "bad_filter", "extra");
    }

    @Test
    void csv_is_the_table_of_goals() {
        Http.Answer csv = http.postJson("/v1/conversions?format=csv", Map.of("date_range", DAYS));
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.raw().headers().firstValue("Content-Disposition"))
                .contains("attachment; filename=\"tally-conversions.csv\"");
        // as every_saved_goal_is_counted_over_the_ranges_visitors counted
        assertThat(csv.body()).isEqualTo(String.join("\r\n",
                "goal,visitors,events,conversion_rate,revenue",
                "blog_deep,3,4,60.0,0",
                "blog_posts,2,3,40.0,0",
                "purchase,2,3,40.0,40",
                "team_sign_up,2,2,40.0,0",
                "odd_page,1,1,20.0,0",
                "newsletter,0,0,0.0,0", ""));
    }

    @Test
    void a_pdf_report_names_the_goals_and_the_range() throws Exception {
        byte[] pdf = http.rawBytes("/v1/conversions?format=pdf", EventJson.write(Map.of("goals",
                List.of("purchase", "odd_page"), "date_range", DAYS)));
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text.replaceAll("\\s+", " ")).contains("Tally goal conversions", "visitors, events, conversion_rate"
                    + " (in percent of the range's 5 visitors) and revenue of the goals purchase, odd_page from"
                    + " 2026-09-10T00:00:00Z to 2026-09-13T00:00:00Z (UTC)", "page 1 of 1");
            assertThat(text.lines().map(String::strip).toList()).containsSubsequence(
                    "goal visitors events conversion_rate revenue", "purchase 2 3 40.00 40", "odd_page 1 1 20.00 0");
        }
    }

    @Test
    void graphql_gives_the_same_numbers_and_manages_goals() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("query", """
                query($q: ConversionsInput!) { conversions(query: $q) { columns rows visitors
                  meta { source timezone date_range { from to } } } }""");
        request.put("variables", Map.of("q", Map.of("filters", List.of(Map.of("op", "is", "dimension", "country",
                "values", List.of("DE"))), "date_range", DAYS)));
        JsonNode graph = http.postJson("/graphql", request).json();
        assertThat(graph.path("errors").isMissingNode()).as(graph.toString()).isTrue();
        JsonNode answer = graph.get("data").get("conversions");
        // as a_filter_of_the_request_narrows_the_goals_and_the_visitors_alike counted
        assertThat(answer.get("visitors").asLong()).isEqualTo(2);
        rows(answer, new Row("blog_deep", 2, 3, 100.0, "0"), new Row("purchase", 2, 3, 100.0, "40"),
                new Row("blog_posts", 1, 2, 50.0, "0"), new Row("team_sign_up", 1, 1, 50.0, "0"),
                new Row("newsletter", 0, 0, 0.0, "0"), new Row("odd_page", 0, 0, 0.0, "0"));
        assertThat(answer.get("meta").get("timezone").asText()).isEqualTo("UTC");
        assertThat(answer.get("meta").get("date_range").get("to").asText()).isEqualTo("2026-09-13T00:00:00Z");

        JsonNode unknown = http.postJson("/graphql", Map.of("query",
                "{ conversions(query: {goals: [\"nobody_saved_this\"]}) { visitors } }")).json();
        assertThat(unknown.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("BAD_USER_INPUT");
        assertThat(unknown.get("errors").get(0).get("extensions").get("field").asText()).isEqualTo("query.goals[0]");

        try {
            JsonNode saved = http.postJson("/graphql", Map.of("query", """
                    mutation { saveGoal(goal: {name: "graph_team", event: "sign_up",
                      filters: [{op: "is", dimension: "prop:plan", values: ["team"]}]}) { name event page filters { op dimension values } } }"""))
                    .json();
            assertThat(saved.path("errors").isMissingNode()).as(saved.toString()).isTrue();
            JsonNode goal = saved.get("data").get("saveGoal");
            assertThat(goal.get("event").asText()).isEqualTo("sign_up");
            assertThat(goal.get("page").isNull()).isTrue();
            assertThat(goal.get("filters").get(0).get("dimension").asText()).isEqualTo("prop:plan");
            assertThat(http.get("/v1/goals/graph_team").json().get("filters").toString())
                    .isEqualTo("[[\"is\",\"prop:plan\",[\"team\"]]]");
            JsonNode read = http.postJson("/graphql", Map.of("query",
                    "{ goals { name } goal(name: \"odd_page\") { name event page filters { op } } }")).json();
            assertThat(read.get("data").get("goals").findValuesAsText("name")).contains("graph_team", "odd_page");
            assertThat(read.get("data").get("goal").get("page").asText()).isEqualTo("/a+b(1).html");
            assertThat(read.get("data").get("goal").get("event").isNull()).isTrue();

            JsonNode refused = http.postJson("/graphql", Map.of("query",
                    "mutation { saveGoal(goal: {name: \"graph_both\", event: \"x\", page: \"/x\"}) { name } }")).json();
            assertThat(refused.get("errors").get(0).get("extensions").get("field").asText()).isEqualTo("goal.page");
            JsonNode badFilter = http.postJson("/graphql", Map.of("query", "mutation { saveGoal(goal: {name: \"graph_bad\","
                    + " event: \"x\", filters: [{op: \"is\", dimension: \"nonsense\", values: [\"x\"]}]}) { name } }")).json();
            assertThat(badFilter.get("errors").get(0).get("extensions").get("field").asText())
                    .isEqualTo("goal.filters[0].dimension");

            JsonNode deleted = http.postJson("/graphql", Map.of("query", "mutation { deleteGoal(name: \"graph_team\") }")).json();
            assertThat(deleted.get("data").get("deleteGoal").asBoolean()).isTrue();
            JsonNode again = http.postJson("/graphql", Map.of("query", "mutation { deleteGoal(name: \"graph_team\") }")).json();
            assertThat(again.get("data").get("deleteGoal").asBoolean()).isFalse();
            assertThat(http.get("/v1/goals/graph_team").status()).isEqualTo(404);
        } finally {
            http.delete("/v1/goals/graph_team");
        }
    }

    @Test
    void a_dashboard_widget_of_kind_conversions_is_saved_and_answered() {
        Map<String, Object> query = Map.of("goals", List.of("purchase", "blog_posts", "newsletter"), "date_range", DAYS);
        Map<String, Object> widget = Map.of("id", "goals", "title", "Goals", "kind", "conversions", "query", query,
                "visualization", "bar", "layout", Map.of("x", 0, "y", 0, "w", 12, "h", 4));
        assertThat(http.postJson("/v1/dashboards", Map.of("name", "goal_board", "widgets", List.of(widget))).status())
                .isEqualTo(201);
        JsonNode saved = http.get("/v1/dashboards/goal_board").json().get("widgets").get(0);
        assertThat(saved.get("kind").asText()).isEqualTo("conversions");
        JsonNode answered = http.get("/v1/dashboards/goal_board/answer").json().get("widgets").get(0);
        assertThat(answered.get("problems")).isNull();
        JsonNode answer = answered.get("answer");
        // as every_saved_goal_is_counted_over_the_ranges_visitors counted; blog_posts before purchase by name
        assertThat(answer.get("visitors").asLong()).isEqualTo(5);
        rows(answer, new Row("blog_posts", 2, 3, 40.0, "0"), new Row("purchase", 2, 3, 40.0, "40"),
                new Row("newsletter", 0, 0, 0.0, "0"));

        // conversions are drawn as bars or a table, not as lines; an unknown goal is named inside the widget
        Map<String, Object> line = new LinkedHashMap<>(widget);
        line.put("visualization", "line");
        Map<String, Object> bad = new LinkedHashMap<>(widget);
        bad.put("id", "bad");
        bad.put("query", Map.of("goals", List.of("nobody_saved_this")));
        Http.Answer refused = http.postJson("/v1/dashboards", Map.of("name", "broken_goals", "widgets", List.of(line, bad)));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsText("field"))
                .contains("widgets[0].visualization", "widgets[1].query.goals[0]");
    }

    /** A trend line's values and total, each to 1e-9. */
    private static void numbers(JsonNode line, double total, double... values) {
        assertThat(line.get("values")).as(line.toString()).hasSize(values.length);
        for (int i = 0; i < values.length; i++) {
            assertThat(line.get("values").get(i).doubleValue()).as(line.get("name") + " value " + i).isCloseTo(values[i], within(1e-9));
        }
        assertThat(line.get("total").doubleValue()).as(line.get("name") + " total").isCloseTo(total, within(1e-9));
    }

    @Test
    void a_trend_series_may_count_a_goal() {
        Http.Answer answer = http.postJson("/v1/trends", Map.of("series", List.of(
                        Map.of("goal", "blog_posts", "metric", "visitors"),
                        Map.of("goal", "blog_deep"),
                        Map.of("goal", "blog_deep", "metric", "visitors", "filters", List.of(List.of("is", "country", List.of("DE")))),
                        Map.of("goal", "purchase", "metric", "revenue")),
                "formulas", List.of(Map.of("expression", "A / C * 100")), "date_range", DAYS));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode lines = answer.json().get("lines");
        // A, visitors reaching /blog/*: 10 Sep ann (/blog/a); 11 Sep ann (/blog/b); 12 Sep cat. Over the range ann
        // and cat: 2, not 3
        assertThat(lines.get(0).get("event").asText()).as("a page goal counts page views").isEqualTo("page_view");
        assertThat(lines.get(0).get("metric").asText()).isEqualTo("visitors");
        numbers(lines.get(0), 2, 1, 1, 1);
        // B, events of /blog/**: 10 Sep ann's /blog/a and ben's /blog/a/b; 11 Sep ann's /blog/b; 12 Sep cat's /blog/c
        numbers(lines.get(1), 4, 2, 1, 1);
        // C, the same goal's visitors in DE only (the series' own filter): 10 Sep ann and ben, 11 Sep ann, 12 Sep
        // nobody; ann and ben over the range
        numbers(lines.get(2), 2, 2, 1, 0);
        // D, the revenue of purchases: 11 Sep ann's 19.99, 12 Sep ben's 5.01 + 15
        assertThat(lines.get(3).get("event").asText()).isEqualTo("purchase");
        numbers(lines.get(3), 40, 0, 19.99, 20.01);
        // A / C * 100: 1 / 2, 1 / 1, 1 / 0 (null); totals 2 / 2
        JsonNode rate = lines.get(4);
        assertThat(rate.get("values").get(0).doubleValue()).isCloseTo(50.0, within(1e-9));
        assertThat(rate.get("values").get(1).doubleValue()).isCloseTo(100.0, within(1e-9));
        assertThat(rate.get("values").get(2).isNull()).isTrue();
        assertThat(rate.get("total").doubleValue()).isCloseTo(100.0, within(1e-9));

        Http.Answer both = http.postJson("/v1/trends", Map.of("series", List.of(Map.of("goal", "blog_posts", "event", "page_view"))));
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.json().get("errors").findValuesAsText("field")).containsExactly("series[0].goal");
        Http.Answer unknown = http.postJson("/v1/trends", Map.of("series", List.of(Map.of("event", "page_view"),
                Map.of("goal", "nobody_saved_this"))));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").findValuesAsText("field")).containsExactly("series[1].goal");

        // through GraphQL the series names its goal the same way
        JsonNode graph = http.postJson("/graphql", Map.of("query", """
                { trend(query: {series: [{goal: "blog_posts", metric: "visitors"}], date_range: ["2026-09-10", "2026-09-12"]})
                  { lines { name event metric total values } } }""")).json();
        assertThat(graph.path("errors").isMissingNode()).as(graph.toString()).isTrue();
        numbers(graph.get("data").get("trend").get("lines").get(0), 2, 1, 1, 1);
    }
}
