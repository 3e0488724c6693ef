package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import io.tally.domain.sample.TrafficGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GraphQL over real HTTP against a started server: every query type answered as REST answers it (the same numbers,
 * the same shape), definitions saved through GraphQL read back through REST, and every kind of refusal a GraphQL
 * error with a code, never a 500.
 */
class GraphQlTest {

    private static final Instant END = Instant.parse("2026-11-10T00:00:00Z");
    private static Tally tally;
    private static Http admin;
    private static Http read;
    private static Http write;
    private static Http tiny;
    private static String adminKey;
    private static String readKey;

    @BeforeAll
    static void start(@TempDir Path dir) {
        tally = Tally.start(TallyConfig.withOverrides(Map.of(
                "server.port", "0", "server.host", "127.0.0.1", "ingest.max-delay-ms", "20",
                "enrichment.keep-bots", "true", "store.path", dir.resolve("tally.duckdb").toString(),
                "auth.keys-required", "true", "project", "shop", "projects", "shop,tiny",
                "limits.projects.tiny.queries-per-minute", "2")));
        adminKey = tally.firstAdminKeys().get("shop");
        admin = new Http(tally.port(), adminKey);
        readKey = admin.postJson("/v1/keys", Map.of("kind", "read")).json().get("key").asText();
        read = new Http(tally.port(), readKey);
        write = new Http(tally.port(), admin.postJson("/v1/keys", Map.of("kind", "write")).json().get("key").asText());
        tiny = new Http(tally.port(), tally.firstAdminKeys().get("tiny"));
        List<Event> events = TrafficGenerator.list(new TrafficGenerator.Settings(6_000, 14, 7, END, "shop"));
        String ndjson = events.stream().map(EventJson::line).collect(Collectors.joining("\n"));
        assertThat(write.post("/v1/events?wait=true", "application/x-ndjson", ndjson).status()).isEqualTo(202);
        // notes inside the ranges the answers along time below cover (so their meta.annotations are compared as
        // lists), and one before all of them
        for (Map<String, String> note : List.of(Map.of("at", "2026-11-05T12:00:00+01:00", "text", "launch"),
                Map.of("at", "2026-11-03T09:00:00Z", "text", "newsletter sent"),
                Map.of("at", "2026-09-01T00:00:00Z", "text", "long before"))) {
            assertThat(admin.postJson("/v1/annotations", note).status()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() {
        tally.close();
    }

    private static final String METRIC_VALUES = "{ metric value }";
    private static final String WINDOW = "{ from to }";
    private static final String ANNOTATIONS = "annotations { id at text }";
    private static final String REPORT = "columns { name type } rows totals " + METRIC_VALUES
            + " comparison { date_range " + WINDOW + " rows totals " + METRIC_VALUES + " change_percent totals_change_percent "
            + METRIC_VALUES + " } meta { source accuracy timezone date_range " + WINDOW + " " + ANNOTATIONS + " }";

    private static JsonNode graphQl(Http client, String query, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        Http.Answer answer = client.postJson("/graphql", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static JsonNode data(Http client, String query, Map<String, Object> variables) {
        JsonNode result = graphQl(client, query, variables);
        assertThat(result.path("errors").isMissingNode() || result.get("errors").isEmpty()).as(result.toString()).isTrue();
        return result.get("data");
    }

    @Test
    void reportsAnswerAsRestDoes() {
        Map<String, Object> graphInput = Map.of("metrics", List.of("events", "visitors", "pageviews", "revenue", "bounce_rate"),
                "dimensions", List.of("time:day", "event_type"),
                "filters", List.of(Map.of("op", "is_not", "dimension", "country", "values", List.of("FR"))),
                "date_range", List.of("2026-11-01", "2026-11-07"), "timezone", "Europe/Berlin", "compare", "previous_period",
                "order_by", List.of(Map.of("column", "events", "direction", "desc")), "limit", 40);
        Map<String, Object> restBody = Map.of("metrics", List.of("events", "visitors", "pageviews", "revenue", "bounce_rate"),
                "dimensions", List.of("time:day", "event_type"),
                "filters", List.of(List.of("is_not", "country", List.of("FR"))),
                "date_range", List.of("2026-11-01", "2026-11-07"), "timezone", "Europe/Berlin", "compare", "previous_period",
                "order_by", List.of(List.of("events", "desc")), "limit", 40);
        JsonNode rest = read.postJson("/v1/query", restBody).json();
        JsonNode graph = data(read, "query($q: ReportInput!) { report(query: $q) { " + REPORT + " } }", Map.of("q", graphInput))
                .get("report");
        assertThat(rest.get("rows").size()).isGreaterThan(10);
        assertSame(graph, rest);
    }

    @Test
    void approximateReportsAnswerAsRestDoes() {
        Map<String, Object> body = Map.of("metrics", List.of("events", "visitors", "conversion_rate"),
                "dimensions", List.of("time:day", "event_type"), "date_range", List.of("2026-11-01", "2026-11-07"),
                "timezone", "Europe/Berlin", "accuracy", "approximate");
        JsonNode rest = read.postJson("/v1/query", body).json();
        JsonNode graph = data(read, "query($q: ReportInput!) { report(query: $q) { columns { name type } rows totals "
                + METRIC_VALUES + " meta { source accuracy error_bound timezone date_range " + WINDOW + " " + ANNOTATIONS + " } } }", Map.of("q", body))
                .get("report");
        assertThat(graph.get("meta").get("accuracy").asText()).isEqualTo("approximate");
        assertThat(graph.get("meta").get("source").asText()).isEqualTo("rollup+sketch");
        assertSame(graph, rest);
        JsonNode refused = graphQl(read, "query($q: ReportInput!) { report(query: $q) { rows } }",
                Map.of("q", Map.of("metrics", List.of("visitors"), "accuracy", "roughly")));
        assertThat(refused.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("BAD_USER_INPUT");
        assertThat(refused.get("errors").get(0).get("extensions").get("field").asText()).as(refused.toString()).isEqualTo("query.accuracy");
    }

    @Test
    void timeseriesAnswersAsRestDoes() {
        JsonNode rest = read.get("/v1/timeseries?metric=page_views,conversions&from=2026-11-05T00:00:00Z&to=2026-11-07T00:00:00Z"
                + "&interval=hour&timezone=Asia/Kolkata").json();
        JsonNode graph = data(read, """
                { timeseries(metric: "page_views,conversions", from: "2026-11-05T00:00:00Z", to: "2026-11-07T00:00:00Z",
                             interval: "hour", timezone: "Asia/Kolkata") {
                    columns { name type } rows meta { interval timezone from to source annotations { id at text } } } }""",
                Map.of()).get("timeseries");
        assertThat(rest.get("rows").size()).isEqualTo(49); // 48 hours in a half-hour zone touch 49 hour buckets
        assertSame(graph, rest);
        // an empty argument is refused as REST refuses an empty parameter, never read as the default (UTC)
        JsonNode empty = graphQl(read, "{ timeseries(metric: \"page_views\", timezone: \"\") { rows } }", Map.of());
        assertThat(empty.get("errors").get(0).get("extensions").get("field").asText()).as(empty.toString())
                .isEqualTo("timezone");
    }

    @Test
    void funnelsAnswerAsRestDoes() {
        List<Object> steps = List.of(Map.of("event", "page_view"), Map.of("event", "sign_up"), Map.of("event", "purchase"));
        JsonNode rest = read.postJson("/v1/funnels", Map.of("steps", steps, "conversion_window", "3d", "breakdown", "prop:plan",
                "date_range", List.of("2026-10-28", "2026-11-09"))).json();
        String query = """
                query($q: FunnelInput!) { funnel(query: $q) { columns rows breakdown { value values rows }
                  meta { source timezone date_range { from to } conversion_window_seconds breakdown breakdowns breakdown_attribution step_order counting } } }""";
        JsonNode graph = data(read, query, Map.of("q", Map.of("steps", steps, "conversion_window", "3d", "breakdown", "prop:plan",
                "date_range", List.of("2026-10-28", "2026-11-09")))).get("funnel");
        assertThat(rest.get("rows").get(0).get(2).asLong()).isPositive();
        assertSame(graph, rest);
        // by two dimensions: the values of both per row, the one value left out
        Map<String, Object> byTwo = Map.of("steps", steps, "conversion_window", "3d", "breakdown", List.of("prop:plan", "event_type"),
                "date_range", List.of("2026-10-28", "2026-11-09"));
        JsonNode restByTwo = read.postJson("/v1/funnels", byTwo).json();
        assertThat(restByTwo.get("breakdown")).isNotEmpty().allMatch(row -> !row.has("value") && row.get("values").size() == 2);
        assertSame(data(read, query, Map.of("q", byTwo)).get("funnel"), restByTwo);
    }

    @Test
    void funnelTimeToConvertAnswersAsRestDoes() {
        List<Object> steps = List.of(Map.of("event", "page_view"), Map.of("event", "sign_up"), Map.of("event", "purchase"));
        Map<String, Object> body = Map.of("steps", steps, "conversion_window", "3d", "breakdown", "prop:plan",
                "date_range", List.of("2026-10-28", "2026-11-09"), "time_to_convert", Map.of("from_step", 2, "bins", 6));
        JsonNode rest = read.postJson("/v1/funnels", body).json();
        JsonNode graph = data(read, """
                query($q: FunnelInput!) { funnel(query: $q) { columns rows breakdown { value values rows }
                  time_to_convert { from_step to_step bins users mean_seconds histogram { from_seconds to_seconds users } }
                  meta { source timezone date_range { from to } conversion_window_seconds breakdown breakdowns breakdown_attribution step_order counting } } }""",
                Map.of("q", body)).get("funnel");
        JsonNode times = rest.get("time_to_convert");
        // from sign-up to purchase (the default last step), over the purchasers: 6 bins holding them all
        assertThat(times.get("to_step").asInt()).isEqualTo(3);
        assertThat(times.get("users").asLong()).isPositive().isEqualTo(rest.get("rows").get(2).get(2).asLong());
        assertThat(times.get("histogram")).hasSize(6);
        long binned = 0;
        for (JsonNode bin : times.get("histogram")) {
            binned += bin.get("users").asLong();
        }
        assertThat(binned).isEqualTo(times.get("users").asLong());
        assertSame(graph, rest);

        JsonNode refused = graphQl(read, "query($q: FunnelInput!) { funnel(query: $q) { rows } }",
                Map.of("q", Map.of("steps", steps, "time_to_convert", Map.of("to_step", 4))));
        assertThat(refused.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("BAD_USER_INPUT");
        assertThat(refused.get("errors").get(0).get("extensions").get("field").asText()).as(refused.toString())
                .isEqualTo("query.time_to_convert.to_step");
    }

    @Test
    void funnelTrendAnswersAsRestDoes() {
        List<Object> steps = List.of(Map.of("event", "page_view"), Map.of("event", "sign_up"), Map.of("event", "purchase"));
        Map<String, Object> body = Map.of("steps", steps, "conversion_window", "3d", "breakdown", "prop:plan",
                "date_range", List.of("2026-11-02", "2026-11-08"), "timezone", "Europe/Berlin", "interval", "day");
        JsonNode rest = read.postJson("/v1/funnels", body).json();
        JsonNode graph = data(read, """
                query($q: FunnelInput!) { funnel(query: $q) { columns rows
                  breakdown { value values rows trend { period entered converted conversion_rate users } }
                  trend { period entered converted conversion_rate users }
                  meta { source timezone date_range { from to } conversion_window_seconds breakdown breakdowns breakdown_attribution interval step_order counting
                    annotations { id at text } } } }""",
                Map.of("q", body)).get("funnel");
        JsonNode trend = rest.get("trend");
        assertThat(trend).hasSize(7); // 2 to 8 November, both included, in Berlin days
        assertThat(trend.get(0).get("period").asText()).isEqualTo("2026-11-01T23:00:00Z");
        for (JsonNode interval : trend) {
            // every day of the generated traffic has entrants, so every rate is a number (GraphQL and REST alike)
            assertThat(interval.get("entered").asLong()).isPositive().isEqualTo(interval.get("users").get(0).asLong());
            assertThat(interval.get("converted").asLong()).isEqualTo(interval.get("users").get(2).asLong());
        }
        assertThat(graph.get("meta").get("interval").asText()).isEqualTo("day");
        // each plan has a trend of its own over the same seven days
        assertThat(rest.get("breakdown")).isNotEmpty();
        rest.get("breakdown").forEach(value -> assertThat(value.get("trend").findValuesAsText("period"))
                .containsExactlyElementsOf(trend.findValuesAsText("period")));
        // the notes of 3 and 5 November, oldest first; not September's
        assertThat(rest.get("meta").get("annotations").findValuesAsText("text")).containsExactly("newsletter sent", "launch");
        assertSame(graph, rest);

        JsonNode refused = graphQl(read, "query($q: FunnelInput!) { funnel(query: $q) { rows } }",
                Map.of("q", Map.of("steps", steps, "interval", "minute")));
        assertThat(refused.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("BAD_USER_INPUT");
        assertThat(refused.get("errors").get(0).get("extensions").get("field").asText()).as(refused.toString())
                .isEqualTo("query.interval");
    }

    /*
     * A strict funnel over a few events of 10 September 2026 (UTC, outside the generated traffic), a page view then a
     * sign-up: strict-ann's page view (09:00) is followed by a scroll (09:01), then her sign-up (09:02), so strict she
     * stops at step 1 (ordered she would convert); strict-ben's page view (10:00) is followed by his sign-up (10:10):
     * he converts after 600 s. Step users 2 and 1; the mean time to convert 600 s.
     */
    @Test
    void aStrictFunnelAnswersAsRestDoesAndAnUnknownStepOrderNamesTheField() {
        List<Event> events = List.of(
                strictEvent("strict-1", "strict-ann", "page_view", "2026-09-10T09:00:00Z"),
                strictEvent("strict-2", "strict-ann", "scroll", "2026-09-10T09:01:00Z"),
                strictEvent("strict-3", "strict-ann", "sign_up", "2026-09-10T09:02:00Z"),
                strictEvent("strict-4", "strict-ben", "page_view", "2026-09-10T10:00:00Z"),
                strictEvent("strict-5", "strict-ben", "sign_up", "2026-09-10T10:10:00Z"));
        String ndjson = events.stream().map(EventJson::line).collect(Collectors.joining("\n"));
        assertThat(write.post("/v1/events?wait=true", "application/x-ndjson", ndjson).status()).isEqualTo(202);
        Map<String, Object> body = Map.of("steps", List.of(Map.of("event", "page_view"), Map.of("event", "sign_up")),
                "date_range", List.of("2026-09-10", "2026-09-10"), "step_order", "strict");
        String query = """
                query($q: FunnelInput!) { funnel(query: $q) { columns rows breakdown { value values rows }
                  meta { source timezone date_range { from to } conversion_window_seconds step_order counting } } }""";
        JsonNode graph = data(read, query, Map.of("q", body)).get("funnel");
        assertThat(graph.get("rows").get(0).get(2).asLong()).isEqualTo(2);
        assertThat(graph.get("rows").get(1).get(2).asLong()).isEqualTo(1);
        assertThat(graph.get("rows").get(1).get(7).asDouble()).isEqualTo(600.0);
        assertThat(graph.get("meta").get("step_order").asText()).isEqualTo("strict");
        assertSame(graph, read.postJson("/v1/funnels", body).json());
        Map<String, Object> counted = new HashMap<>(body);
        counted.put("counting", "conversions");
        JsonNode byConversions = data(read, query, Map.of("q", counted)).get("funnel");
        assertThat(byConversions.get("meta").get("counting").asText()).isEqualTo("conversions");
        assertSame(byConversions, read.postJson("/v1/funnels", counted).json());

        JsonNode refused = graphQl(read, "query($q: FunnelInput!) { funnel(query: $q) { rows } }",
                Map.of("q", Map.of("steps", body.get("steps"), "step_order", "any")));
        assertThat(refused.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("BAD_USER_INPUT");
        assertThat(refused.get("errors").get(0).get("extensions").get("field").asText()).as(refused.toString())
                .isEqualTo("query.step_order");
    }

    /*
     * Exclusion steps over a few events of 14 September 2026 (UTC, outside the generated traffic), a page view then a
     * sign-up, excluding a help_open on pricing between them: ex-ann's page view (09:00), help_open on pricing (09:01) and
     * sign-up (09:02): her only attempt is dropped, so she is not in the funnel; ex-ben's page view (10:00), help_open on
     * billing (10:01, not matching the exclusion's filter) and sign-up (10:05): kept, 300 s. Step users 1 and 1; the
     * mean time to convert 300 s. Without the filter both would be dropped: the filter passed through GraphQL's
     * {op, dimension, values} as REST's [op, dimension, values].
     */
    @Test
    void aFunnelWithExclusionsAnswersAsRestDoesAndNamesThemInItsMeta() {
        List<Event> events = List.of(
                strictEvent("exclusion-1", "ex-ann", "page_view", "2026-09-14T09:00:00Z"),
                topicEvent("exclusion-2", "ex-ann", "2026-09-14T09:01:00Z", "pricing"),
                strictEvent("exclusion-3", "ex-ann", "sign_up", "2026-09-14T09:02:00Z"),
                strictEvent("exclusion-4", "ex-ben", "page_view", "2026-09-14T10:00:00Z"),
                topicEvent("exclusion-5", "ex-ben", "2026-09-14T10:01:00Z", "billing"),
                strictEvent("exclusion-6", "ex-ben", "sign_up", "2026-09-14T10:05:00Z"));
        String ndjson = events.stream().map(EventJson::line).collect(Collectors.joining("\n"));
        assertThat(write.post("/v1/events?wait=true", "application/x-ndjson", ndjson).status()).isEqualTo(202);
        List<Object> steps = List.of(Map.of("event", "page_view"), Map.of("event", "sign_up"));
        List<String> day = List.of("2026-09-14", "2026-09-14");
        Map<String, Object> graphBody = Map.of("steps", steps, "date_range", day, "exclusions", List.of(Map.of("event", "help_open",
                "filters", List.of(Map.of("op", "is", "dimension", "prop:topic", "values", List.of("pricing"))), "to_step", 2)));
        Map<String, Object> restBody = Map.of("steps", steps, "date_range", day, "exclusions", List.of(Map.of("event", "help_open",
                "filters", List.of(List.of("is", "prop:topic", List.of("pricing"))), "to_step", 2)));
        JsonNode graph = data(read, """
                query($q: FunnelInput!) { funnel(query: $q) { columns rows breakdown { value values rows }
                  meta { source timezone date_range { from to } conversion_window_seconds step_order counting
                    exclusions { event from_step to_step } } } }""",
                Map.of("q", graphBody)).get("funnel");
        assertThat(graph.get("rows").get(0).get(2).asLong()).isEqualTo(1);
        assertThat(graph.get("rows").get(1).get(2).asLong()).isEqualTo(1);
        assertThat(graph.get("rows").get(1).get(7).asDouble()).isEqualTo(300.0);
        assertThat(graph.get("meta").get("exclusions").toString()).isEqualTo("[{\"event\":\"help_open\",\"from_step\":1,\"to_step\":2}]");
        assertSame(graph, read.postJson("/v1/funnels", restBody).json());

        JsonNode refused = graphQl(read, "query($q: FunnelInput!) { funnel(query: $q) { rows } }",
                Map.of("q", Map.of("steps", steps, "exclusions", List.of(Map.of("event", "help_open", "to_step", 3)))));
        assertThat(refused.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("BAD_USER_INPUT");
        assertThat(refused.get("errors").get(0).get("extensions").get("field").asText()).as(refused.toString())
                .isEqualTo("query.exclusions[0].to_step");
    }

    private static Event topicEvent(String id, String user, String at, String topic) {
        Instant time = Instant.parse(at);
        return new Event(id, "shop", user, user + "-session", "help_open", time, Map.of("topic", PropertyValue.of(topic)), "", "",
                time);
    }

    private static Event strictEvent(String id, String user, String type, String at) {
        Instant time = Instant.parse(at);
        return new Event(id, "shop", user, user + "-session", type, time, Map.of(), "", "", time);
    }

    @Test
    void retentionAnswersAsRestDoes() {
        Map<String, Object> body = Map.of("start_event", Map.of("event", "sign_up"), "return_event", Map.of("event", "page_view"),
                "period", "day", "periods", 5, "date_range", List.of("2026-10-28", "2026-11-09"), "timezone", "America/New_York");
        JsonNode rest = read.postJson("/v1/retention", body).json();
        JsonNode graph = data(read, """
                query($q: RetentionInput!) { retention(query: $q) { columns rows percentages
                  meta { source timezone date_range { from to } period mode week_start } } }""", Map.of("q", body))
                .get("retention");
        assertThat(rest.get("rows").size()).isGreaterThan(5);
        assertSame(graph, rest);
    }

    @Test
    void pathsAnswerAsRestDoes() {
        Map<String, Object> graphBody = Map.of("anchor", Map.of("event", "sign_up"), "steps", 3, "top", 4,
                "node", "event_type", "date_range", List.of("2026-10-28", "2026-11-09"));
        JsonNode rest = read.postJson("/v1/paths", graphBody).json();
        JsonNode graph = data(read, """
                query($q: PathsInput!) { paths(query: $q) { columns rows anchors
                  steps { position reached top { value count percent_of_anchors } others }
                  meta { source timezone date_range { from to } direction node } } }""", Map.of("q", graphBody)).get("paths");
        assertThat(rest.get("anchors").asLong()).isPositive();
        assertSame(graph, rest);
    }

    @Test
    void stickinessAnswersAsRestDoes() {
        Map<String, Object> graphBody = Map.of("event", "page_view", "interval", "week",
                "date_range", List.of("2026-10-20", "2026-11-09"), "timezone", "Europe/Berlin",
                "filters", List.of(Map.of("op", "is_not", "dimension", "country", "values", List.of("FR"))));
        JsonNode rest = read.postJson("/v1/stickiness", Map.of("event", "page_view", "interval", "week",
                "date_range", List.of("2026-10-20", "2026-11-09"), "timezone", "Europe/Berlin",
                "filters", List.of(List.of("is_not", "country", List.of("FR"))))).json();
        JsonNode graph = data(read, """
                query($q: StickinessInput!) { stickiness(query: $q) { columns rows users
                  meta { source timezone date_range { from to } interval event } } }""", Map.of("q", graphBody)).get("stickiness");
        assertThat(rest.get("rows").size()).isEqualTo(4); // Tue 20 Oct to Mon 9 Nov touches the weeks of 19 Oct, 26 Oct, 2 and 9 Nov
        assertThat(rest.get("users").asLong()).isPositive();
        assertSame(graph, rest);
    }

    @Test
    void lifecycleAnswersAsRestDoes() {
        Map<String, Object> graphBody = Map.of("event", "page_view", "interval", "day",
                "date_range", List.of("2026-11-02", "2026-11-09"), "timezone", "America/New_York",
                "filters", List.of(Map.of("op", "is_not", "dimension", "country", "values", List.of("FR"))));
        JsonNode rest = read.postJson("/v1/lifecycle", Map.of("event", "page_view", "interval", "day",
                "date_range", List.of("2026-11-02", "2026-11-09"), "timezone", "America/New_York",
                "filters", List.of(List.of("is_not", "country", List.of("FR"))))).json();
        JsonNode graph = data(read, """
                query($q: LifecycleInput!) { lifecycle(query: $q) { columns rows
                  meta { source timezone date_range { from to } interval event annotations { id at text } } } }""",
                Map.of("q", graphBody)).get("lifecycle");
        assertThat(rest.get("rows").size()).isEqualTo(8); // 2 to 9 November, both included, in New York days
        assertThat(rest.get("rows").get(0).get(0).asText()).isEqualTo("2026-11-02T00:00:00-05:00");
        long active = 0;
        for (JsonNode row : rest.get("rows")) {
            active += row.get(1).asLong() + row.get(2).asLong() + row.get(3).asLong();
        }
        assertThat(active).isPositive();
        assertSame(graph, rest);
    }

    @Test
    void trendAnswersAsRestDoes() {
        Map<String, Object> graphBody = Map.of("series", List.of(Map.of("event", "page_view"),
                        Map.of("event", "sign_up", "metric", "visitors",
                                "filters", List.of(Map.of("op", "is_not", "dimension", "country", "values", List.of("FR")))),
                        Map.of("event", "purchase", "metric", "revenue")),
                "formulas", List.of(Map.of("expression", "B / A * 100"), Map.of("expression", "C / B", "name", "revenue_per_sign_up")),
                "breakdown", "prop:plan", "breakdown_limit", 2, "interval", "week",
                "date_range", List.of("2026-10-20", "2026-11-09"), "timezone", "Europe/Berlin");
        JsonNode rest = read.postJson("/v1/trends", Map.of("series", List.of(Map.of("event", "page_view"),
                        Map.of("event", "sign_up", "metric", "visitors", "filters", List.of(List.of("is_not", "country", List.of("FR")))),
                        Map.of("event", "purchase", "metric", "revenue")),
                "formulas", List.of(Map.of("expression", "B / A * 100"), Map.of("expression", "C / B", "name", "revenue_per_sign_up")),
                "breakdown", "prop:plan", "breakdown_limit", 2, "interval", "week",
                "date_range", List.of("2026-10-20", "2026-11-09"), "timezone", "Europe/Berlin")).json();
        List<String> fields = List.of("name", "kind", "event", "metric", "expression", "breakdown_value", "total", "values");
        JsonNode graph = data(read, "query($q: TrendInput!) { trend(query: $q) { columns rows periods lines { "
                + String.join(" ", fields) + " } meta { source timezone date_range { from to } interval breakdown breakdowns breakdown_limit " + ANNOTATIONS + " } } }",
                Map.of("q", graphBody)).get("trend");
        // Tue 20 Oct to Mon 9 Nov touches the weeks of 19 Oct, 26 Oct, 2 and 9 Nov; each series shows two plans
        assertThat(rest.get("periods")).hasSize(4);
        assertThat(rest.get("lines").size()).isGreaterThanOrEqualTo(6);
        assertThat(rest.get("lines").get(0).get("total").asLong()).isPositive();
        for (String part : List.of("columns", "rows", "periods")) {
            assertThat(canonical(graph.get(part))).as(part).isEqualTo(canonical(rest.get(part)));
        }
        assertThat(graph.get("lines")).hasSameSizeAs(rest.get("lines"));
        for (int i = 0; i < rest.get("lines").size(); i++) {
            ObjectNode expected = JsonNodeFactory.instance.objectNode();
            JsonNode restLine = rest.get("lines").get(i);
            fields.forEach(field -> expected.set(field, restLine.has(field) ? restLine.get(field) : JsonNodeFactory.instance.nullNode()));
            assertThat(canonical(graph.get("lines").get(i))).as("line " + i).isEqualTo(canonical(expected));
        }
        JsonNode meta = restShape(rest, graph).get("meta");
        assertThat(canonical(graph.get("meta"))).isEqualTo(canonical(meta));
    }

    @Test
    void trendsBreakDownBySeveralDimensionsAsRestDoes() {
        Map<String, Object> body = Map.of("series", List.of(Map.of("event", "page_view"), Map.of("metric", "visitors")),
                "breakdown", List.of("prop:plan", "country"), "breakdown_limit", 4, "interval", "week",
                "date_range", List.of("2026-10-20", "2026-11-09"), "timezone", "Europe/Berlin");
        JsonNode rest = read.postJson("/v1/trends", body).json();
        JsonNode graph = data(read, "query($q: TrendInput!) { trend(query: $q) { columns rows periods lines { name breakdown_value "
                + "breakdown_values total values } meta { breakdown breakdowns breakdown_limit } } }", Map.of("q", body)).get("trend");
        assertThat(rest.get("columns").toString()).isEqualTo("[\"period\",\"line\",\"prop:plan\",\"country\",\"value\"]");
        assertThat(rest.get("lines").get(0).get("breakdown_values")).hasSize(2);
        assertThat(rest.get("lines").get(0).has("breakdown_value")).isFalse();
        assertThat(rest.get("meta").get("breakdowns").toString()).isEqualTo("[\"prop:plan\",\"country\"]");
        for (String part : List.of("columns", "rows", "periods")) {
            assertThat(canonical(graph.get(part))).as(part).isEqualTo(canonical(rest.get(part)));
        }
        assertThat(graph.get("lines")).hasSameSizeAs(rest.get("lines"));
        for (int i = 0; i < rest.get("lines").size(); i++) {
            assertThat(canonical(graph.get("lines").get(i).get("breakdown_values")))
                    .isEqualTo(canonical(rest.get("lines").get(i).get("breakdown_values")));
            assertThat(graph.get("lines").get(i).get("breakdown_value").isNull()).isTrue();
            assertThat(canonical(graph.get("lines").get(i).get("values"))).isEqualTo(canonical(rest.get("lines").get(i).get("values")));
        }
        assertThat(graph.get("meta").get("breakdowns").toString()).isEqualTo("[\"prop:plan\",\"country\"]");
    }

    @Test
    void goalsSavedThroughGraphQlAnswerConversionsAsRestDoes() {
        JsonNode blog = data(admin, """
                mutation { saveGoal(goal: {name: "blog_posts", description: "a post", page: "/blog/*"}) {
                  name description event page filters { op dimension values } } }""", Map.of()).get("saveGoal");
        assertThat(blog.get("page").asText()).isEqualTo("/blog/*");
        assertThat(blog.get("event").isNull()).isTrue();
        assertThat(blog.get("filters")).isEmpty();
        JsonNode team = data(admin, """
                mutation { saveGoal(goal: {name: "team_sign_up", event: "sign_up",
                  filters: [{op: "is", dimension: "prop:plan", values: ["team"]}]}) { name event filters { op dimension values } } }""",
                Map.of()).get("saveGoal");
        JsonNode restTeam = read.get("/v1/goals/team_sign_up").json();
        assertThat(team.get("event").asText()).isEqualTo(restTeam.get("event").asText()).isEqualTo("sign_up");
        JsonNode restFilter = restTeam.get("filters").get(0);
        assertThat(List.of(team.get("filters").get(0).get("op").asText(), team.get("filters").get(0).get("dimension").asText(),
                team.get("filters").get(0).get("values").toString()))
                .containsExactly(restFilter.get(0).asText(), restFilter.get(1).asText(), restFilter.get(2).toString());
        assertThat(read.get("/v1/goals/blog_posts").json().get("description").asText()).isEqualTo("a post");
        assertThat(admin.postJson("/v1/goals", Map.of("name", "purchase", "event", "purchase")).status()).isEqualTo(201);
        JsonNode listed = data(read, "{ goals { name } goal(name: \"purchase\") { event page } }", Map.of());
        assertThat(listed.get("goals").findValuesAsText("name")).contains("blog_posts", "team_sign_up", "purchase");
        assertThat(listed.get("goal").get("event").asText()).isEqualTo("purchase");

        JsonNode rest = read.postJson("/v1/conversions", Map.of("filters", List.of(List.of("is_not", "country", List.of("FR"))),
                "date_range", List.of("2026-11-01", "2026-11-09"), "timezone", "Europe/Berlin")).json();
        JsonNode graph = data(read, """
                query($q: ConversionsInput!) { conversions(query: $q) { columns rows visitors
                  meta { source timezone date_range { from to } } } }""", Map.of("q", Map.of(
                "filters", List.of(Map.of("op", "is_not", "dimension", "country", "values", List.of("FR"))),
                "date_range", List.of("2026-11-01", "2026-11-09"), "timezone", "Europe/Berlin"))).get("conversions");
        assertThat(rest.get("rows")).hasSize(3);
        assertThat(rest.get("visitors").asLong()).isPositive();
        rest.get("rows").forEach(row -> assertThat(row.get(1).asLong()).as(row.toString()).isPositive());
        assertSame(graph, rest);

        JsonNode refused = graphQl(read, "{ conversions(query: {goals: [\"purchase\", \"nope\"]}) { rows } }", Map.of());
        assertThat(refused.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("BAD_USER_INPUT");
        assertThat(refused.get("errors").get(0).get("extensions").get("field").asText()).isEqualTo("query.goals[1]");
        JsonNode readSaves = graphQl(read, "mutation { saveGoal(goal: {name: \"by_reader\", event: \"x\"}) { name } }", Map.of());
        assertThat(readSaves.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("FORBIDDEN");
        JsonNode readDeletes = graphQl(read, "mutation { deleteGoal(name: \"purchase\") }", Map.of());
        assertThat(readDeletes.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(read.get("/v1/goals/by_reader").status()).isEqualTo(404);
        assertThat(data(admin, "mutation { deleteGoal(name: \"purchase\") }", Map.of()).get("deleteGoal").asBoolean()).isTrue();
        assertThat(read.get("/v1/goals/purchase").status()).isEqualTo(404);
    }

    @Test
    void definitionsSavedThroughGraphQlReadBackThroughRest() {
        JsonNode kpi = data(admin, """
                mutation { saveKpi(kpi: {name: "views_per_visitor", expression: "pageviews / visitors",
                  description: "views a visitor"}) { name expression description } }""", Map.of()).get("saveKpi");
        JsonNode restKpi = read.get("/v1/kpis/views_per_visitor").json();
        assertThat(kpi.get("expression").asText()).isEqualTo(restKpi.get("expression").asText());
        assertThat(kpi.get("description").asText()).isEqualTo(restKpi.get("description").asText());

        JsonNode cohort = data(admin, """
                mutation { saveCohort(cohort: {name: "buyers", rules: [{event: "purchase", min_count: 1,
                  date_range: ["last_30d"], filters: [{op: "is", dimension: "prop:plan", values: ["team", "business"]}]}]}) {
                  name rules { did event min_count date_range timezone filters { op dimension values } } } }""", Map.of())
                .get("saveCohort");
        JsonNode restRule = read.get("/v1/cohorts/buyers").json().get("rules").get(0);
        JsonNode rule = cohort.get("rules").get(0);
        assertThat(rule.get("event").asText()).isEqualTo(restRule.get("event").asText()).isEqualTo("purchase");
        assertThat(rule.get("date_range").get(0).asText()).isEqualTo(restRule.get("date_range").asText());
        JsonNode restFilter = restRule.get("filters").get(0);
        assertThat(List.of(rule.get("filters").get(0).get("op").asText(), rule.get("filters").get(0).get("dimension").asText(),
                rule.get("filters").get(0).get("values").toString()))
                .containsExactly(restFilter.get(0).asText(), restFilter.get(1).asText(), restFilter.get(2).toString());

        JsonNode listed = data(read, "{ kpis { name } cohorts { name } kpi(name: \"views_per_visitor\") { expression } }", Map.of());
        assertThat(listed.get("kpis").findValuesAsText("name")).contains("views_per_visitor");
        assertThat(listed.get("cohorts").findValuesAsText("name")).contains("buyers");
        // a report naming the saved KPI answers the same through both APIs
        JsonNode rest = read.postJson("/v1/query", Map.of("metrics", List.of("kpi:views_per_visitor"),
                "filters", List.of(List.of("in_cohort", "user", List.of("buyers"))), "date_range", List.of("2026-11-01", "2026-11-09"))).json();
        JsonNode graph = data(read, """
                { report(query: {metrics: ["kpi:views_per_visitor"], filters: [{op: "in_cohort", dimension: "user", values: ["buyers"]}],
                   date_range: ["2026-11-01", "2026-11-09"]}) { %s } }""".formatted(REPORT), Map.of()).get("report");
        assertSame(graph, rest);
        assertThat(data(admin, "mutation { deleteKpi(name: \"views_per_visitor\") }", Map.of()).get("deleteKpi").asBoolean()).isTrue();
        assertThat(read.get("/v1/kpis/views_per_visitor").status()).isEqualTo(404);
    }

    @Test
    void badInputNamesTheFieldAsGraphQlSpellsIt() {
        JsonNode result = graphQl(read, """
                { report(query: {metrics: ["visits"], filters: [{op: "is", dimension: "shoe_size", values: ["42"]}],
                   order_by: [{column: "events", direction: "sideways"}]}) { rows } }""", Map.of());
        List<String> fields = new ArrayList<>();
        result.get("errors").forEach(e -> {
            assertThat(e.get("extensions").get("code").asText()).isEqualTo("BAD_USER_INPUT");
            fields.add(e.get("extensions").get("field").asText());
        });
        assertThat(fields).contains("query.metrics[0]", "query.filters[0].dimension");
        assertThat(result.get("data").isNull()).isTrue();
    }

    @Test
    void keysAndScopesAreThoseOfRest() {
        Http.Answer none = new Http(tally.port()).postJson("/graphql", Map.of("query", "{ kpis { name } }"));
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("UNAUTHENTICATED");
        Http.Answer wrong = new Http(tally.port(), "tly_0000_nope").postJson("/graphql", Map.of("query", "{ kpis { name } }"));
        assertThat(wrong.status()).isEqualTo(401);

        JsonNode readMutates = graphQl(read, "mutation { deleteCohort(name: \"buyers\") }", Map.of());
        assertThat(readMutates.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("FORBIDDEN");
        JsonNode writeQueries = graphQl(write, "{ report(query: {metrics: [\"events\"]}) { rows } }", Map.of());
        assertThat(writeQueries.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("FORBIDDEN");
        // another project's key sees its own project only
        JsonNode other = data(tiny, "{ report(query: {metrics: [\"events\"], date_range: [\"2026-10-01\", \"2026-11-09\"]}) { totals { value } } }",
                Map.of());
        assertThat(other.get("report").get("totals").get(0).get("value").asLong()).isZero();
    }

    @Test
    void rateLimitsCountEachQueryField() {
        // tiny may ask 2 queries a minute; the test above may have used one of them
        String three = "{ a: report(query: {metrics: [\"events\"]}) { rows } b: report(query: {metrics: [\"visitors\"]}) { rows }"
                + " c: report(query: {metrics: [\"pageviews\"]}) { rows } }";
        JsonNode result = graphQl(tiny, three, Map.of());
        List<String> codes = result.get("errors").findValuesAsText("code");
        assertThat(codes).contains("RATE_LIMITED");
        assertThat(result.get("errors").get(0).get("extensions").get("retry_after_seconds").asLong()).isPositive();
    }

    @Test
    void depthComplexityAndSyntaxAreRefusedAsGraphQlErrors() {
        String deep = "{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } }";
        StringBuilder wide = new StringBuilder("{");
        for (int i = 0; i < 12; i++) {
            wide.append(" r").append(i).append(": report(query: {metrics: [\"events\"]}) { ").append(REPORT).append(" }");
        }
        Map<String, String> refusals = Map.of(deep, "LIMIT_EXCEEDED", wide.append(" }").toString(), "LIMIT_EXCEEDED",
                "{ report(query: {metrics: [\"events\"] }", "GRAPHQL_PARSE_FAILED",
                "{ revenueForecast { value } }", "GRAPHQL_VALIDATION_FAILED");
        refusals.forEach((document, code) -> {
            // nothing ran (no data): 400 in the GraphQL response type (the default), 200 in legacy application/json
            Exchange modern = Exchange.post(read, "application/json", null, EventJson.write(Map.of("query", document)));
            assertThat(modern.status()).as(document).isEqualTo(400);
            assertThat(modern.contentType()).startsWith("application/graphql-response+json");
            assertThat(modern.json().has("data")).isFalse();
            assertThat(modern.code()).isEqualTo(code);
            Exchange legacy = Exchange.post(read, "application/json", "application/json", EventJson.write(Map.of("query", document)));
            assertThat(legacy.status()).as(document).isEqualTo(200);
            assertThat(legacy.contentType()).startsWith("application/json");
            assertThat(legacy.code()).isEqualTo(code);
        });
    }

    @Test
    void a_mutation_over_get_is_405_with_allow_post_and_runs_nothing() {
        Exchange mutation = Exchange.get(admin, Map.of("query", "mutation { saveKpi(kpi: {name: \"via_get\", expression: \"events\"}) { name } }"));
        assertThat(mutation.status()).isEqualTo(405);
        assertThat(mutation.response().headers().firstValue("Allow")).contains("POST");
        assertThat(mutation.message()).contains("POST");
        assertThat(read.get("/v1/kpis/via_get").status()).isEqualTo(404);

        // a document with both: operationName decides which would run
        String both = "query Names { kpis { name } } mutation Save { saveKpi(kpi: {name: \"via_get\", expression: \"events\"}) { name } }";
        assertThat(Exchange.get(admin, Map.of("query", both, "operationName", "Save")).status()).isEqualTo(405);
        Exchange query = Exchange.get(admin, Map.of("query", both, "operationName", "Names"));
        assertThat(query.status()).isEqualTo(200);
        assertThat(query.json().get("data").get("kpis").isArray()).isTrue();
        assertThat(read.get("/v1/kpis/via_get").status()).isEqualTo(404);

        // the same mutation over POST runs
        assertThat(Exchange.post(admin, "application/json", null, EventJson.write(Map.of("query",
                "mutation { saveKpi(kpi: {name: \"via_post\", expression: \"events\"}) { name } }"))).status()).isEqualTo(200);
        assertThat(read.get("/v1/kpis/via_post").status()).isEqualTo(200);
        admin.delete("/v1/kpis/via_post");
    }

    @Test
    void a_request_that_is_not_well_formed_is_a_400_naming_the_parameter_over_post_and_get() {
        Map<String, String> posts = new LinkedHashMap<>();
        posts.put("{\"query\": ", "");
        posts.put("[{\"query\": \"{ kpis { name } }\"}]", "");
        posts.put("{\"query\": \"{ kpis { name } }\", \"variables\": \"x\"}", "variables");
        posts.put("{\"query\": 5}", "query");
        posts.put("{\"variables\": {}}", "query");
        posts.put("{\"query\": \"{ kpis { name } }\", \"operationName\": 7}", "operationName");
        posts.put("\"{ kpis { name } }\"", "");
        posts.put("", "");
        for (String accept : Arrays.asList(null, "application/json", "application/graphql-response+json")) {
            posts.forEach((body, field) -> {
                Exchange answer = Exchange.post(read, "application/json", accept, body);
                assertThat(answer.status()).as(body).isEqualTo(400);
                assertThat(answer.json().has("data")).as(body).isFalse();
                assertThat(answer.code()).as(body).isEqualTo("BAD_REQUEST");
                assertThat(answer.message()).as(body).isNotBlank();
                if (!field.isEmpty()) {
                    assertThat(answer.json().get("errors").get(0).get("extensions").get("field").asText()).as(body).isEqualTo(field);
                }
            });
        }
        assertThat(Exchange.post(read, "application/json", null, "[{\"query\": \"{ kpis { name } }\"}]").message()).contains("batch");
        assertThat(Exchange.post(read, "application/json", null, "{\"query\": ").message()).contains("JSON");

        Map<Map<String, String>, String> gets = Map.of(
                Map.of("query", "{ kpis { name } }", "variables", "x"), "variables",
                Map.of("query", "{ kpis { name } }", "variables", "[1]"), "variables",
                Map.of("operationName", "A"), "query");
        gets.forEach((params, field) -> {
            Exchange answer = Exchange.get(read, params);
            assertThat(answer.status()).as(params.toString()).isEqualTo(400);
            assertThat(answer.code()).isEqualTo("BAD_REQUEST");
            assertThat(answer.json().get("errors").get(0).get("extensions").get("field").asText()).isEqualTo(field);
        });

        // only JSON bodies, only the two GraphQL response types
        Exchange text = Exchange.post(read, "text/plain", null, "{\"query\": \"{ kpis { name } }\"}");
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.message()).contains("application/json");
        assertThat(Exchange.post(read, "application/json", "text/html", "{\"query\": \"{ kpis { name } }\"}").status()).isEqualTo(406);
        Exchange anyType = Exchange.post(read, "Application/JSON; charset=UTF-8", "text/html, */*;q=0.8", "{\"query\": \"{ kpis { name } }\"}");
        assertThat(anyType.status()).isEqualTo(200);
        assertThat(anyType.contentType()).startsWith("application/json");
    }

    @Test
    void an_operation_that_cannot_be_chosen_is_a_request_error_not_a_failure() {
        String two = "query A { kpis { name } } query B { cohorts { name } }";
        Map<String, Object> ambiguous = Map.of("query", two);
        Map<String, Object> unknown = Map.of("query", two, "operationName", "C");
        for (Map<String, Object> body : List.of(ambiguous, unknown)) {
            Exchange modern = Exchange.post(read, "application/json", "application/graphql-response+json", EventJson.write(body));
            assertThat(modern.status()).as(body.toString()).isEqualTo(400);
            assertThat(modern.code()).isEqualTo("OPERATION_RESOLUTION_FAILURE");
            assertThat(modern.json().has("data")).isFalse();
            Exchange legacy = Exchange.post(read, "application/json", "application/json", EventJson.write(body));
            assertThat(legacy.status()).as(body.toString()).isEqualTo(200);
            assertThat(legacy.code()).isEqualTo("OPERATION_RESOLUTION_FAILURE");
            Map<String, String> params = new LinkedHashMap<>();
            body.forEach((k, v) -> params.put(k, v.toString()));
            assertThat(Exchange.get(read, params).status()).isEqualTo(400);
        }
        assertThat(Exchange.post(read, "application/json", null, EventJson.write(Map.of("query", two)))
                .message()).contains("operationName");
        Exchange chosen = Exchange.post(read, "application/json", null, EventJson.write(Map.of("query", two, "operationName", "B")));
        assertThat(chosen.status()).isEqualTo(200);
        assertThat(chosen.json().get("data").has("cohorts")).isTrue();
    }

    /** One exchange with headers of the test's choosing (the shared client sends none but the key). */
    private record Exchange(int status, String contentType, String body, HttpResponse<String> response) {
        private static final HttpClient CLIENT = HttpClient.newHttpClient();

        static Exchange post(Http client, String contentType, String accept, String body) {
            var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + tally.port() + "/graphql"))
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (contentType != null) {
                builder.header("Content-Type", contentType);
            }
            return send(builder, client == admin, accept);
        }

        static Exchange get(Http client, Map<String, String> parameters) {
            String query = parameters.entrySet().stream().map(e -> e.getKey() + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(URI.create("http://localhost:" + tally.port() + "/graphql?" + query))
                    .GET(), client == admin, null);
        }

        private static Exchange send(HttpRequest.Builder builder, boolean asAdmin, String accept) {
            builder.header("Authorization", "Bearer " + (asAdmin ? adminKey : readKey));
            if (accept != null) {
                builder.header("Accept", accept);
            }
            try {
                var response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                return new Exchange(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                        response.body(), response);
            } catch (IOException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        JsonNode json() {
            try {
                return Http.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(status + " not JSON: " + body, e);
            }
        }

        String code() {
            return json().get("errors").get(0).get("extensions").get("code").asText();
        }

        String message() {
            return json().get("errors").get(0).get("message").asText();
        }
    }

    @Test
    void thePublishedSchemaIsTheOneInTheRepository() throws Exception {
        Http.Answer published = new Http(tally.port()).get("/graphql/schema.graphql");
        assertThat(published.status()).isEqualTo(200);
        Path file = Path.of("..", "adapters-in", "graphql", "src", "main", "resources", "io", "tally", "adapter", "in",
                "graphql", "schema.graphql");
        assertThat(published.body()).isEqualTo(Files.readString(file));
    }

    // ---- comparison ----

    /**
     * The GraphQL answer equals REST's: numbers compared by value, GraphQL's {@code [{metric, value}]} lists read as
     * REST's {@code {metric: value}} maps, REST's meta compared on the fields GraphQL selected (timing aside).
     */
    private static void assertSame(JsonNode graph, JsonNode rest) {
        JsonNode expected = canonical(restShape(rest, graph));
        JsonNode actual = canonical(totalsAsMaps(graph));
        assertThat(actual).isEqualTo(expected);
    }

    private static JsonNode restShape(JsonNode rest, JsonNode graph) {
        ObjectNode copy = rest.deepCopy();
        ObjectNode meta = (ObjectNode) copy.get("meta");
        List<String> drop = new ArrayList<>();
        meta.fieldNames().forEachRemaining(name -> {
            if (!graph.get("meta").has(name)) {
                drop.add(name);
            }
        });
        assertThat(drop).as("REST meta fields GraphQL did not select").isSubsetOf("query_ms", "cached");
        meta.remove(drop);
        return copy;
    }

    private static JsonNode totalsAsMaps(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = field.getValue();
                if (value.isNull()) {
                    continue; // an optional field REST leaves out (comparison without compare)
                }
                if (value.isArray() && !value.isEmpty() && value.get(0).isObject() && value.get(0).has("metric")) {
                    ObjectNode map = JsonNodeFactory.instance.objectNode();
                    value.forEach(pair -> map.set(pair.get("metric").asText(), pair.get("value")));
                    out.set(field.getKey(), map);
                } else {
                    out.set(field.getKey(), totalsAsMaps(value));
                }
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> out.add(totalsAsMaps(element)));
            return out;
        }
        return node;
    }

    /** Numbers as their plain decimal text, so that 50, 50.0 and 5E+1 compare equal. */
    private static JsonNode canonical(JsonNode node) {
        if (node.isNumber()) {
            return JsonNodeFactory.instance.textNode(node.decimalValue().stripTrailingZeros().toPlainString());
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(f -> out.set(f.getKey(), canonical(f.getValue())));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> out.add(canonical(element)));
            return out;
        }
        return node;
    }
}
