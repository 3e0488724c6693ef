package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's {@code GET /analytics/custom-report} applies {@code filters} (the body's JSON array, URL-encoded) and
 * refuses what it does not know by name, on DuckDB and on the embedded ClickHouse engine, over the hand-counted
 * events of {@link QueryApiTest}; it and {@code GET /v1/timeseries} read each parameter exactly as written.
 */
class CustomReportTest {

    private static final Map<String, Tally> NODES = new LinkedHashMap<>();
    private static final String RANGE = "/analytics/custom-report?start_date=2026-10-24&end_date=2026-10-26";

    @BeforeAll
    static void start(@TempDir Path dir) {
        for (String kind : List.of("duckdb", "clickhouse-embedded")) {
            Path home = dir.resolve(kind);
            Tally tally = Tally.start(TallyConfig.withOverrides(Map.of("server.port", "0", "server.host", "127.0.0.1",
                    "store.kind", kind, "store.path", home.resolve("tally.duckdb").toString(),
                    "store.clickhouse.path", home.resolve("clickhouse").toString(), "ingest.max-delay-ms", "20",
                    "auth.keys-required", "false")));
            NODES.put(kind, tally);
            String ndjson = QueryApiTest.events().stream().map(EventJson::line).collect(Collectors.joining("\n"));
            assertThat(new Http(tally.port()).post("/v1/events?wait=true", "application/x-ndjson", ndjson).status()).isEqualTo(202);
        }
    }

    @AfterAll
    static void stop() {
        NODES.values().forEach(Tally::close);
    }

    private static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static Map<String, Long> eventsByType(JsonNode answer) {
        Map<String, Long> byType = new TreeMap<>();
        answer.get("rows").forEach(row -> byType.put(row.get(0).asText(), row.get(1).asLong()));
        return byType;
    }

