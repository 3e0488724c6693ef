package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import io.tally.domain.sample.TrafficGenerator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Answers as CSV read back with Apache Commons CSV equal the JSON answers; raw events stream out whole. */
class ExportTest {

    private static final Instant END = Instant.parse("2026-11-10T00:00:00Z");
    private static final List<String> NOTES = List.of("a,b", "say \"hi\"", "line\nbreak", "=SUM(A1)", "-5 apples", "@home", "plain");
    private static Tally tally;
    private static Http http;
    private static int generated;

    @BeforeAll
    static void start(@TempDir Path dir) {
        tally = EndToEndTest.start(dir);
        http = new Http(tally.port());
        List<Event> events = new ArrayList<>(TrafficGenerator.list(new TrafficGenerator.Settings(60_000, 7, 3, END, "default")));
        for (int i = 0; i < NOTES.size() * 3; i++) {
            Instant at = END.minusSeconds(3_600 + i);
            events.add(new Event("note-" + i, "default", "n" + i, "ns" + i, "note", at,
                    Map.of("note", PropertyValue.of(NOTES.get(i % NOTES.size()))), "", "", at));
        }
        generated = events.size();
        for (int from = 0; from < events.size(); from += 20_000) {
            String ndjson = events.subList(from, Math.min(events.size(), from + 20_000)).stream().map(EventJson::line)
                    .collect(Collectors.joining("\n"));
            assertThat(http.post("/v1/events?wait=true", "application/x-ndjson", ndjson).status()).isEqualTo(202);
        }
        for (Map<String, Object> goal : List.<Map<String, Object>>of(Map.of("name", "blog_posts", "page", "/blog/*"),
                Map.of("name", "purchase", "event", "purchase"), Map.of("name", "nobody", "event", "newsletter_subscribe"))) {
            assertThat(http.postJson("/v1/goals", goal).status()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() {
        tally.close();
    }

    private static List<CSVRecord> csv(String text) throws Exception {
        try (CSVParser parser = CSVParser.parse(new StringReader(text), CSVFormat.RFC4180)) {
            return parser.getRecords();
        }
    }

    /** A JSON cell as the CSV should hold it: text a spreadsheet would run gets an apostrophe, numbers stay plain. */
    private static String expected(JsonNode cell) {
        if (cell.isNull()) {
            return "";
        }
        if (cell.isNumber()) {
            return cell.decimalValue().toPlainString();
        }
        String text = cell.asText();
        return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }

    private static void assertSameTable(JsonNode json, String csvText) throws Exception {
        List<CSVRecord> records = csv(csvText);
        List<String> header = new ArrayList<>();
        json.get("columns").forEach(c -> header.add(c.isObject() ? c.get("name").asText() : c.asText()));
        assertThat(records.getFirst().toList()).isEqualTo(header);
        assertThat(records).hasSize(json.get("rows").size() + 1);
        for (int i = 0; i < json.get("rows").size(); i++) {
            List<String> want = new ArrayList<>();
            json.get("rows").get(i).forEach(cell -> want.add(expected(cell)));
            List<String> got = records.get(i + 1).toList();
            for (int k = 0; k < want.size(); k++) {
                if (json.get("rows").get(i).get(k).isNumber()) {
                    assertThat(new BigDecimal(got.get(k))).isEqualByComparingTo(want.get(k));
                } else {
                    assertThat(got.get(k)).isEqualTo(want.get(k));
                }
            }
        }
    }

    @Test
    void aReportWithCommasQuotesLineBreaksAndFormulasRoundTrips() throws Exception {
        Map<String, Object> body = Map.of("metrics", List.of("events", "visitors"), "dimensions", List.of("prop:note"),
                "filters", List.of(List.of("is", "event_type", List.of("note"))), "date_range", List.of("2026-11-01", "2026-11-09"));
        JsonNode json = http.postJson("/v1/query", body).json();
        Http.Answer csv = http.postJson("/v1/query?format=csv", body);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).contains("\r\n").contains("\"line\nbreak\"").contains("\"say \"\"hi\"\"\"").contains("'=SUM(A1)");
        assertThat(json.get("rows").size()).isEqualTo(NOTES.size());
        assertSameTable(json, csv.body());
    }

    @Test
    void everyQueryTypeAnswersCsvWhenAskedByAccept() throws Exception {
        Map<String, Map<String, Object>> queries = Map.of(
                "/v1/query", Map.of("metrics", List.of("events", "revenue", "bounce_rate"), "dimensions", List.of("time:day", "country"),
                        "date_range", List.of("2026-11-03", "2026-11-09"), "compare", "previous_period"),
                "/v1/funnels", Map.of("steps", List.of(Map.of("event", "page_view"), Map.of("event", "sign_up")),
                        "date_range", List.of("2026-11-03", "2026-11-09")),
                "/v1/retention", Map.of("start_event", Map.of("event", "sign_up"), "period", "day", "periods", 4,
                        "date_range", List.of("2026-11-03", "2026-11-09")),
                "/v1/paths", Map.of("anchor", Map.of("event", "sign_up"), "date_range", List.of("2026-11-03", "2026-11-09")),
                "/v1/stickiness", Map.of("event", "page_view", "date_range", List.of("2026-11-03", "2026-11-09")),
                "/v1/lifecycle", Map.of("event", "page_view", "interval", "week", "timezone", "Europe/Berlin",
                        "date_range", List.of("2026-11-03", "2026-11-09")),
                "/v1/trends", Map.of("series", List.of(Map.of("event", "page_view"), Map.of("event", "sign_up", "metric", "visitors")),
                        "formulas", List.of(Map.of("expression", "B / A * 100")), "breakdown", "utm_source", "breakdown_limit", 3,
                        "timezone", "Europe/Berlin", "date_range", List.of("2026-11-03", "2026-11-09")),
                "/v1/conversions", Map.of("timezone", "Europe/Berlin", "date_range", List.of("2026-11-03", "2026-11-09")));
        for (Map.Entry<String, Map<String, Object>> query : queries.entrySet()) {
            JsonNode json = http.postJson(query.getKey(), query.getValue()).json();
            HttpResponse<String> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + tally.port() + query.getKey())).header("Accept", "text/csv")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(EventJson.write(query.getValue()))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(csv.statusCode()).as(query.getKey()).isEqualTo(200);
            assertThat(json.get("rows").size()).as(query.getKey()).isPositive();
            assertSameTable(json, csv.body());
        }
        JsonNode series = http.get("/v1/timeseries?metric=page_views,conversions&from=2026-11-05T00:00:00Z&to=2026-11-06T00:00:00Z").json();
        assertSameTable(series, http.get("/v1/timeseries?metric=page_views,conversions&from=2026-11-05T00:00:00Z"
                + "&to=2026-11-06T00:00:00Z&format=csv").body());
        assertThat(http.get("/v1/timeseries?format=xlsx").status()).isEqualTo(406);
    }

