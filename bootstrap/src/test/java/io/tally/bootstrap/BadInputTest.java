package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import io.tally.domain.event.Event;
import io.tally.domain.sample.TrafficGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of bad input gets its documented status and problem body, and never costs a valid event. */
class BadInputTest {

    private static Tally tally;
    private static Http http;
    private static final Instant END = Instant.now().truncatedTo(ChronoUnit.HOURS);

    @BeforeAll
    static void start(@TempDir Path dir) {
        tally = EndToEndTest.start(dir);
        http = new Http(tally.port());
    }

    @AfterAll
    static void stop() {
        tally.stop();
    }

    private static void assertProblem(Http.Answer answer, int status, String... fields) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode body = answer.json();
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("type").asText()).startsWith("urn:tally:problem:");
        assertThat(body.get("title").asText()).isNotBlank();
        if (fields.length > 0) {
            assertThat(body.get("errors").findValuesAsText("field")).contains(fields);
        }
    }

    private static Map<String, Object> valid(String id) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_id", id);
        event.put("user_id", "u-" + id);
        event.put("session_id", "s-" + id);
        event.put("event_type", "page_view");
        event.put("timestamp", END.minusSeconds(30).toString());
        return event;
    }

    private static long pageViewsLastHour() {
        JsonNode rows = http.get("/v1/timeseries?metric=page_views&from=" + END.minus(Duration.ofHours(1)) + "&to=" + END)
                .json().get("rows");
        return rows.get(0).get(1).asLong();
    }

    @Test
    void malformed_json_is_a_400_problem() {
        assertProblem(http.post("/v1/events", "application/json", "{\"event_id\": \"x\", "), 400, "body");
        assertProblem(http.post("/v1/events", "application/json", "42"), 400);
        assertProblem(http.post("/v1/events", "application/json", ""), 400);
        assertProblem(http.post("/v1/events", "application/json", "[]"), 400);
    }

    @Test
    void a_number_past_a_doubles_range_is_refused_by_name_not_a_500() {
        // a tree reads 1e400 as Infinity, whose decimal threw: the query routes answered 500
        assertProblem(http.post("/v1/query", "application/json", "{\"metrics\":[\"events\"],\"limit\":1e400}"), 400, "limit");
        assertProblem(http.post("/v1/retention", "application/json", "{\"start_event\":{\"event\":1E+400}}"), 400,
                "start_event.event");
        assertProblem(http.post("/v1/events", "application/json", ""), 400, "body");
    }

    @Test
    void a_number_no_store_holds_is_refused_by_name_and_ingestion_goes_on() {
        // 1e10000 was accepted, then failed every write of its batch: the writer retried it for ever, and everything
        // queued behind it waited (a ?wait=true never answered)
        String huge = EventJson.write(valid("huge-number")).replaceFirst("}$", ",\"properties\":{\"n\":1e10000}}");
        assertProblem(http.post("/v1/events?wait=true", "application/json", huge), 400, "properties.n");
        Map<String, Object> next = valid("after-huge-number");
        next.put("properties", Map.of("n", new BigDecimal("999999999999999")));
        assertThat(http.postJson("/v1/events?wait=true", next).json().get("accepted").asInt()).isEqualTo(1);
    }

    @Test
    void wrong_types_and_missing_fields_are_named() {
        Map<String, Object> event = valid("wrong-types");
        event.put("user_id", 12);
        event.put("timestamp", "last tuesday");
        event.remove("session_id");
        event.put("properties", Map.of("tags", List.of("a")));
        Http.Answer answer = http.post("/v1/events", "application/json", EventJson.write(event));
        assertProblem(answer, 400, "user_id", "timestamp", "session_id", "properties.tags");
    }

    @Test
    void an_oversized_body_is_a_413_problem() {
        byte[] big = new byte[10 * 1024 * 1024 + 10];
        Arrays.fill(big, (byte) ' ');
        assertProblem(http.post("/v1/events", "application/json", big), 413);
    }

    @Test
    void an_unsupported_media_type_is_a_415_problem() {
        assertProblem(http.post("/v1/events", "text/csv", "a,b"), 415);
    }

    @Test
    void a_mixed_batch_stores_all_its_valid_events_and_lists_the_rest() {
        long before = pageViewsLastHour();
        List<Object> batch = new ArrayList<>();
        batch.add(valid("mixed-1"));
        batch.add("not an object");
        batch.add(valid("mixed-2"));
        Map<String, Object> noType = valid("mixed-3");
        noType.remove("event_type");
        batch.add(noType);
        batch.add(valid("mixed-4"));
        Http.Answer answer = http.post("/v1/events?wait=true", "application/json", EventJson.write(batch));
        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.json().get("accepted").asInt()).isEqualTo(3);
        assertThat(answer.json().get("rejected").findValuesAsText("index")).containsExactly("1", "3");
        assertThat(answer.json().get("rejected").get(1).get("errors").get(0).get("field").asText()).isEqualTo("event_type");
        assertThat(pageViewsLastHour()).isEqualTo(before + 3);
    }

    @Test
    void a_broken_ndjson_line_costs_only_itself() {
        long before = pageViewsLastHour();
        String ndjson = EventJson.write(valid("nd-1")) + "\n{broken\n" + EventJson.write(valid("nd-2")) + "\n";
        Http.Answer answer = http.post("/v1/events?wait=true", "application/x-ndjson", ndjson);
        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.json().get("accepted").asInt()).isEqualTo(2);
        assertThat(answer.json().get("rejected").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(pageViewsLastHour()).isEqualTo(before + 2);
    }

    @Test
    void a_batch_with_nothing_valid_is_a_400_naming_each_field_by_index() {
        Map<String, Object> a = valid("bad-a");
        a.remove("user_id");
        Map<String, Object> b = valid("bad-b");
        b.put("timestamp", END.plus(Duration.ofDays(3)).toString());
        assertProblem(http.post("/v1/events", "application/json", EventJson.write(List.of(a, b))), 400,
                "[0].user_id", "[1].timestamp");
    }

    @Test
    void bad_time_series_parameters_are_named_and_injection_is_refused() {
        assertProblem(http.get("/v1/timeseries?metric=page_views;DROP%20TABLE%20events"), 400, "metric");
        assertProblem(http.get("/v1/timeseries?interval=decade"), 400, "interval");
        assertProblem(http.get("/v1/timeseries?timezone=UTC%27%29%3B--"), 400, "timezone");
        assertProblem(http.get("/v1/timeseries?from=yesterday"), 400, "from");
        assertThat(http.get("/v1/timeseries").status()).isEqualTo(200);
    }

    @Test
    void events_stay_intact_when_property_values_look_like_sql() {
        Event sample = TrafficGenerator.list(new TrafficGenerator.Settings(1, 1, 1, END, "default")).getFirst();
        Map<String, Object> event = EventJson.wire(sample);
        event.put("event_id", "quote-'; DROP TABLE events; --");
        event.put("properties", Map.of("path", "'); DELETE FROM events; --"));
        assertThat(http.post("/v1/events?wait=true", "application/json", EventJson.write(event)).status()).isEqualTo(202);
        assertThat(http.get("/v1/timeseries").status()).isEqualTo(200);
    }

    @Test
    void rejected_events_are_counted_by_reason_in_the_metrics() {
        Map<String, Object> event = valid("metric-reason");
        event.remove("user_id");
        assertThat(http.post("/v1/events", "application/json", EventJson.write(event)).status()).isEqualTo(400);
        String metrics = http.get("/observe/metrics").body();
        assertThat(metrics.lines().filter(l -> l.startsWith("tally_events_rejected_total{") && l.contains("reason=\"missing\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum()).isGreaterThanOrEqualTo(1.0);
    }
}