    @ParameterizedTest
    @ValueSource(strings = {"duckdb", "clickhouse-embedded"})
    void filters_narrow_the_report_as_the_body_of_a_query_does(String kind) {
        Http http = new Http(NODES.get(kind).port());
        // page views: e1 "/", e2 "/pricing", e4 "/", e7 "/docs"; on "/" only e1 (alice) and e4 (bob)
        String filters = "[[\"is\",\"event_type\",[\"page_view\"]],[\"is\",\"prop:path\",[\"/\"]]]";
        Http.Answer answer = http.get(RANGE + "&metrics=events,visitors&dimensions=event_type&filters=" + encoded(filters));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(eventsByType(answer.json())).isEqualTo(Map.of("page_view", 2L));
        assertThat(answer.json().get("totals").get("visitors").asLong()).isEqualTo(2);

        JsonNode posted = http.postJson("/v1/query", Map.of("metrics", List.of("events", "visitors"),
                "dimensions", List.of("event_type"), "date_range", List.of("2026-10-24", "2026-10-26"),
                "filters", List.of(List.of("is", "event_type", List.of("page_view")), List.of("is", "prop:path", List.of("/"))))).json();
        assertThat(answer.json().get("rows")).isEqualTo(posted.get("rows"));

        // without filters: every event of the range (4 page views, a conversion, a sign-up, a purchase)
        assertThat(eventsByType(http.get(RANGE + "&metrics=events&dimensions=event_type").json()))
                .isEqualTo(Map.of("page_view", 4L, "conversion", 1L, "sign_up", 1L, "purchase", 1L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"duckdb", "clickhouse-embedded"})
    void what_the_endpoint_does_not_know_is_refused_by_name(String kind) {
        Http http = new Http(NODES.get(kind).port());
        assertProblem(http.get(RANGE + "&metrics=events&filter=" + encoded("[[\"is\",\"country\",[\"DE\"]]]")), "filter");
        assertProblem(http.get(RANGE + "&metrics=events&compare=previous_period"), "compare");
        assertProblem(http.get(RANGE + "&metrics=events&filters=" + encoded("[[\"is\",\"country\"")), "filters");
        assertProblem(http.get(RANGE + "&metrics=events&filters=" + encoded("{\"is\":\"country\"}")), "filters");
        assertProblem(http.get(RANGE + "&metrics=events&filters=" + encoded("[[\"is\",\"shoe_size\",[\"42\"]]]")), "filters[0][1]");
        assertProblem(http.get(RANGE + "&metrics=events&metrics=visitors"), "metrics");
        assertProblem(http.get(RANGE + "&metrics=events,visits"), "metrics");
    }

    @ParameterizedTest
    @ValueSource(strings = {"duckdb", "clickhouse-embedded"})
    void the_get_query_routes_read_every_parameter_as_written_never_defaulting_an_empty_one(String kind) {
        Http http = new Http(NODES.get(kind).port());
        String series = "/v1/timeseries?metric=page_views&from=2026-10-24T00:00:00Z&to=2026-10-27T00:00:00Z";
        // an empty timezone meant UTC, a padded one was trimmed; as on the JSON routes both are refused now
        for (String bad : List.of("timezone=", "timezone=%20", "timezone=%20Europe/Berlin%20", "timezone=Europe/Berlin%20",
                "interval=", "interval=%20day", "timezon=Europe/Berlin", "timezone=UTC&timezone=Europe/Berlin",
                "refresh=yes")) {
            String field = bad.substring(0, bad.indexOf('='));
            assertProblem(http.get(series + "&" + bad), field);
        }
        for (String bad : List.of("metric=", "from=", "to=")) { // the route's own value of it is replaced by an empty one
            String field = bad.substring(0, bad.indexOf('='));
            assertProblem(http.get(series.replaceFirst(field + "=[^&]*", bad)), field);
        }
        assertProblem(http.get(series + "&metric=conversions"), "metric");
        assertProblem(http.get(series + "&metrics=conversions"), "metrics");
        assertProblem(http.get(series.replace("metric=page_views", "metric=page_views,,conversions")), "metric");
        assertProblem(http.get(series.replace("metric=page_views", "metric=page_views,%20conversions")), "metric");
        assertProblem(http.get(series.replace("from=", "from=%20")), "from");

        String report = RANGE + "&metrics=events&dimensions=event_type";
        for (String bad : List.of("timezone=", "timezone=%20Europe/Berlin", "filters=", "refresh=yes")) {
            assertProblem(http.get(report + "&" + bad), bad.substring(0, bad.indexOf('=')));
        }
        assertProblem(http.get(report.replace("start_date=2026-10-24", "start_date=")), "start_date");
        assertProblem(http.get(report.replace("&end_date=2026-10-26", "&end_date=")), "end_date");
        assertProblem(http.get(report.replace("dimensions=event_type", "dimensions=")), "dimensions");
        assertProblem(http.get(report.replace("metrics=events", "metrics=events,,visitors")), "metrics");
        assertProblem(http.get(report.replace("metrics=events", "metrics=events,%20visitors")), "metrics");
        // the JSON routes agree: a padded zone is refused there too
        Http.Answer padded = http.postJson("/v1/query", Map.of("metrics", List.of("events"), "timezone", " Europe/Berlin "));
        assertThat(padded.status()).as(padded.body()).isEqualTo(400);
        assertThat(padded.json().get("errors").findValuesAsText("field")).containsExactly("timezone");

        // written exactly, the same parameters are answered: the 7 events of the range, on both stores
        Http.Answer berlin = http.get(series + "&interval=day&timezone=Europe/Berlin&refresh=force");
        assertThat(berlin.status()).as(berlin.body()).isEqualTo(200);
        assertThat(berlin.json().at("/meta/timezone").asText()).isEqualTo("Europe/Berlin");
        Http.Answer byType = http.get(report + "&timezone=Europe/Berlin");
        assertThat(byType.status()).as(byType.body()).isEqualTo(200);
        assertThat(eventsByType(byType.json()).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(7);
    }

    private static void assertProblem(Http.Answer answer, String field) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("errors").findValuesAsText("field")).as(answer.body()).contains(field);
    }
}