    @Test
    void rawEventsStreamOutWhole() throws Exception {
        String range = "from=2026-10-01T00:00:00Z&to=2026-11-11T00:00:00Z";
        HttpResponse<InputStream> ndjson = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + tally.port() + "/v1/events/export?" + range)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(ndjson.statusCode()).isEqualTo(200);
        assertThat(ndjson.headers().firstValue("Content-Length")).isEmpty(); // streamed, not built whole first
        long lines = 0;
        Instant previous = Instant.EPOCH;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(ndjson.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                Instant at = Instant.parse(Http.JSON.readTree(line).get("timestamp").asText());
                assertThat(at).isAfterOrEqualTo(previous);
                previous = at;
                lines++;
            }
        }
        long stored = http.postJson("/v1/query", Map.of("metrics", List.of("events"),
                "date_range", List.of("2026-10-01T00:00:00Z", "2026-11-11T00:00:00Z"))).json().get("totals").get("events").asLong();
        assertThat(lines).isEqualTo(stored).isEqualTo(generated);

        List<CSVRecord> csv = csv(http.get("/v1/events/export?" + range + "&format=csv").body());
        assertThat(csv).hasSize(generated + 1);
        CSVRecord note = csv.stream().filter(r -> r.get(0).equals("note-2")).findFirst().orElseThrow();
        assertThat(Http.JSON.readTree(note.get(6)).get("note").asText()).isEqualTo("line\nbreak");
        assertThat(http.get("/v1/events/export?from=2026-11-02").status()).isEqualTo(400);
    }

    @Test
    void pdfReportsHoldTitleChartAndEveryRowOverNumberedPages() throws Exception {
        Map<String, Object> daily = Map.of("metrics", List.of("events", "visitors"), "dimensions", List.of("time:day"),
                "date_range", List.of("2026-11-03", "2026-11-09"), "timezone", "Europe/Berlin");
        JsonNode json = http.postJson("/v1/query", daily).json();
        Http.Answer pdf = http.post("/v1/query?format=pdf", "application/json", EventJson.write(daily).getBytes(StandardCharsets.UTF_8));
        assertThat(pdf.contentType()).isEqualTo("application/pdf");
        byte[] bytes = http.rawBytes("/v1/query?format=pdf", EventJson.write(daily));
        try (PDDocument document = Loader.loadPDF(bytes)) {
            assertThat(document.getNumberOfPages()).isEqualTo(1);
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("Tally report", "events, visitors", "Europe/Berlin", "page 1 of 1");
            for (JsonNode row : json.get("rows")) {
                assertThat(text).contains(row.get(0).asText(), row.get(1).asText());
            }
            assertThat(images(document.getPage(0))).as("the chart").isEqualTo(1);
            assertThat(document.getPage(0).getResources().getFontNames()).isNotEmpty();
            document.getPage(0).getResources().getFontNames().forEach(name -> {
                try {
                    assertThat(document.getPage(0).getResources().getFont(name).isEmbedded()).as("font embedded").isTrue();
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            BufferedImage page1 = new PDFRenderer(document).renderImageWithDPI(0, 110);
            Path png = Path.of("target", "reports", "report-page-1.png");
            Files.createDirectories(png.getParent());
            ImageIO.write(page1, "png", png.toFile());
            assertThat(png).isNotEmptyFile();
        }

        // a long table: pages numbered, the header on each, every row somewhere
        Map<String, Object> long_ = Map.of("metrics", List.of("events"), "dimensions", List.of("time:hour"),
                "date_range", List.of("2026-11-03", "2026-11-09"));
        JsonNode many = http.postJson("/v1/query", long_).json();
        try (PDDocument document = Loader.loadPDF(
                http.rawBytes("/v1/query?format=pdf", EventJson.write(long_)))) {
            int pages = document.getNumberOfPages();
            assertThat(pages).isGreaterThan(2);
            PDFTextStripper stripper = new PDFTextStripper();
            long rowsSeen = 0;
            for (int p = 1; p <= pages; p++) {
                stripper.setStartPage(p);
                stripper.setEndPage(p);
                String pageText = stripper.getText(document);
                assertThat(pageText).contains("page " + p + " of " + pages, "time:hour");
                rowsSeen += pageText.lines().filter(l -> l.matches("^2026-\\d\\d-\\d\\dT.*")).count();
            }
            assertThat(rowsSeen).isEqualTo(many.get("rows").size());
        }

        Map<String, Object> funnel = Map.of("steps", List.of(Map.of("event", "page_view"), Map.of("event", "sign_up"),
                Map.of("event", "purchase")), "date_range", List.of("2026-11-03", "2026-11-09"));
        try (PDDocument document = Loader.loadPDF(
                http.rawBytes("/v1/funnels?format=pdf", EventJson.write(funnel)))) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("Tally funnel", "sign_up", "purchase");
            assertThat(images(document.getPage(0))).as("the funnel chart").isEqualTo(1);
        }

        // a trend: a chart of its lines, a table of the lines with their totals, then the values a few lines a table
        Map<String, Object> trend = Map.of("series", List.of(Map.of("event", "page_view"), Map.of("event", "sign_up",
                "metric", "visitors")), "formulas", List.of(Map.of("expression", "B / A * 100")), "breakdown", "country",
                "breakdown_limit", 4, "date_range", List.of("2026-11-03", "2026-11-09"), "timezone", "Europe/Berlin");
        JsonNode lines = http.postJson("/v1/trends", trend).json().get("lines");
        try (PDDocument document = Loader.loadPDF(http.rawBytes("/v1/trends?format=pdf", EventJson.write(trend)))) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text.replaceAll("\\s+", " ")).contains("Tally trend", "A: events of page_view, B: visitors of sign_up,"
                    + " B / A * 100 by day and country (the 4 values with the largest totals of each series)", "(Europe/Berlin)");
            assertThat(images(document.getPage(0))).as("the trend chart").isEqualTo(1);
            assertThat(lines.size()).as("more lines than one table of values holds").isGreaterThan(6);
            int tables = (lines.size() + 5) / 6;
            for (int day = 3; day <= 9; day++) {
                String date = "2026-11-0" + day + " ";
                assertThat(text.lines().filter(line -> line.startsWith(date))).as(date + "in each table of values").hasSize(tables);
            }
            BufferedImage page1 = new PDFRenderer(document).renderImageWithDPI(0, 110);
            Path png = Path.of("target", "reports", "trend-page-1.png");
            Files.createDirectories(png.getParent());
            ImageIO.write(page1, "png", png.toFile());
        }

        // goal conversions: a bar chart of each goal's visitors, then the table of goals
        Map<String, Object> goals = Map.of("date_range", List.of("2026-11-03", "2026-11-09"), "timezone", "Europe/Berlin");
        JsonNode conversions = http.postJson("/v1/conversions", goals).json();
        try (PDDocument document = Loader.loadPDF(http.rawBytes("/v1/conversions?format=pdf", EventJson.write(goals)))) {
            String text = new PDFTextStripper().getText(document);
            List<String> names = new ArrayList<>();
            conversions.get("rows").forEach(row -> names.add(row.get(0).asText()));
            assertThat(names).containsExactlyInAnyOrder("blog_posts", "purchase", "nobody");
            assertThat(text.replaceAll("\\s+", " ")).contains("Tally goal conversions", "(in percent of the range's "
                    + conversions.get("visitors").asLong() + " visitors) and revenue of the goals " + String.join(", ", names)
                    + " from 2026-11-03T00:00:00+01:00 to 2026-11-10T00:00:00+01:00 (Europe/Berlin)");
            assertThat(images(document.getPage(0))).as("the goals chart").isEqualTo(1);
            assertThat(text.lines().map(String::strip)).contains("goal visitors events conversion_rate revenue", "nobody 0 0 0.00 0");
            BufferedImage page1 = new PDFRenderer(document).renderImageWithDPI(0, 110);
            Path png = Path.of("target", "reports", "conversions-page-1.png");
            Files.createDirectories(png.getParent());
            ImageIO.write(page1, "png", png.toFile());
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
