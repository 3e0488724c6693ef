package io.tally.adapter.out.documents;

import io.tally.application.port.in.ReportSection;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A funnel's PDF report: the step table, then, when the funnel has a trend, the trend's table after it. */
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
        byte[] pdf = PdfReport.render("Tally funnel", List.of(new ReportSection("Tally funnel", chart)));
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
}
