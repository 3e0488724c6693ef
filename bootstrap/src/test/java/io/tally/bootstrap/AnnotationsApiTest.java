package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Annotations over real HTTP on the embedded DuckDB store: created (the server gives the id), listed oldest first, read,
 * replaced and deleted under {@code /v1/annotations}, refused by field; shown in {@code meta.annotations} of every answer
 * along time whose range holds them (from included, to excluded) and of no other answer, at once after they are written
 * or deleted even where the answer was cached; and the same through GraphQL. Every test deletes what it saved.
 */
class AnnotationsApiTest {

    private static Tally tally;
    private static Http http;

    /** Page views of ann and ben on 10 to 12 September 2026 (UTC), so that every answer below has something to count. */
    static List<Event> events() {
        return List.of(
                event("a1", "ann", "2026-09-10T08:00:00Z"),
                event("a2", "ann", "2026-09-11T09:00:00Z"),
                event("b1", "ben", "2026-09-11T12:00:00Z"),
                event("b2", "ben", "2026-09-12T15:00:00Z"));
    }

    private static Event event(String id, String user, String at) {
        Instant time = Instant.parse(at);
        return new Event(id, "default", user, "s-" + user, "page_view", time, Map.of("country", PropertyValue.of("DE")),
                "", "", time);
    }

    /** 10 to 12 September in UTC: from 10 Sep 00:00Z included to 13 Sep 00:00Z excluded. */
    private static final List<String> DAYS = List.of("2026-09-10", "2026-09-12");
    private static final String ID = "[0-9a-f]{16}";

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

    @AfterEach
    void deleteEveryAnnotation() {
        for (String id : list().findValuesAsText("id")) {
            assertThat(http.delete("/v1/annotations/" + id).status()).isEqualTo(204);
        }
    }

    private static JsonNode list() {
        Http.Answer answer = http.get("/v1/annotations");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        return answer.json().get("annotations");
    }

    /** Saves a note through POST and answers its id. */
    private static String create(String at, String text) {
        Http.Answer created = http.postJson("/v1/annotations", Map.of("at", at, "text", text));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void annotations_are_created_listed_oldest_first_read_replaced_and_deleted() {
        Http.Answer created = http.postJson("/v1/annotations", Map.of("at", "2026-09-11T10:30:00+02:00", "text", "new pricing page"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.contentType()).startsWith("application/json");
        JsonNode pricing = created.json();
        String id = pricing.get("id").asText();
        assertThat(id).as("the server's id: 16 lower-case hex digits").matches(ID);
        assertThat(created.raw().headers().firstValue("Location")).contains("/v1/annotations/" + id);
        assertThat(fieldNames(pricing)).containsExactly("id", "at", "text");
        // 10:30 at +02:00 is 08:30 UTC, and the moment is written back in UTC
        assertThat(pricing.get("at").asText()).isEqualTo("2026-09-11T08:30:00Z");
        assertThat(pricing.get("text").asText()).isEqualTo("new pricing page");

        // created second but earlier: listed first
        String newsletter = create("2026-09-10T09:00:00Z", "newsletter sent");
        assertThat(newsletter).matches(ID).isNotEqualTo(id);
        JsonNode listed = list();
        assertThat(listed.findValuesAsText("id")).containsExactly(newsletter, id);
        assertThat(listed.findValuesAsText("at")).containsExactly("2026-09-10T09:00:00Z", "2026-09-11T08:30:00Z");
        assertThat(listed.findValuesAsText("text")).containsExactly("newsletter sent", "new pricing page");

        Http.Answer read = http.get("/v1/annotations/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(pricing);

        // replaced under its id: moved to 11 Sep 07:00Z and reworded; a body may repeat its own id
        Http.Answer replaced = http.put("/v1/annotations/" + id, Map.of("id", id, "at", "2026-09-11T09:00:00+02:00",
                "text", "new pricing page, second try"));
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.json().get("id").asText()).isEqualTo(id);
        assertThat(replaced.json().get("at").asText()).isEqualTo("2026-09-11T07:00:00Z");
        assertThat(http.get("/v1/annotations/" + id).json().get("text").asText()).isEqualTo("new pricing page, second try");
        assertThat(list().findValuesAsText("id")).as("still two").containsExactly(newsletter, id);

        // a PUT to an id no annotation has yet creates one under it
        Http.Answer put = http.put("/v1/annotations/00000000000000ab", Map.of("at", "2026-09-12T00:00:00Z", "text", "made by PUT"));
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        assertThat(put.json().get("id").asText()).isEqualTo("00000000000000ab");
        assertThat(list().findValuesAsText("id")).containsExactly(newsletter, id, "00000000000000ab");

        assertThat(http.delete("/v1/annotations/" + id).status()).isEqualTo(204);
        assertThat(http.delete("/v1/annotations/" + id).status()).isEqualTo(404);
        Http.Answer missing = http.get("/v1/annotations/" + id);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.json().get("detail").asText()).isEqualTo("no annotation has the id " + id);
        assertThat(http.get("/v1/annotations/not-an-id").status()).as("as a name no goal has").isEqualTo(404);
        assertThat(http.delete("/v1/annotations/not-an-id").status()).isEqualTo(404);
        assertThat(list().findValuesAsText("id")).containsExactly(newsletter, "00000000000000ab");
    }

    private static List<String> refusedFields(Http.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("title").asText()).isEqualTo("Invalid annotation");
        return answer.json().get("errors").findValuesAsText("field");
    }

