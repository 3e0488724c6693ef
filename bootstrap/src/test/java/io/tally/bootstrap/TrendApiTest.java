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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code POST /v1/trends} over real HTTP on the embedded DuckDB store and a hand-worked data set: every expected number
 * below is counted by hand in the comments, not by any engine. Series side by side with a formula across them, a
 * breakdown cut to its largest values, totals that count a visitor once, the same answer as CSV, as a PDF, through
 * GraphQL and as a saved dashboard widget; and the refusals, each a problem naming its field.
 */
class TrendApiTest {

    private static Tally tally;
    private static Http http;

    /*
     * 10 to 12 September 2026 in Berlin, on summer time (+02:00): a local day starts at 22:00 UTC the day before.
     * Countries are the events' own (no IP to look up).
     *   ann (IT): page views 9 Sep 22:30Z (10 Sep 00:30 local) and 10 Sep 08:00Z; sign-ups 10 Sep 09:00Z and 10:00Z;
     *             a purchase of 19.99 on 10 Sep 11:00Z
     *   ben (DE): a page view 10 Sep 12:00Z; sign-ups 11 Sep 10:00Z and 12 Sep 10:00Z; a purchase of 5.01 on
     *             12 Sep 15:00Z
     *   cat (FR): a page view 11 Sep 21:30Z (11 Sep 23:30 local); a sign-up 12 Sep 11:00Z
     *   dan (FR): a sign-up 12 Sep 12:00Z; a page view 12 Sep 22:30Z (13 Sep 00:30 local: after the range)
     *   eve (DE): a page view 9 Sep 21:30Z (9 Sep 23:30 local: before the range)
     * And before, in the 3 days compared with the range by previous_period (7 to 9 September, local):
     *   fay (IT): a page view 7 Sep 08:00Z, a sign-up 7 Sep 09:00Z
     *   gus (DE): a page view 8 Sep 07:00Z; sign-ups 8 Sep 10:00Z and 9 Sep 10:00Z
     *   hal (FR): a page view 6 Sep 21:30Z (6 Sep 23:30 local: before the compared range too)
     */
    static List<Event> events() {
        return List.of(
                event("p1", "ann", "page_view", "2026-09-09T22:30:00Z", "IT", null),
                event("p2", "ann", "page_view", "2026-09-10T08:00:00Z", "IT", null),
                event("s1", "ann", "sign_up", "2026-09-10T09:00:00Z", "IT", null),
                event("s2", "ann", "sign_up", "2026-09-10T10:00:00Z", "IT", null),
                event("r1", "ann", "purchase", "2026-09-10T11:00:00Z", "IT", "19.99"),
                event("p3", "ben", "page_view", "2026-09-10T12:00:00Z", "DE", null),
                event("s3", "ben", "sign_up", "2026-09-11T10:00:00Z", "DE", null),
                event("s4", "ben", "sign_up", "2026-09-12T10:00:00Z", "DE", null),
                event("r2", "ben", "purchase", "2026-09-12T15:00:00Z", "DE", "5.01"),
                event("p4", "cat", "page_view", "2026-09-11T21:30:00Z", "FR", null),
                event("s5", "cat", "sign_up", "2026-09-12T11:00:00Z", "FR", null),
                event("s6", "dan", "sign_up", "2026-09-12T12:00:00Z", "FR", null),
                event("p5", "dan", "page_view", "2026-09-12T22:30:00Z", "FR", null),
                event("p6", "eve", "page_view", "2026-09-09T21:30:00Z", "DE", null),
                event("q1", "fay", "page_view", "2026-09-07T08:00:00Z", "IT", null),
                event("q2", "fay", "sign_up", "2026-09-07T09:00:00Z", "IT", null),
                event("q3", "gus", "page_view", "2026-09-08T07:00:00Z", "DE", null),
                event("q4", "gus", "sign_up", "2026-09-08T10:00:00Z", "DE", null),
                event("q5", "gus", "sign_up", "2026-09-09T10:00:00Z", "DE", null),
                event("q6", "hal", "page_view", "2026-09-06T21:30:00Z", "FR", null));
    }

    private static Event event(String id, String user, String type, String at, String country, String revenue) {
        Instant time = Instant.parse(at);
        Map<String, PropertyValue> properties = new HashMap<>(Map.of("country", PropertyValue.of(country)));
        if (revenue != null) {
            properties.put("revenue", PropertyValue.of(new BigDecimal(revenue)));
        }
        return new Event(id, "default", user, "s-" + id, type, time, properties, "", "", time);
    }

