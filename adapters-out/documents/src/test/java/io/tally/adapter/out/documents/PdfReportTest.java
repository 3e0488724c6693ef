package io.tally.adapter.out.documents;

import io.tally.application.port.in.ReportSection;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A funnel's PDF report: the step table, then, when the funnel has a trend, the trend's table after it. A multi-series
 * trend's: its lines with their totals, then their values per period, a few lines to a table. Goal conversions: a bar
 * chart and the table of goals, the question naming them.
 */
class PdfReportTest {

    private static final List<String> COLUMNS = List.of("step", "event", "users", "conversion_from_first",
            "conversion_from_previous", "drop_off", "median_seconds_to_convert", "mean_seconds_to_convert");

    private static Map<String, Object> funnel(List<Map<String, Object>> trend) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("columns", COLUMNS);
        chart.put("rows", List.of(
                Arrays.asList(1, "page_view", 4L, 100.0, 100.0, 0L, null, null),
                Arrays.asList(2, "sign_up", 2L, 50.0, 50.0, 2L, 60.0, 60.0),
                Arrays.asList(3, "purchase", 1L, 25.0, 50.0, 1L, 30.0, 30.0)));
        chart.put("breakdown", List.of());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("timezone", "UTC");
        meta.put("date_range", Map.of("from", "2026-11-01T00:00:00Z", "to", "2026-11-08T00:00:00Z"));
        if (trend != null) {
            chart.put("trend", trend);
            meta.put("interval", "day");
        }
        chart.put("meta", meta);
        return chart;
    }

    private static Map<String, Object> interval(String period, long entered, long converted, Double rate) {
        Map<String, Object> interval = new LinkedHashMap<>();
        interval.put("period", period);
        interval.put("entered", entered);
        interval.put("converted", converted);
        interval.put("conversion_rate", rate);
        interval.put("users", List.of(entered, converted));
        return interval;
    }

    private static List<String> pages(Map<String, Object> chart) throws IOException {
        return pages("Tally funnel", chart);
    }

    private static List<String> pages(String title, Map<String, Object> chart) throws IOException {
        byte[] pdf = PdfReport.render(title, List.of(new ReportSection(title, chart)));
        try (PDDocument document = Loader.loadPDF(pdf)) {
            List<String> pages = new ArrayList<>();
            PDFTextStripper stripper = new PDFTextStripper();
            for (int page = 1; page <= document.getNumberOfPages(); page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                pages.add(stripper.getText(document));
            }
            return pages;
        }
    }

    @Test
    void the_trend_is_a_second_table_after_the_steps() throws IOException {
        // 1 Nov: 1 of 4 entrants converted, 25 %; 2 Nov: nobody entered, so no rate
        List<String> pages = pages(funnel(List.of(interval("2026-11-01T00:00:00Z", 4, 1, 25.0),
                interval("2026-11-02T00:00:00Z", 0, 0, null))));
        assertThat(pages).hasSize(1);
        String text = pages.getFirst();
        assertThat(text).contains("Tally funnel", "page 1 of 1", "sign_up", "purchase", "Trend by day");
        assertThat(text.indexOf("purchase")).as("the steps come first").isLessThan(text.indexOf("Trend by day"));
        String trend = text.substring(text.indexOf("Trend by day"));
        assertThat(trend).contains("period", "entered", "converted", "conversion_rate");
        assertThat(trend.lines().map(String::strip)).contains("2026-11-01T00:00:00Z 4 1 25.00", "2026-11-02T00:00:00Z 0 0");
        assertThat(text).as("the question in words names no interval for the steps").doesNotContain("by day from");
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_strict_funnel_says_so_in_its_question() throws IOException {
        Map<String, Object> strict = funnel(null);
        ((Map<String, Object>) strict.get("meta")).put("step_order", "strict");
        assertThat(pages(strict).getFirst().replaceAll("\\s+", " ")).contains("each step the user's very next event");
        assertThat(pages(funnel(null)).getFirst()).doesNotContain("very next event");
        Map<String, Object> unordered = funnel(null);
        ((Map<String, Object>) unordered.get("meta")).put("step_order", "unordered");
        assertThat(pages(unordered).getFirst().replaceAll("\\s+", " ")).contains("the steps in any order (row k: k of them done)");
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_funnels_attribution_is_named_in_its_question() throws IOException {
        Map<String, Object> last = funnel(null);
        ((Map<String, Object>) last.get("meta")).putAll(Map.of("breakdown", "country", "breakdown_attribution", "last_touch"));
        assertThat(pages(last).getFirst().replaceAll("\\s+", " ")).contains("each user in the group of their furthest step's country");
        Map<String, Object> second = funnel(null);
        ((Map<String, Object>) second.get("meta")).putAll(Map.of("breakdown", "country", "breakdown_attribution", "step",
                "breakdown_attribution_step", 2));
        assertThat(pages(second).getFirst().replaceAll("\\s+", " ")).contains("each user in the group of their step 2 country");
        assertThat(pages(funnel(null)).getFirst()).doesNotContain("in the group of");
        Map<String, Object> byTwo = funnel(null);
        ((Map<String, Object>) byTwo.get("meta")).putAll(Map.of("breakdowns", List.of("country", "device"),
                "breakdown_attribution", "last_touch"));
        assertThat(pages(byTwo).getFirst().replaceAll("\\s+", " ")).contains("their furthest step's country, device");
        Map<String, Object> conversions = funnel(null);
        ((Map<String, Object>) conversions.get("meta")).put("counting", "conversions");
        assertThat(pages(conversions).getFirst().replaceAll("\\s+", " ")).contains("counting every attempt");
        assertThat(pages(funnel(null)).getFirst()).doesNotContain("counting every attempt");
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_funnels_exclusions_are_named_in_its_question() throws IOException {
        Map<String, Object> excluding = funnel(null);
        ((Map<String, Object>) excluding.get("meta")).put("exclusions", List.of(
                Map.of("event", "help_open", "from_step", 1, "to_step", 2),
                Map.of("event", "refund", "from_step", 2, "to_step", 3)));
        String text = pages(excluding).getFirst().replaceAll("\\s+", " ");
        assertThat(text).contains(", without help_open between steps 1 and 2, without refund between steps 2 and 3 from 2026-11-01");
        assertThat(pages(funnel(null)).getFirst()).doesNotContain("without");
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_long_question_goes_on_over_lines_as_wide_as_the_page() throws IOException {
        Map<String, Object> excluding = funnel(null);
        ((Map<String, Object>) excluding.get("meta")).put("exclusions", List.of(
                Map.of("event", "help_open", "from_step", 1, "to_step", 2),
                Map.of("event", "refund", "from_step", 2, "to_step", 3)));
        byte[] pdf = PdfReport.render("Tally funnel", List.of(new ReportSection("Tally funnel", excluding)));
        try (PDDocument document = Loader.loadPDF(pdf)) {
            float right = document.getPage(0).getMediaBox().getWidth() - 40;
            List<Float> ends = new ArrayList<>();
            PDFTextStripper stripper = new PDFTextStripper() {
                @Override
                protected void writeString(String text, List<TextPosition> positions) throws IOException {
                    TextPosition last = positions.getLast();
                    ends.add(last.getXDirAdj() + last.getWidthDirAdj());
                    super.writeString(text, positions);
                }
            };
            String text = stripper.getText(document);
            // the steps' eight column names, the exclusions, the range and the zone: far wider than one line at 9 points
            assertThat(text.replaceAll("\\s+", " ")).contains("mean_seconds_to_convert, without help_open between steps 1 and 2,"
                    + " without refund between steps 2 and 3 from 2026-11-01T00:00:00Z to 2026-11-08T00:00:00Z (UTC)");
            assertThat(ends).as("every line ends inside the right margin").allSatisfy(end -> assertThat(end).isLessThanOrEqualTo(right));
        }
    }

    @Test
    void the_time_to_convert_histogram_is_a_table_after_the_steps() throws IOException {
        Map<String, Object> chart = funnel(null);
        Map<String, Object> times = new LinkedHashMap<>();
        times.put("from_step", 1);
        times.put("to_step", 3);
        times.put("bins", 2);
        times.put("users", 3L);
        times.put("mean_seconds", 40.0);
        times.put("histogram", List.of(Map.of("from_seconds", 10.0, "to_seconds", 45.0, "users", 2L),
                Map.of("from_seconds", 45.0, "to_seconds", 80.0, "users", 1L)));
        chart.put("time_to_convert", times);
        String text = pages(chart).getFirst();
        assertThat(text.indexOf("purchase")).as("the steps come first").isLessThan(text.indexOf("Time to convert"));
        String histogram = text.substring(text.indexOf("Time to convert"));
        assertThat(histogram).contains("from step 1 to step 3: 3 users, mean 40.0 s", "from_seconds", "to_seconds");
        assertThat(histogram.lines().map(String::strip)).contains("10.00 45.00 2", "45.00 80.00 1");
    }

    @Test
    void a_funnel_without_a_trend_has_the_step_table_alone() throws IOException {
        List<String> pages = pages(funnel(null));
        assertThat(pages).hasSize(1);
        assertThat(pages.getFirst()).contains("purchase").doesNotContain("Trend", "period");
    }

    @Test
    void a_long_trend_goes_on_over_pages_with_its_header_repeated() throws IOException {
        // 200 hours: more rows than the first page holds below the chart and the steps, so the table goes on
        List<Map<String, Object>> trend = new ArrayList<>();
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        for (int hour = 0; hour < 200; hour++) {
            trend.add(interval(start.plusSeconds(3_600L * hour).toString(), hour, 0, hour == 0 ? null : 0.0));
        }
        List<String> pages = pages(funnel(trend));
        assertThat(pages.size()).isGreaterThan(2);
        for (int page = 0; page < pages.size(); page++) {
            assertThat(pages.get(page)).as("page %d", page + 1).contains("period entered converted conversion_rate")
                    .contains("page " + (page + 1) + " of " + pages.size());
        }
        List<String> lines = String.join("\n", pages).lines().toList();
        for (Map<String, Object> interval : trend) {
            assertThat(lines).as("%s once", interval.get("period")).filteredOn(line -> line.startsWith(interval.get("period") + " "))
                    .hasSize(1);
        }
        assertThat(lines).as("one caption").filteredOn(line -> line.startsWith("Trend by day")).hasSize(1);
    }

    /** A trend's chart as the answer's shape writes it: its periods, lines and meta (its long table is not printed). */
    private static Map<String, Object> trend(List<String> periods, List<Map<String, Object>> lines, String breakdown) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("columns", List.of("period", "line", "value"));
        chart.put("rows", List.of());
        chart.put("periods", periods);
        chart.put("lines", lines);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("source", "raw");
        meta.put("timezone", "Europe/Berlin");
        meta.put("date_range", Map.of("from", periods.getFirst(), "to", "2026-09-13T00:00:00+02:00"));
        meta.put("interval", "day");
        if (breakdown != null) {
            meta.put("breakdown", breakdown);
            meta.put("breakdown_limit", 7);
        }
        chart.put("meta", meta);
        return chart;
    }

    private static Map<String, Object> series(String name, String event, String metric, Object total, Object... values) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("name", name);
        line.put("kind", "series");
        line.put("event", event);
        line.put("metric", metric);
        line.put("total", total);
        line.put("values", Arrays.asList(values));
        return line;
    }

    private static final List<String> DAYS = List.of("2026-09-10T00:00:00+02:00", "2026-09-11T00:00:00+02:00",
            "2026-09-12T00:00:00+02:00");

    @Test
    void a_trend_lists_its_lines_with_their_totals_then_their_values_by_period() throws IOException {
        // A: 3, 0, 4 page views (7); B: 1, 1, 2 visitors signing up (3 in all: one of them on two days); B / A * 100
        Map<String, Object> rate = new LinkedHashMap<>();
        rate.put("name", "B / A * 100");
        rate.put("kind", "formula");
        rate.put("expression", "B / A * 100");
        rate.put("total", 3 * 100.0 / 7);
        rate.put("values", Arrays.asList(100.0 / 3, null, 50.0));
        List<String> pages = pages("Tally trend", trend(DAYS, List.of(series("A", "page_view", "events", 7L, 3L, 0L, 4L),
                series("B", "sign_up", "visitors", 3L, 1L, 1L, 2L), rate), null));
        assertThat(pages).hasSize(1);
        String text = pages.getFirst();
        List<String> lines = text.lines().map(String::strip).toList();
        assertThat(text.replaceAll("\\s+", " ")).contains("Tally trend", "A: events of page_view, B: visitors of sign_up,"
                + " B / A * 100 by day from 2026-09-10T00:00:00+02:00 to 2026-09-13T00:00:00+02:00 (Europe/Berlin)");
        assertThat(lines).containsSubsequence("line counts total", "A events of page_view 7", "B visitors of sign_up 3",
                "B / A * 100 B / A * 100 42.86");
        assertThat(lines).containsSubsequence("By day: each line's value in each period (its start, local time)",
                "period A B B / A * 100", "2026-09-10 3 1 33.33", "2026-09-11 0 1", "2026-09-12 4 2 50.00");
        assertThat(text).doesNotContain("lines 1 to", "the chart showing");
    }

    @Test
    void a_trend_with_many_lines_has_its_values_in_tables_of_six_lines_and_charts_the_first_ten() throws IOException {
        // a breakdown by country: series A shows 7 countries and series B 7, so 14 lines: tables of 6, 6 and 2 lines
        List<String> countries = List.of("DE", "FR", "IT", "ES", "NL", "PL", "AT");
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String name : List.of("A", "B")) {
            for (int c = 0; c < countries.size(); c++) {
                Map<String, Object> line = series(name, name.equals("A") ? "page_view" : "sign_up", "events", 3L * (c + 1),
                        (long) c, (long) c + 1, (long) c + 2);
                line.put("breakdown_value", c == countries.size() - 1 && name.equals("B") ? null : countries.get(c));
                lines.add(line);
            }
        }
        List<String> pages = pages("Tally trend", trend(DAYS, lines, "country"));
        String text = String.join("\n", pages);
        List<String> printed = text.lines().map(String::strip).toList();
        assertThat(text.replaceAll("\\s+", " ")).contains("A: events of page_view, B: events of sign_up by day and country"
                + " (the 7 values with the largest totals of each series), the chart showing the first 10 of 14 lines from");
        assertThat(printed).containsSubsequence("line breakdown_value counts total", "A DE events of page_view 3",
                "B FR events of sign_up 6", "B (none) events of sign_up 21");
        assertThat(printed).containsSubsequence(
                "By day: lines 1 to 6 of 14, each one's value in each period (its start, local time)",
                "period A · DE A · FR A · IT A · ES A · NL A · PL", "2026-09-10 0 1 2 3 4 5",
                "By day: lines 7 to 12 of 14, each one's value in each period (its start, local time)",
                "period A · AT B · DE B · FR B · IT B · ES B · NL", "2026-09-12 8 2 3 4 5 6",
                "By day: lines 13 to 14 of 14, each one's value in each period (its start, local time)",
                "period B · PL B · (none)", "2026-09-11 6 7");
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_trend_by_several_dimensions_names_each_lines_values_and_every_dimension() throws IOException {
        Map<String, Object> mobile = series("A", "page_view", "events", 9L, 2L, 3L, 4L);
        mobile.put("breakdown_values", List.of("DE", "mobile"));
        Map<String, Object> none = series("A", "page_view", "events", 3L, 1L, 1L, 1L);
        none.put("breakdown_values", Arrays.asList("FR", null));
        Map<String, Object> chart = trend(DAYS, List.of(mobile, none), null);
        ((Map<String, Object>) chart.get("meta")).putAll(Map.of("breakdowns", List.of("country", "device"), "breakdown_limit", 2));
        String text = String.join("\n", pages("Tally trend", chart));
        assertThat(text.replaceAll("\\s+", " ")).contains("by day and country, device (the 2 values with the largest totals");
        assertThat(text.lines().map(String::strip).toList()).containsSubsequence("line breakdown_value counts total",
                "A DE / mobile events of page_view 9", "A FR / (none) events of page_view 3",
                "period A · DE / mobile A · FR / (none)");
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_hour_repeated_when_clocks_go_back_shows_its_offset() throws IOException {
        // Berlin, 25 October 2026: 02:00 comes twice, first at +02:00, then at +01:00
        Map<String, Object> chart = trend(List.of("2026-10-25T01:00:00+02:00", "2026-10-25T02:00:00+02:00",
                "2026-10-25T02:00:00+01:00", "2026-10-25T03:00:00+01:00"), List.of(series("A", null, "visitors", 7L, 1L, 2L, 3L, 4L)),
                null);
        ((Map<String, Object>) chart.get("meta")).put("interval", "hour");
        List<String> lines = pages("Tally trend", chart).getFirst().lines().map(String::strip).toList();
        assertThat(lines).contains("A visitors of any event 7");
        assertThat(lines).containsSubsequence("period A", "2026-10-25 01:00 1", "2026-10-25 02:00 2", "10-25 02:00+01:00 3",
                "2026-10-25 03:00 4");
    }

    private static Map<String, Object> previous(Object total, Double change, Object... values) {
        Map<String, Object> previous = new LinkedHashMap<>();
        previous.put("total", total);
        previous.put("values", Arrays.asList(values));
        previous.put("total_change_percent", change);
        return previous;
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_compared_trend_has_the_previous_totals_and_their_change_beside_the_totals() throws IOException {
        // A: 7 page views against 4 the 3 days before, +75 %; B: 3 visitors against none before, no change to tell
        Map<String, Object> views = series("A", "page_view", "events", 7L, 3L, 0L, 4L);
        views.put("previous", previous(4L, 75.0, 1L, 1L, 2L));
        Map<String, Object> visitors = series("B", "sign_up", "visitors", 3L, 1L, 1L, 2L);
        visitors.put("previous", previous(0L, null, 0L, 0L, 0L));
        Map<String, Object> chart = trend(DAYS, List.of(views, visitors), null);
        Map<String, Object> meta = (Map<String, Object>) chart.get("meta");
        meta.put("compare", "previous_period");
        meta.put("previous_date_range", Map.of("from", "2026-09-07T00:00:00+02:00", "to", "2026-09-10T00:00:00+02:00"));
        String text = pages("Tally trend", chart).getFirst();
        assertThat(text.replaceAll("\\s+", " ")).contains("from 2026-09-10T00:00:00+02:00 to 2026-09-13T00:00:00+02:00"
                + " (Europe/Berlin), compared with the previous period from 2026-09-07T00:00:00+02:00 to 2026-09-10T00:00:00+02:00");
        List<String> lines = text.lines().map(String::strip).toList();
        assertThat(lines).containsSubsequence("line counts total previous_total change_percent", "A events of page_view 7 4 75.00",
                "B visitors of sign_up 3 0", "period A B", "2026-09-10 3 1");
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_annotations_of_an_answer_along_time_are_a_last_table() throws IOException {
        Map<String, Object> chart = trend(DAYS, List.of(series("A", "page_view", "events", 7L, 3L, 0L, 4L)), null);
        Map<String, Object> meta = (Map<String, Object>) chart.get("meta");
        meta.put("annotations", List.of(
                Map.of("id", "0123456789abcdef", "at", "2026-09-10T08:30:00Z", "text", "new pricing page"),
                Map.of("id", "fedcba9876543210", "at", "2026-09-12T17:00:00Z", "text", "newsletter sent")));
        List<String> lines = pages("Tally trend", chart).getFirst().lines().map(String::strip).toList();
        assertThat(lines).containsSubsequence("period A", "2026-09-12 4",
                "Annotations in the range, oldest first (their moment in UTC)", "at text",
                "2026-09-10T08:30:00Z new pricing page", "2026-09-12T17:00:00Z newsletter sent");

        // none in the range: no table of them
        meta.put("annotations", List.of());
        assertThat(pages("Tally trend", chart).getFirst()).doesNotContain("Annotations");
        Map<String, Object> steps = funnel(List.of(interval("2026-11-01T00:00:00Z", 4, 1, 25.0)));
        ((Map<String, Object>) steps.get("meta")).put("annotations", List.of(Map.of("id", "0123456789abcdef",
                "at", "2026-11-01T09:00:00Z", "text", "launch")));
        List<String> funnel = pages(steps).getFirst().lines().map(String::strip).toList();
        assertThat(funnel).as("after the funnel's trend").containsSubsequence("period entered converted conversion_rate",
                "2026-11-01T00:00:00Z 4 1 25.00",
                "Annotations in the range, oldest first (their moment in UTC)", "2026-11-01T09:00:00Z launch");
    }

    /** Goal conversions as the answer's shape writes them: a row per goal, the range's visitors and the meta. */
    private static Map<String, Object> conversions(long visitors, List<List<Object>> rows) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("columns", List.of("goal", "visitors", "events", "conversion_rate", "revenue"));
        chart.put("rows", rows);
        chart.put("visitors", visitors);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("source", "raw");
        meta.put("timezone", "Europe/Berlin");
        meta.put("date_range", Map.of("from", "2026-09-10T00:00:00+02:00", "to", "2026-09-13T00:00:00+02:00"));
        chart.put("meta", meta);
        return chart;
    }

    @Test
    void goal_conversions_are_a_bar_chart_and_a_table_under_a_question_naming_the_goals_and_the_range() throws IOException {
        // 5 visitors: 3 signed up (4 sign-ups, 60 %), 2 bought (3 purchases, 45.50 in all, 40 %), nobody subscribed
        Map<String, Object> chart = conversions(5, List.of(
                Arrays.asList("signed_up", 3L, 4L, 60.0, BigDecimal.ZERO),
                Arrays.asList("purchase", 2L, 3L, 40.0, new BigDecimal("45.50")),
                Arrays.asList("newsletter", 0L, 0L, 0.0, BigDecimal.ZERO)));
        byte[] pdf = PdfReport.render("Tally goal conversions", List.of(new ReportSection("Tally goal conversions", chart)));
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).isEqualTo(1);
            assertThat(images(document.getPage(0))).as("the bar chart of each goal's visitors").isEqualTo(1);
            String text = new PDFTextStripper().getText(document);
            assertThat(text.replaceAll("\\s+", " ")).contains("Tally goal conversions", "visitors, events, conversion_rate"
                    + " (in percent of the range's 5 visitors) and revenue of the goals signed_up, purchase, newsletter from"
                    + " 2026-09-10T00:00:00+02:00 to 2026-09-13T00:00:00+02:00 (Europe/Berlin)", "page 1 of 1");
            assertThat(text.lines().map(String::strip).toList()).containsSubsequence("goal visitors events conversion_rate revenue",
                    "signed_up 3 4 60.00 0", "purchase 2 3 40.00 45.5", "newsletter 0 0 0.00 0");
        }
    }

    @Test
    void goal_conversions_over_a_range_without_visitors_leave_the_rate_blank_and_no_goals_draw_no_chart() throws IOException {
        List<String> one = pages("Tally goal conversions", conversions(0, List.of(
                Arrays.asList("signed_up", 0L, 0L, null, BigDecimal.ZERO))));
        assertThat(one.getFirst().replaceAll("\\s+", " ")).contains("(in percent of the range's 0 visitors) and revenue of the"
                + " goal signed_up from");
        assertThat(one.getFirst().lines().map(String::strip)).contains("signed_up 0 0 0");

        byte[] pdf = PdfReport.render("Tally goal conversions", List.of(new ReportSection("Tally goal conversions",
                conversions(7, List.of()))));
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(images(document.getPage(0))).isZero();
            assertThat(new PDFTextStripper().getText(document).replaceAll("\\s+", " "))
                    .contains("goal conversions of no goals (none is saved) from 2026-09-10T00:00:00+02:00");
        }
    }

    private static int images(PDPage page) throws IOException {
        int count = 0;
        for (COSName name : page.getResources().getXObjectNames()) {
            if (page.getResources().getXObject(name) instanceof PDImageXObject) {
                count++;
            }
        }
        return count;
    }
}