    private static List<String> refusedFields(Object body) {
        return refusedFields(http.postJson("/v1/annotations", body));
    }

    @Test
    void bad_annotations_are_problems_naming_the_field() {
        assertThat(refusedFields(Map.of("at", "2026-09-11T10:30:00", "text", "no offset"))).as("a local time without offset")
                .containsExactly("at");
        assertThat(refusedFields(Map.of("at", "11 September 2026", "text", "prose"))).containsExactly("at");
        assertThat(refusedFields(Map.of("text", "when?"))).containsExactly("at");
        assertThat(refusedFields(Map.of("at", "2026-09-11T10:30:00Z", "text", "  "))).as("blank").containsExactly("text");
        assertThat(refusedFields(Map.of("at", "2026-09-11T10:30:00Z"))).containsExactly("text");
        assertThat(refusedFields(Map.of("at", "2026-09-11T10:30:00Z", "text", "x".repeat(1_001)))).as("1,001 characters")
                .containsExactly("text");
        assertThat(refusedFields(Map.of("at", "2026-09-11T10:30:00Z", "text", "x", "colour", "red"))).containsExactly("colour");
        assertThat(refusedFields(Map.of("at", "2026-09-11T10:30:00Z", "text", "x", "id", "0123456789abcdef")))
                .as("the server gives a new annotation its id").containsExactly("id");
        assertThat(refusedFields(List.of("at", "text"))).startsWith("body");
        assertThat(http.post("/v1/annotations", "application/json", "{not json").status()).isEqualTo(400);

        String id = create("2026-09-11T10:30:00Z", "x".repeat(1_000));
        assertThat(http.get("/v1/annotations/" + id).json().get("text").asText()).as("1,000 characters are fine").hasSize(1_000);
        assertThat(refusedFields(http.put("/v1/annotations/" + id, Map.of("id", "fedcba9876543210", "at", "2026-09-11T10:30:00Z",
                "text", "another's id")))).containsExactly("id");
        assertThat(refusedFields(http.put("/v1/annotations/Not-An-Id", Map.of("at", "2026-09-11T10:30:00Z", "text", "x"))))
                .containsExactly("id");
        assertThat(refusedFields(http.put("/v1/annotations/" + id, Map.of("at", "2026-09-11", "text", "")))).containsExactly("at", "text");
        assertThat(list().findValuesAsText("id")).as("nothing refused was saved or changed").containsExactly(id);
        assertThat(http.get("/v1/annotations/" + id).json().get("text").asText()).hasSize(1_000);
    }

    private static Http.Answer report(List<String> dimensions) {
        Http.Answer answer = http.postJson("/v1/query", Map.of("metrics", List.of("events"), "dimensions", dimensions, "date_range", DAYS));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer;
    }