    private static final List<String> DAYS = List.of("2026-09-10", "2026-09-12");
    private static final List<String> PERIODS = List.of("2026-09-10T00:00:00+02:00", "2026-09-11T00:00:00+02:00",
            "2026-09-12T00:00:00+02:00");
    private static final Map<String, Object> PAGE_VIEWS = Map.of("event", "page_view");
    private static final Map<String, Object> SIGN_UP_VISITORS = Map.of("event", "sign_up", "metric", "visitors");
    private static final Map<String, Object> RATE = Map.of("expression", "B / A * 100");
    /** Page views (A), visitors signing up (B) and B / A * 100, per Berlin day. */
    private static final Map<String, Object> SIGN_UPS_PER_VIEW = Map.of("series", List.of(PAGE_VIEWS, SIGN_UP_VISITORS),
            "formulas", List.of(RATE), "interval", "day", "date_range", DAYS, "timezone", "Europe/Berlin");

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

    private static JsonNode ok(Map<String, Object> body) {
        Http.Answer answer = http.postJson("/v1/trends", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        return answer.json();
    }

    /** The lines as "name" or "name/breakdown value", in the answer's order. */
    private static List<String> names(JsonNode answer) {
        List<String> names = new ArrayList<>();
        answer.get("lines").forEach(line -> names.add(line.get("name").asText()
                + (line.has("breakdown_value") ? "/" + line.get("breakdown_value").asText(null) : "")));
        return names;
    }

    private static JsonNode line(JsonNode answer, int index) {
        return answer.get("lines").get(index);
    }

    /** A line's values and then its total, each equal to the expected number (to 1e-9) or null where null is expected. */
    private static void numbers(JsonNode line, Double total, Double... values) {
        assertThat(line.get("values")).as(line.toString()).hasSize(values.length);
        for (int i = 0; i < values.length; i++) {
            near(line.get("values").get(i), values[i], line.get("name") + " value " + i);
        }
        near(line.get("total"), total, line.get("name") + " total");
    }

    private static void near(JsonNode cell, Double expected, String what) {
        if (expected == null) {
            assertThat(cell.isNull()).as(what + ": " + cell).isTrue();
        } else {
            assertThat(cell.isNumber()).as(what + ": " + cell).isTrue();
            assertThat(cell.doubleValue()).as(what).isCloseTo(expected, within(1e-9));
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    @Test
    void two_series_and_a_formula_by_berlin_day() {
        JsonNode answer = ok(SIGN_UPS_PER_VIEW);
        assertThat(texts(answer.get("columns"))).containsExactly("period", "line", "value");
        assertThat(texts(answer.get("periods"))).containsExactlyElementsOf(PERIODS);
        assertThat(names(answer)).containsExactly("A", "B", "B / A * 100");

        // A, page views: 10 Sep p1 (00:30 local), p2, p3; 11 Sep p4 (23:30 local); 12 Sep none (p5 is 13 Sep local,
        // p6 9 Sep local). 4 in all
        JsonNode views = line(answer, 0);
        assertThat(views.get("kind").asText()).isEqualTo("series");
        assertThat(views.get("event").asText()).isEqualTo("page_view");
        assertThat(views.get("metric").asText()).as("the default metric").isEqualTo("events");
        assertThat(views.has("expression")).isFalse();
        assertThat(views.has("breakdown_value")).as("only with a breakdown").isFalse();
        numbers(views, 4.0, 3.0, 1.0, 0.0);

        // B, visitors signing up: 10 Sep ann (twice, one visitor); 11 Sep ben; 12 Sep ben, cat, dan. Over the range
        // ann, ben, cat and dan: 4, not the 5 the days add up to, as ben signed up on two days
        JsonNode visitors = line(answer, 1);
        assertThat(visitors.get("event").asText()).isEqualTo("sign_up");
        assertThat(visitors.get("metric").asText()).isEqualTo("visitors");
        numbers(visitors, 4.0, 1.0, 1.0, 3.0);

        // B / A * 100: 1 / 3 * 100 on 10 Sep, 1 / 1 * 100 on 11 Sep, 3 / 0 (null) on 12 Sep; the totals' 4 / 4 * 100
        JsonNode rate = line(answer, 2);
        assertThat(rate.get("kind").asText()).isEqualTo("formula");
        assertThat(rate.get("expression").asText()).isEqualTo("B / A * 100");
        assertThat(rate.has("event")).isFalse();
        assertThat(rate.has("metric")).isFalse();
        numbers(rate, 100.0, 100.0 / 3, 100.0, null);

        // the long table: a row per day and line, in the lines' order
        List<List<String>> rows = new ArrayList<>();
        answer.get("rows").forEach(row -> rows.add(Arrays.asList(row.get(0).asText(), row.get(1).asText(),
                row.get(2).isNull() ? null : row.get(2).decimalValue().stripTrailingZeros().toPlainString())));
        assertThat(rows).hasSize(9);
        assertThat(rows.get(0)).containsExactly("2026-09-10T00:00:00+02:00", "A", "3");
        assertThat(rows.get(1)).containsExactly("2026-09-10T00:00:00+02:00", "B", "1");
        assertThat(rows.get(2).subList(0, 2)).containsExactly("2026-09-10T00:00:00+02:00", "B / A * 100");
        assertThat(rows.subList(3, 6)).containsExactly(List.of("2026-09-11T00:00:00+02:00", "A", "1"),
                List.of("2026-09-11T00:00:00+02:00", "B", "1"), List.of("2026-09-11T00:00:00+02:00", "B / A * 100", "100"));
        assertThat(rows.subList(6, 9)).containsExactly(List.of("2026-09-12T00:00:00+02:00", "A", "0"),
                List.of("2026-09-12T00:00:00+02:00", "B", "3"), Arrays.asList("2026-09-12T00:00:00+02:00", "B / A * 100", null));

        JsonNode meta = answer.get("meta");
        assertThat(meta.get("source").asText()).isNotBlank();
        assertThat(meta.get("timezone").asText()).isEqualTo("Europe/Berlin");
        assertThat(meta.get("interval").asText()).isEqualTo("day");
        assertThat(meta.get("date_range").get("from").asText()).isEqualTo("2026-09-10T00:00:00+02:00");
        assertThat(meta.get("date_range").get("to").asText()).isEqualTo("2026-09-13T00:00:00+02:00");
        assertThat(meta.has("breakdown")).isFalse();
        assertThat(meta.has("breakdown_limit")).isFalse();
    }

    @Test
    void in_utc_the_days_fall_elsewhere() {
        Map<String, Object> utc = new LinkedHashMap<>(SIGN_UPS_PER_VIEW);
        utc.remove("timezone");
        JsonNode answer = ok(utc);
        assertThat(texts(answer.get("periods"))).containsExactly("2026-09-10T00:00:00Z", "2026-09-11T00:00:00Z",
                "2026-09-12T00:00:00Z");
        // UTC days: p2, p3 on 10 Sep (p1 is 9 Sep 22:30Z); p4 on 11 Sep; p5 on 12 Sep (22:30Z); p6 before
        numbers(line(answer, 0), 4.0, 2.0, 1.0, 1.0);
        // the sign-ups are all between 09:00Z and 12:00Z: the same days as in Berlin
        numbers(line(answer, 1), 4.0, 1.0, 1.0, 3.0);
        numbers(line(answer, 2), 100.0, 50.0, 100.0, 300.0);
        assertThat(answer.get("meta").get("timezone").asText()).isEqualTo("UTC");
    }

    @Test
    void a_breakdown_shows_each_series_largest_values_ordered_by_total_then_value() {
        Map<String, Object> body = new LinkedHashMap<>(SIGN_UPS_PER_VIEW);
        body.put("breakdown", "country");
        body.put("breakdown_limit", 2);
        JsonNode answer = ok(body);
        assertThat(texts(answer.get("columns"))).containsExactly("period", "line", "breakdown_value", "value");
        // A by country over the range: IT 2 (p1, p2), DE 1 (p3), FR 1 (p4): IT, then DE before FR (a tie, by value).
        // B: FR 2 (cat, dan), DE 1 (ben, on two days but one visitor), IT 1 (ann): FR, then DE before IT; were ben
        // counted once a day, DE would have 2 and come first. The formula: A's values, then B's new one (FR)
        assertThat(names(answer)).containsExactly("A/IT", "A/DE", "B/FR", "B/DE", "B / A * 100/IT", "B / A * 100/DE",
                "B / A * 100/FR");
        numbers(line(answer, 0), 2.0, 2.0, 0.0, 0.0);
        numbers(line(answer, 1), 1.0, 1.0, 0.0, 0.0);
        numbers(line(answer, 2), 2.0, 0.0, 0.0, 2.0);
        numbers(line(answer, 3), 1.0, 0.0, 1.0, 1.0);
        // IT: B (ann) 1, 0, 0 over A 2, 0, 0; totals 1 / 2
        numbers(line(answer, 4), 50.0, 50.0, null, null);
        // DE: B 0, 1, 1 over A 1, 0, 0; totals 1 / 1
        numbers(line(answer, 5), 100.0, 0.0, null, null);
        // FR: B 0, 0, 2 over A 0, 1, 0; totals 2 / 1
        numbers(line(answer, 6), 200.0, null, 0.0, null);

        assertThat(answer.get("rows")).hasSize(21);
        JsonNode first = answer.get("rows").get(0);
        assertThat(first.get(0).asText()).isEqualTo("2026-09-10T00:00:00+02:00");
        assertThat(first.get(1).asText()).isEqualTo("A");
        assertThat(first.get(2).asText()).isEqualTo("IT");
        assertThat(first.get(3).asLong()).isEqualTo(2);
        JsonNode meta = answer.get("meta");
        assertThat(meta.get("breakdown").asText()).isEqualTo("country");
        assertThat(meta.get("breakdown_limit").asInt()).isEqualTo(2);

        // with room for every value each series shows its three countries, largest total first, ties by value
        body.put("breakdown_limit", 3);
        assertThat(names(ok(body))).containsExactly("A/IT", "A/DE", "A/FR", "B/FR", "B/DE", "B/IT", "B / A * 100/IT",
                "B / A * 100/DE", "B / A * 100/FR");
    }

    @Test
    void revenue_per_visitor_of_any_event_with_a_named_formula() {
        JsonNode answer = ok(Map.of("series", List.of(Map.of("event", "purchase", "metric", "revenue"), Map.of("metric", "visitors")),
                "formulas", List.of(Map.of("expression", "A / B", "name", "revenue_per_visitor")), "date_range", DAYS,
                "timezone", "Europe/Berlin"));
        assertThat(names(answer)).containsExactly("A", "B", "revenue_per_visitor");
        // A, revenue: 19.99 on 10 Sep (r1), nothing on 11 Sep, 5.01 on 12 Sep (r2 at 17:00 local): 25 in all
        JsonNode revenue = line(answer, 0);
        assertThat(revenue.get("metric").asText()).isEqualTo("revenue");
        assertThat(revenue.get("values").get(0).decimalValue()).isEqualByComparingTo("19.99");
        assertThat(revenue.get("values").get(2).decimalValue()).isEqualByComparingTo("5.01");
        numbers(revenue, 25.0, 19.99, 0.0, 5.01);
        // B, visitors of any event: 10 Sep ann, ben; 11 Sep ben (s3), cat (p4); 12 Sep ben, cat, dan. Over the
        // range 4 (ann, ben, cat, dan), not 7; eve's only event is before the range
        JsonNode visitors = line(answer, 1);
        assertThat(visitors.get("event").isNull()).as("any event").isTrue();
        numbers(visitors, 4.0, 2.0, 2.0, 3.0);
        JsonNode perVisitor = line(answer, 2);
        assertThat(perVisitor.get("expression").asText()).isEqualTo("A / B");
        numbers(perVisitor, 25.0 / 4, 19.99 / 2, 0.0, 5.01 / 3);
    }

    @Test
    void filters_of_the_trend_and_of_a_series_both_apply() {
        JsonNode answer = ok(Map.of("series", List.of(
                        Map.of("event", "page_view", "filters", List.of(List.of("is", "country", List.of("IT")))),
                        SIGN_UP_VISITORS),
                "filters", List.of(List.of("is_not", "country", List.of("DE"))), "date_range", DAYS, "timezone", "Europe/Berlin"));
        // A: ann's two page views on 10 Sep; B without DE: ann on 10 Sep, cat and dan on 12 Sep (3 visitors)
        numbers(line(answer, 0), 2.0, 2.0, 0.0, 0.0);
        numbers(line(answer, 1), 3.0, 1.0, 0.0, 2.0);
    }

    /** A line's previous: its values over the compared range, its total there and the total's change in percent. */
    private static void previous(JsonNode line, Double total, Double change, Double... values) {
        JsonNode previous = line.get("previous");
        assertThat(previous).as(line.toString()).isNotNull();
        assertThat(fieldNames(previous)).containsExactly("total", "values", "total_change_percent");
        assertThat(previous.get("values")).as(line.toString()).hasSize(values.length);
        for (int i = 0; i < values.length; i++) {
            near(previous.get("values").get(i), values[i], line.get("name") + " previous value " + i);
        }
        near(previous.get("total"), total, line.get("name") + " previous total");
        near(previous.get("total_change_percent"), change, line.get("name") + " total change");
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void compared_with_the_previous_period_every_line_has_its_values_and_total_there() {
        Map<String, Object> body = new LinkedHashMap<>(SIGN_UPS_PER_VIEW);
        body.put("compare", "previous_period");
        JsonNode answer = ok(body);
        // the range's own numbers, as two_series_and_a_formula_by_berlin_day counted
        assertThat(texts(answer.get("periods"))).containsExactlyElementsOf(PERIODS);
        numbers(line(answer, 0), 4.0, 3.0, 1.0, 0.0);
        numbers(line(answer, 1), 4.0, 1.0, 1.0, 3.0);
        numbers(line(answer, 2), 100.0, 100.0 / 3, 100.0, null);
        // the 3 days before, 7 to 9 Sep in Berlin (6 Sep 22:00Z to 9 Sep 22:00Z). A, page views: 7 Sep fay's, 8 Sep
        // gus's, 9 Sep eve's (23:30 local); hal's is 6 Sep local. 3 against 4 now: +33.3 %
        previous(line(answer, 0), 3.0, (4.0 - 3) / 3 * 100, 1.0, 1.0, 1.0);
        // B, visitors signing up: 7 Sep fay, 8 Sep gus, 9 Sep gus; over the 3 days fay and gus, 2 against 4: +100 %
        previous(line(answer, 1), 2.0, 100.0, 1.0, 1.0, 1.0);
        // B / A * 100: 1 / 1 each day; the totals' 2 / 3 * 100 against 100 now: +50 %
        previous(line(answer, 2), 200.0 / 3, 50.0, 100.0, 100.0, 100.0);
        JsonNode meta = answer.get("meta");
        assertThat(meta.get("compare").asText()).isEqualTo("previous_period");
        assertThat(meta.get("previous_date_range").get("from").asText()).isEqualTo("2026-09-07T00:00:00+02:00");
        assertThat(meta.get("previous_date_range").get("to").asText()).isEqualTo("2026-09-10T00:00:00+02:00");
        assertThat(meta.get("date_range").get("from").asText()).isEqualTo("2026-09-10T00:00:00+02:00");
        assertThat(answer.get("rows")).as("the long table holds the range's values only").hasSize(9);

        // the PDF report puts the previous totals and their change beside the totals
        try (PDDocument document = Loader.loadPDF(http.rawBytes("/v1/trends?format=pdf", EventJson.write(body)))) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text.replaceAll("\\s+", " ")).contains("compared with the previous period from 2026-09-07T00:00:00+02:00"
                    + " to 2026-09-10T00:00:00+02:00");
            assertThat(text.lines().map(String::strip).toList()).containsSubsequence(
                    "line counts total previous_total change_percent", "A events of page_view 4 3 33.33",
                    "B visitors of sign_up 4 2 100.00", "B / A * 100 B / A * 100 100.00 66.67 50.00");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        // without compare there is no previous anywhere
        JsonNode plain = ok(SIGN_UPS_PER_VIEW);
        plain.get("lines").forEach(line -> assertThat(line.has("previous")).isFalse());
        assertThat(plain.get("meta").has("compare")).isFalse();
        assertThat(plain.get("meta").has("previous_date_range")).isFalse();

        // a year before there was nothing: zeros, and no change from a total of 0 (nor from the formula's 0 / 0)
        body.put("compare", "previous_year");
        JsonNode yearBefore = ok(body);
        previous(line(yearBefore, 0), 0.0, null, 0.0, 0.0, 0.0);
        previous(line(yearBefore, 1), 0.0, null, 0.0, 0.0, 0.0);
        previous(line(yearBefore, 2), null, null, null, null, null);
        assertThat(yearBefore.get("meta").get("compare").asText()).isEqualTo("previous_year");
        assertThat(yearBefore.get("meta").get("previous_date_range").get("from").asText()).isEqualTo("2025-09-10T00:00:00+02:00");
        assertThat(yearBefore.get("meta").get("previous_date_range").get("to").asText()).isEqualTo("2025-09-13T00:00:00+02:00");
    }

    @Test
    void with_a_breakdown_the_previous_period_is_counted_for_the_values_the_range_shows() {
        Map<String, Object> body = new LinkedHashMap<>(SIGN_UPS_PER_VIEW);
        body.put("breakdown", "country");
        body.put("breakdown_limit", 2);
        body.put("compare", "previous_period");
        JsonNode answer = ok(body);
        // the lines of the range, as a_breakdown_shows_each_series_largest_values_ordered_by_total_then_value counted
        // (before, DE had the most page views; the values shown are still the range's)
        assertThat(names(answer)).containsExactly("A/IT", "A/DE", "B/FR", "B/DE", "B / A * 100/IT", "B / A * 100/DE",
                "B / A * 100/FR");
        // A/IT: fay's page view on 7 Sep; 1 against 2 now, +100 %. A/DE: gus's on 8 Sep, eve's on 9 Sep; 2 against 1, -50 %
        previous(line(answer, 0), 1.0, 100.0, 1.0, 0.0, 0.0);
        previous(line(answer, 1), 2.0, -50.0, 0.0, 1.0, 1.0);
        // B/FR: no French sign-up before (hal only viewed a page, before the compared range): 0, no change. B/DE: gus on
        // 8 and 9 Sep, one visitor; 1 against 1, 0 %
        previous(line(answer, 2), 0.0, null, 0.0, 0.0, 0.0);
        previous(line(answer, 3), 1.0, 0.0, 0.0, 1.0, 1.0);
        // IT: B (fay) 1, 0, 0 over A 1, 0, 0; totals 1 / 1 * 100 against 50 now, -50 %
        previous(line(answer, 4), 100.0, -50.0, 100.0, null, null);
        // DE: B 0, 1, 1 over A 0, 1, 1; totals 1 / 2 * 100 against 100 now, +100 %
        previous(line(answer, 5), 50.0, 100.0, null, 100.0, 100.0);
        // FR: 0 / 0 each day and over the range
        previous(line(answer, 6), null, null, null, null, null);
    }

    @Test
    void graphql_compares_as_rest_does() {
        Map<String, Object> input = new LinkedHashMap<>(SIGN_UPS_PER_VIEW);
        input.put("compare", "previous_period");
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("query", """
                query($q: TrendInput!) { trend(query: $q) { periods
                  lines { name total values previous { total values total_change_percent } }
                  meta { compare previous_date_range { from to } date_range { from to } } } }""");
        request.put("variables", Map.of("q", input));
        JsonNode graph = http.postJson("/graphql", request).json();
        assertThat(graph.path("errors").isMissingNode()).as(graph.toString()).isTrue();
        JsonNode trend = graph.get("data").get("trend");
        // as compared_with_the_previous_period_every_line_has_its_values_and_total_there counted
        previous(line(trend, 0), 3.0, (4.0 - 3) / 3 * 100, 1.0, 1.0, 1.0);
        previous(line(trend, 1), 2.0, 100.0, 1.0, 1.0, 1.0);
        previous(line(trend, 2), 200.0 / 3, 50.0, 100.0, 100.0, 100.0);
        assertThat(trend.get("meta").get("compare").asText()).isEqualTo("previous_period");
        assertThat(trend.get("meta").get("previous_date_range").get("from").asText()).isEqualTo("2026-09-07T00:00:00+02:00");
        assertThat(trend.get("meta").get("previous_date_range").get("to").asText()).isEqualTo("2026-09-10T00:00:00+02:00");

        JsonNode refused = http.postJson("/graphql", Map.of("query",
                "{ trend(query: {series: [{event: \"page_view\"}], compare: \"previous_week\"}) { periods } }")).json();
        assertThat(refused.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("BAD_USER_INPUT");
        assertThat(refused.get("errors").get(0).get("extensions").get("field").asText()).isEqualTo("query.compare");
    }

    @Test
    void the_same_question_again_comes_from_the_cache() {
        Map<String, Object> body = Map.of("series", List.of(PAGE_VIEWS), "date_range", List.of("2026-09-11", "2026-09-12"),
                "timezone", "Europe/Berlin");
        assertThat(http.postJson("/v1/trends", body).raw().headers().firstValue("X-Cache")).contains("MISS");
        Http.Answer second = http.postJson("/v1/trends", body);
        assertThat(second.raw().headers().firstValue("X-Cache")).contains("HIT");
        assertThat(second.json().get("meta").get("cached").asBoolean()).isTrue();
        numbers(line(second.json(), 0), 1.0, 1.0, 0.0);
    }

    @Test
    void csv_is_the_long_table() {
        Http.Answer csv = http.postJson("/v1/trends?format=csv", SIGN_UPS_PER_VIEW);
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.raw().headers().firstValue("Content-Disposition")).contains("attachment; filename=\"tally-trends.csv\"");
        List<String> lines = List.of(csv.body().split("\r\n", -1));
        assertThat(lines.getFirst()).isEqualTo("period,line,value");
        assertThat(lines).hasSize(1 + 9 + 1);
        assertThat(lines.getLast()).as("every line ends with CRLF").isEmpty();
        assertThat(lines.get(1)).isEqualTo("2026-09-10T00:00:00+02:00,A,3");
        assertThat(lines.get(2)).isEqualTo("2026-09-10T00:00:00+02:00,B,1");
        String[] rate = lines.get(3).split(",", -1);
        assertThat(rate[0] + "," + rate[1]).isEqualTo("2026-09-10T00:00:00+02:00,B / A * 100");
        assertThat(Double.parseDouble(rate[2])).isCloseTo(100.0 / 3, within(1e-9));
        assertThat(lines.get(9)).as("3 / 0 is an empty field").isEqualTo("2026-09-12T00:00:00+02:00,B / A * 100,");

        Map<String, Object> broken = new LinkedHashMap<>(SIGN_UPS_PER_VIEW);
        broken.put("breakdown", "country");
        broken.put("breakdown_limit", 2);
        List<String> byCountry = List.of(http.postJson("/v1/trends?format=csv", broken).body().split("\r\n", -1));
        assertThat(byCountry.getFirst()).isEqualTo("period,line,breakdown_value,value");
        assertThat(byCountry.get(1)).isEqualTo("2026-09-10T00:00:00+02:00,A,IT,2");
        assertThat(byCountry).hasSize(1 + 21 + 1);
    }

    @Test
    void a_pdf_report_names_the_lines_and_holds_their_totals_and_values() throws Exception {
        byte[] pdf = http.rawBytes("/v1/trends?format=pdf", EventJson.write(SIGN_UPS_PER_VIEW));
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text.replaceAll("\\s+", " ")).contains("Tally trend", "A: events of page_view, B: visitors of sign_up,"
                    + " B / A * 100 by day from 2026-09-10T00:00:00+02:00", "Europe/Berlin", "page 1 of 1");
            List<String> lines = text.lines().map(String::strip).toList();
            assertThat(lines).contains("A events of page_view 4", "B visitors of sign_up 4", "2026-09-10 3 1 33.33",
                    "2026-09-11 1 1 100.00", "2026-09-12 0 3");
        }
    }

    @Test
    void graphql_gives_the_same_numbers() {
        Map<String, Object> input = new LinkedHashMap<>(SIGN_UPS_PER_VIEW);
        input.put("breakdown", "country");
        input.put("breakdown_limit", 2);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("query", """
                query($q: TrendInput!) { trend(query: $q) { columns rows periods
                  lines { name kind event metric expression breakdown_value total values }
                  meta { source timezone interval breakdown breakdown_limit date_range { from to } } } }""");
        request.put("variables", Map.of("q", input));
        JsonNode graph = http.postJson("/graphql", request).json();
        assertThat(graph.path("errors").isMissingNode()).as(graph.toString()).isTrue();
        JsonNode trend = graph.get("data").get("trend");
        // as a_breakdown_shows_each_series_largest_values_ordered_by_total_then_value counted
        assertThat(texts(trend.get("periods"))).containsExactlyElementsOf(PERIODS);
        assertThat(names(trend)).containsExactly("A/IT", "A/DE", "B/FR", "B/DE", "B / A * 100/IT", "B / A * 100/DE",
                "B / A * 100/FR");
        numbers(line(trend, 0), 2.0, 2.0, 0.0, 0.0);
        numbers(line(trend, 3), 1.0, 0.0, 1.0, 1.0);
        numbers(line(trend, 6), 200.0, null, 0.0, null);
        assertThat(line(trend, 3).get("metric").asText()).isEqualTo("visitors");
        assertThat(line(trend, 3).get("event").asText()).isEqualTo("sign_up");
        assertThat(line(trend, 6).get("expression").asText()).isEqualTo("B / A * 100");
        assertThat(line(trend, 6).get("metric").isNull()).isTrue();
        JsonNode meta = trend.get("meta");
        assertThat(meta.get("interval").asText()).isEqualTo("day");
        assertThat(meta.get("breakdown").asText()).isEqualTo("country");
        assertThat(meta.get("breakdown_limit").asInt()).isEqualTo(2);
        assertThat(meta.get("timezone").asText()).isEqualTo("Europe/Berlin");
        assertThat(meta.get("date_range").get("from").asText()).isEqualTo("2026-09-10T00:00:00+02:00");
        assertThat(texts(trend.get("columns"))).containsExactly("period", "line", "breakdown_value", "value");
        assertThat(trend.get("rows")).hasSize(21);

        JsonNode refused = http.postJson("/graphql", Map.of("query",
                "{ trend(query: {series: [{event: \"page_view\", metric: \"nonsense\"}]}) { periods } }")).json();
        assertThat(refused.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("BAD_USER_INPUT");
        assertThat(refused.get("errors").get(0).get("extensions").get("field").asText()).isEqualTo("query.series[0].metric");
    }

    @Test
    void a_dashboard_widget_of_kind_trend_is_saved_and_answered() {
        Map<String, Object> widget = Map.of("id", "signups", "title", "Sign-ups per view", "kind", "trend",
                "query", SIGN_UPS_PER_VIEW, "visualization", "line", "layout", Map.of("x", 0, "y", 0, "w", 12, "h", 4));
        assertThat(http.postJson("/v1/dashboards", Map.of("name", "growth", "widgets", List.of(widget))).status()).isEqualTo(201);
        JsonNode saved = http.get("/v1/dashboards/growth").json().get("widgets").get(0);
        assertThat(saved.get("kind").asText()).isEqualTo("trend");
        assertThat(saved.get("query").get("formulas").get(0).get("expression").asText()).isEqualTo("B / A * 100");

        JsonNode answered = http.get("/v1/dashboards/growth/answer").json().get("widgets").get(0);
        assertThat(answered.get("problems")).isNull();
        JsonNode answer = answered.get("answer");
        // as two_series_and_a_formula_by_berlin_day counted
        assertThat(names(answer)).containsExactly("A", "B", "B / A * 100");
        numbers(line(answer, 0), 4.0, 3.0, 1.0, 0.0);
        numbers(line(answer, 1), 4.0, 1.0, 1.0, 3.0);
        numbers(line(answer, 2), 100.0, 100.0 / 3, 100.0, null);

        // a trend is drawn as lines, bars or a table, not as one number; a bad series is named inside the widget
        Map<String, Object> number = new LinkedHashMap<>(widget);
        number.put("visualization", "number");
        Map<String, Object> bad = new LinkedHashMap<>(widget);
        bad.put("id", "bad");
        bad.put("query", Map.of("series", List.of(Map.of("metric", "nonsense"))));
        Http.Answer refused = http.postJson("/v1/dashboards", Map.of("name", "broken", "widgets", List.of(number, bad)));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsText("field"))
                .contains("widgets[0].visualization", "widgets[1].query.series[0].metric");
    }

    private static List<String> refusedFields(Object body) {
        Http.Answer answer = http.postJson("/v1/trends", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("title").asText()).isEqualTo("Invalid trend query");
        assertThat(answer.json().get("status").asInt()).isEqualTo(400);
        return answer.json().get("errors").findValuesAsText("field");
    }

    @Test
    void bad_requests_are_problems_naming_the_field() {
        assertThat(refusedFields(Map.of())).containsExactly("series");
        assertThat(refusedFields(Map.of("series", List.of()))).containsExactly("series");
        List<Map<String, Object>> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(PAGE_VIEWS);
        }
        assertThat(refusedFields(Map.of("series", eleven))).containsExactly("series");
        List<Map<String, Object>> ten = eleven.subList(0, 10);
        assertThat(http.postJson("/v1/trends", Map.of("series", ten, "date_range", DAYS)).status()).as("ten are fine").isEqualTo(200);

        assertThat(refusedFields(Map.of("series", List.of(Map.of("event", "page_view", "metric", "nonsense")))))
                .containsExactly("series[0].metric");
        assertThat(refusedFields(Map.of("series", List.of(PAGE_VIEWS, Map.of("metric", "kpi:missing")))))
                .containsExactly("series[1].metric");
        assertThat(refusedFields(Map.of("series", List.of(PAGE_VIEWS, SIGN_UP_VISITORS),
                "formulas", List.of(Map.of("expression", "C / A"))))).containsExactly("formulas[0].expression");
        assertThat(refusedFields(Map.of("series", List.of(PAGE_VIEWS), "breakdown", "time:day"))).containsExactly("breakdown");
        assertThat(refusedFields(Map.of("series", List.of(PAGE_VIEWS), "breakdown_limit", 3))).containsExactly("breakdown_limit");
        assertThat(refusedFields(Map.of("series", List.of(PAGE_VIEWS), "breakdown", "country", "breakdown_limit", 101)))
                .containsExactly("breakdown_limit");
        assertThat(refusedFields(Map.of("series", List.of(PAGE_VIEWS), "interval", "year"))).containsExactly("interval");
        assertThat(refusedFields(Map.of("series", List.of(Map.of("event", "page_view", "metrics", "events")))))
                .containsExactly("series[0].metrics");
        assertThat(refusedFields(Map.of("series", List.of(PAGE_VIEWS), "formula", List.of(RATE)))).containsExactly("formula");
        assertThat(refusedFields(Map.of("series", List.of(PAGE_VIEWS), "compare", "previous_week"))).containsExactly("compare");
        assertThat(refusedFields(Map.of("series", List.of(PAGE_VIEWS), "compare", "PREVIOUS_PERIOD"))).containsExactly("compare");
        assertThat(http.post("/v1/trends", "application/json", "{not json").status()).isEqualTo(400);
        assertThat(http.get("/v1/trends").status()).isEqualTo(405);
    }
}