    private static JsonNode timeseries() {
        Http.Answer answer = http.get("/v1/timeseries?metric=page_views&from=2026-09-10T00:00:00Z&to=2026-09-13T00:00:00Z&interval=day");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static List<String> texts(JsonNode answer) {
        JsonNode annotations = answer.get("meta").get("annotations");
        assertThat(annotations).as(answer.get("meta").toString()).isNotNull();
        annotations.forEach(note -> assertThat(fieldNames(note)).containsExactly("id", "at", "text"));
        return annotations.findValuesAsText("text");
    }

    /** A question to a query route. */
    private record Asked(String path, Object body) {
    }

    @Test
    void answers_along_time_show_the_annotations_of_their_range_and_other_answers_none() {
        // the range is 10 Sep 00:00Z (included) to 13 Sep 00:00Z (excluded)
        create("2026-09-12T14:00:00+02:00", "inside: 12 Sep 12:00Z");
        create("2026-09-10T02:00:00+02:00", "at the range's start: 10 Sep 00:00Z");
        create("2026-09-13T00:00:00Z", "at the range's end");
        create("2026-09-09T23:59:59Z", "a second before the range");
        create("2026-10-01T12:00:00Z", "weeks after");

        List<String> expected = List.of("at the range's start: 10 Sep 00:00Z", "inside: 12 Sep 12:00Z");
        JsonNode byDay = report(List.of("time:day")).json();
        assertThat(byDay.get("rows")).as("ann's and ben's four page views on three days").hasSize(3);
        assertThat(texts(byDay)).containsExactlyElementsOf(expected);
        assertThat(byDay.get("meta").get("annotations").findValuesAsText("at"))
                .containsExactly("2026-09-10T00:00:00Z", "2026-09-12T12:00:00Z");
        assertThat(texts(report(List.of("time:day", "country")).json())).containsExactlyElementsOf(expected);
        assertThat(texts(timeseries())).containsExactlyElementsOf(expected);
        // and a PDF report lists them after its table
        try (PDDocument document = Loader.loadPDF(http.rawBytes("/v1/query?format=pdf", EventJson.write(Map.of("metrics",
                List.of("events"), "dimensions", List.of("time:day"), "date_range", DAYS))))) {
            assertThat(new PDFTextStripper().getText(document).lines().map(String::strip).toList()).containsSubsequence(
                    "Annotations in the range, oldest first (their moment in UTC)", "at text",
                    "2026-09-10T00:00:00Z at the range's start: 10 Sep 00:00Z", "2026-09-12T12:00:00Z inside: 12 Sep 12:00Z");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        Map<String, Object> steps = Map.of("steps", List.of(Map.of("event", "page_view"), Map.of("event", "page_view")),
                "date_range", DAYS);
        Map<String, Object> funnelTrend = new LinkedHashMap<>(steps);
        funnelTrend.put("interval", "day");
        for (Asked along : List.of(
                new Asked("/v1/funnels", funnelTrend),
                new Asked("/v1/lifecycle", Map.of("event", "page_view", "date_range", DAYS)),
                new Asked("/v1/trends", Map.of("series", List.of(Map.of("event", "page_view")), "date_range", DAYS)))) {
            Http.Answer answer = http.postJson(along.path(), along.body());
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(texts(answer.json())).as(along.path()).containsExactlyElementsOf(expected);
        }

        // not along time: no annotations key at all
        for (Asked across : List.of(
                new Asked("/v1/query", Map.of("metrics", List.of("events"), "dimensions", List.of("country"), "date_range", DAYS)),
                new Asked("/v1/query", Map.of("metrics", List.of("events", "visitors"), "date_range", DAYS)),
                new Asked("/v1/funnels", steps),
                new Asked("/v1/stickiness", Map.of("event", "page_view", "date_range", DAYS)),
                new Asked("/v1/retention", Map.of("start_event", Map.of("event", "page_view"), "date_range", DAYS)),
                new Asked("/v1/paths", Map.of("anchor", Map.of("event", "page_view"), "date_range", DAYS)),
                new Asked("/v1/conversions", Map.of("date_range", DAYS)))) {
            Http.Answer answer = http.postJson(across.path(), across.body());
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().get("meta").has("annotations")).as(across.path() + " " + across.body()).isFalse();
        }
    }

    @Test
    void a_note_written_or_deleted_shows_in_the_next_answer_of_a_cached_question() {
        create("2026-09-11T12:00:00Z", "first");
        assertThat(report(List.of("time:day")).raw().headers().firstValue("X-Cache")).contains("MISS");
        Http.Answer cached = report(List.of("time:day"));
        assertThat(cached.raw().headers().firstValue("X-Cache")).as("the question is cached").contains("HIT");
        assertThat(texts(cached.json())).containsExactly("first");
        timeseries();
        assertThat(texts(timeseries())).containsExactly("first");

        // a new note inside the range is in the very next answer, cached or not
        String second = create("2026-09-10T12:00:00Z", "second, earlier");
        assertThat(texts(report(List.of("time:day")).json())).containsExactly("second, earlier", "first");
        assertThat(texts(timeseries())).containsExactly("second, earlier", "first");
        Http.Answer again = report(List.of("time:day"));
        assertThat(again.raw().headers().firstValue("X-Cache")).as("cached anew").contains("HIT");
        assertThat(texts(again.json())).containsExactly("second, earlier", "first");

        // so is a note moved out of the range, and one deleted
        assertThat(http.put("/v1/annotations/" + second, Map.of("at", "2026-09-20T12:00:00Z", "text", "moved away")).status())
                .isEqualTo(200);
        assertThat(texts(report(List.of("time:day")).json())).containsExactly("first");
        String first = list().findValuesAsText("id").getFirst();
        assertThat(http.delete("/v1/annotations/" + first).status()).isEqualTo(204);
        assertThat(texts(report(List.of("time:day")).json())).isEmpty();
        assertThat(texts(timeseries())).isEmpty();
    }

    private static JsonNode graphQl(String query, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        Http.Answer answer = http.postJson("/graphql", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static JsonNode data(String query, Map<String, Object> variables) {
        JsonNode answer = graphQl(query, variables);
        assertThat(answer.path("errors").isMissingNode()).as(answer.toString()).isTrue();
        return answer.get("data");
    }

    @Test
    void graphql_saves_lists_and_deletes_annotations_and_shows_them_in_a_reports_meta() {
        String rest = create("2026-09-10T06:00:00Z", "made through REST");
        JsonNode saved = data("mutation($a: AnnotationInput!) { saveAnnotation(annotation: $a) { id at text } }",
                Map.of("a", Map.of("at", "2026-09-12T12:00:00+02:00", "text", "made through GraphQL"))).get("saveAnnotation");
        String id = saved.get("id").asText();
        assertThat(id).as("no id: a new one").matches(ID);
        assertThat(saved.get("at").asText()).isEqualTo("2026-09-12T10:00:00Z");
        assertThat(http.get("/v1/annotations/" + id).json()).isEqualTo(saved);

        JsonNode read = data("query($id: String!) { annotations { id at text } annotation(id: $id) { text } }", Map.of("id", id));
        assertThat(read.get("annotations")).isEqualTo(list());
        assertThat(read.get("annotations").findValuesAsText("id")).containsExactly(rest, id);
        assertThat(read.get("annotation").get("text").asText()).isEqualTo("made through GraphQL");
        assertThat(data("{ annotation(id: \"0000000000000000\") { text } }", Map.of()).get("annotation").isNull()).isTrue();

        JsonNode replaced = data("mutation($id: String, $a: AnnotationInput!) { saveAnnotation(id: $id, annotation: $a) { id at text } }",
                Map.of("id", id, "a", Map.of("at", "2026-09-12T13:00:00+02:00", "text", "made through GraphQL, moved"))).get("saveAnnotation");
        assertThat(replaced.get("id").asText()).isEqualTo(id);
        assertThat(http.get("/v1/annotations/" + id).json().get("at").asText()).isEqualTo("2026-09-12T11:00:00Z");
        assertThat(list()).as("replaced, not added").hasSize(2);

        // the same report through both: GraphQL's meta lists the same notes as REST's
        Map<String, Object> body = Map.of("metrics", List.of("events"), "dimensions", List.of("time:day"), "date_range", DAYS);
        JsonNode graphMeta = data("query($q: ReportInput!) { report(query: $q) { meta { annotations { id at text } } } }",
                Map.of("q", body)).get("report").get("meta");
        JsonNode restMeta = report(List.of("time:day")).json().get("meta");
        assertThat(graphMeta.get("annotations").findValuesAsText("text")).containsExactly("made through REST", "made through GraphQL, moved");
        assertThat(graphMeta.get("annotations")).isEqualTo(restMeta.get("annotations"));
        JsonNode across = data("query($q: ReportInput!) { report(query: $q) { meta { annotations { id } } } }",
                Map.of("q", Map.of("metrics", List.of("events"), "date_range", DAYS))).get("report").get("meta");
        assertThat(across.get("annotations").isNull()).as("a report without time has none").isTrue();

        JsonNode noOffset = graphQl("mutation { saveAnnotation(annotation: {at: \"2026-09-12T12:00:00\", text: \"x\"}) { id } }", Map.of());
        assertThat(noOffset.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("BAD_USER_INPUT");
        assertThat(noOffset.get("errors").get(0).get("extensions").get("field").asText()).isEqualTo("annotation.at");
        JsonNode blank = graphQl("mutation { saveAnnotation(annotation: {at: \"2026-09-12T12:00:00Z\", text: \" \"}) { id } }", Map.of());
        assertThat(blank.get("errors").get(0).get("extensions").get("field").asText()).isEqualTo("annotation.text");
        JsonNode badId = graphQl("mutation { saveAnnotation(id: \"Not-An-Id\", annotation: {at: \"2026-09-12T12:00:00Z\", text: \"x\"}) { id } }",
                Map.of());
        assertThat(badId.get("errors").get(0).get("extensions").get("field").asText()).isEqualTo("id");
        assertThat(list()).as("nothing refused was saved").hasSize(2);

        assertThat(data("mutation($id: String!) { deleteAnnotation(id: $id) }", Map.of("id", id)).get("deleteAnnotation").asBoolean())
                .isTrue();
        assertThat(data("mutation($id: String!) { deleteAnnotation(id: $id) }", Map.of("id", id)).get("deleteAnnotation").asBoolean())
                .isFalse();
        assertThat(http.get("/v1/annotations/" + id).status()).isEqualTo(404);
        assertThat(texts(report(List.of("time:day")).json())).containsExactly("made through REST");
    }
}
