package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.tally.domain.event.Event;
import io.tally.domain.sample.TrafficGenerator;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scheduled reports against a started server: schedules due within seconds (six-field cron, seconds first) render a
 * dashboard as PDF and a query as CSV and deliver them to a real webhook receiver (signed) and to a real SMTP server
 * (GreenMail) that the test starts; a webhook that refuses twice is retried; one that always refuses leaves a
 * failed run in the API and in the metrics.
 */
class ReportSchedulesTest {

    private static final Instant END = Instant.parse("2026-11-10T00:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SECRET = "report-secret-0123";
    private static final Map<String, Object> REPORT = Map.of("metrics", List.of("events", "visitors"),
            "dimensions", List.of("event_type"), "date_range", List.of("2026-11-01", "2026-11-09"));
    private static final Map<String, Object> FUNNEL = Map.of("steps", List.of(Map.of("event", "page_view"),
            Map.of("event", "signup")), "date_range", List.of("2026-10-27", "2026-11-09"));
    private static Tally tally;
    private static Http http;
    private static GreenMail mail;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        int smtpPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            smtpPort = socket.getLocalPort();
        }
        mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        tally = Tally.start(TallyConfig.withOverrides(Map.ofEntries(Map.entry("server.port", "0"),
                Map.entry("server.host", "127.0.0.1"), Map.entry("ingest.max-delay-ms", "20"),
                Map.entry("enrichment.keep-bots", "true"), Map.entry("store.path", dir.resolve("tally.duckdb").toString()),
                Map.entry("alerts.tick-millis", "200"), Map.entry("notify.attempts", "3"),
                Map.entry("notify.backoff-millis", "50"), Map.entry("smtp.host", "127.0.0.1"),
                Map.entry("smtp.port", String.valueOf(smtpPort)), Map.entry("smtp.from", "reports@tally.test"))));
        http = new Http(tally.port());
        List<Event> events = TrafficGenerator.list(new TrafficGenerator.Settings(4_000, 14, 11, END, "default"));
        String ndjson = events.stream().map(EventJson::line).collect(Collectors.joining("\n"));
        assertThat(http.post("/v1/events?wait=true", "application/x-ndjson", ndjson).status()).isEqualTo(202);
        assertThat(http.postJson("/v1/dashboards", Map.of("name", "weekly", "title", "Weekly numbers", "widgets", List.of(
                Map.of("id", "by-type", "title", "Events by type", "kind", "report", "query", REPORT),
                Map.of("id", "signup-funnel", "title", "Signup funnel", "kind", "funnel", "query", FUNNEL)))).status())
                .isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        tally.close();
        mail.stop();
    }

    /** The schedule's first run record, once there is one; the schedule is then deleted so it stops. */
    private static JsonNode firstRun(String name) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            JsonNode runs = http.get("/v1/schedules/" + name + "/runs").json().get("runs");
            if (runs != null && !runs.isEmpty()) {
                assertThat(http.delete("/v1/schedules/" + name).status()).isEqualTo(204);
                return runs.get(runs.size() - 1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the schedule " + name + " did not run");
    }

    private static String text(byte[] pdf, int[] pages) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            pages[0] = document.getNumberOfPages();
            return new PDFTextStripper().getText(document);
        }
    }

    @Test
    void a_dashboard_due_in_seconds_arrives_as_a_pdf_by_signed_webhook_and_by_mail() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(2)) { // refuses twice: the third try is taken
            Http.Answer created = http.postJson("/v1/schedules", Map.of("name", "weekly_pdf", "cron", "*/2 * * * * *",
                    "dashboard", "weekly", "format", "pdf",
                    "deliver", List.of(Map.of("webhook", receiver.url(), "secret", SECRET),
                            Map.of("email", List.of("team@example.com", "boss@example.com")))));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(http.get("/v1/schedules/weekly_pdf/runs").json().get("next_run").asText()).isNotEmpty();

            JsonNode run = firstRun("weekly_pdf");
            assertThat(run.get("outcome").asText()).as(run.toString()).isEqualTo("delivered");
            assertThat(run.get("deliveries").get(0).get("attempts").asInt()).isEqualTo(3);
            assertThat(run.get("deliveries").get(1).get("channel").asText()).isEqualTo("email");

            WebhookReceiver.Delivery hook = receiver.await(d -> true, WAIT);
            assertThat(hook.signedWith(SECRET)).isTrue();
            JsonNode payload = hook.json();
            assertThat(payload.get("type").asText()).isEqualTo("report");
            assertThat(payload.get("schedule").asText()).isEqualTo("weekly_pdf");
            JsonNode file = payload.get("files").get(0);
            assertThat(file.get("name").asText()).isEqualTo("weekly.pdf");
            int[] pages = new int[1];
            String text = text(Base64.getDecoder().decode(file.get("content_base64").asText()), pages);
            assertThat(pages[0]).isGreaterThanOrEqualTo(2); // each widget starts a page
            assertThat(text).contains("Weekly numbers", "Events by type", "Signup funnel");

            assertThat(mail.waitForIncomingEmail(WAIT.toMillis(), 2)).isTrue();
            MimeMessage message = mail.getReceivedMessages()[0];
            assertThat(message.getSubject()).contains("Weekly numbers");
            assertThat(message.getFrom()[0].toString()).isEqualTo("reports@tally.test");
            Multipart parts = (Multipart) message.getContent();
            assertThat(parts.getCount()).isEqualTo(2);
            BodyPart attachment = parts.getBodyPart(1);
            assertThat(attachment.getFileName()).isEqualTo("weekly.pdf");
            String mailed = text(attachment.getInputStream().readAllBytes(), pages);
            assertThat(mailed).contains("Events by type", "Signup funnel");
        }
    }

    @Test
    void a_query_due_in_seconds_arrives_as_csv_equal_to_the_api_answer() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(0)) {
            assertThat(http.postJson("/v1/schedules", Map.of("name", "types_csv", "cron", "*/2 * * * * *", "format", "csv",
                    "query", Map.of("kind", "report", "title", "Types", "query", REPORT),
                    "deliver", List.of(Map.of("webhook", receiver.url(), "secret", SECRET)))).status()).isEqualTo(201);
            JsonNode run = firstRun("types_csv");
            assertThat(run.get("outcome").asText()).isEqualTo("delivered");
            JsonNode file = receiver.await(d -> true, WAIT).json().get("files").get(0);
            assertThat(file.get("content_type").asText()).isEqualTo("text/csv");
            String csv = new String(Base64.getDecoder().decode(file.get("content_base64").asText()), StandardCharsets.UTF_8);
            List<CSVRecord> records;
            try (CSVParser parser = CSVParser.parse(new StringReader(csv), CSVFormat.RFC4180)) {
                records = parser.getRecords();
            }
            JsonNode answer = http.postJson("/v1/query", REPORT).json();
            assertThat(records.getFirst().toList()).containsExactly("event_type", "events", "visitors");
            assertThat(records).hasSize(answer.get("rows").size() + 1);
            for (int i = 0; i < answer.get("rows").size(); i++) {
                JsonNode row = answer.get("rows").get(i);
                assertThat(records.get(i + 1).toList()).containsExactly(row.get(0).asText(), row.get(1).asText(), row.get(2).asText());
            }
        }
    }

    @Test
    void a_failing_destination_leaves_a_failed_run_and_a_metric() throws Exception {
        try (WebhookReceiver down = new WebhookReceiver(-1)) {
            assertThat(http.postJson("/v1/schedules", Map.of("name", "to_nowhere", "cron", "0 0 1 1 *", "dashboard", "weekly",
                    "format", "csv", "deliver", List.of(Map.of("webhook", down.url(), "secret", SECRET)))).status()).isEqualTo(201);
            assertThat(http.get("/v1/schedules/to_nowhere/runs").json().get("runs")).isEmpty(); // due next January
            assertThat(http.postJson("/v1/schedules/to_nowhere/run", Map.of()).status()).isEqualTo(202);
            JsonNode run = firstRun("to_nowhere");
            assertThat(run.get("outcome").asText()).isEqualTo("failed");
            assertThat(run.get("files")).hasSize(2); // one CSV per widget
            JsonNode delivery = run.get("deliveries").get(0);
            assertThat(delivery.get("ok").asBoolean()).isFalse();
            assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
            assertThat(delivery.get("error").asText()).contains("HTTP 500");
            assertThat(down.all()).hasSize(3);
            String metrics = http.get("/observe/metrics").body();
            assertThat(metrics.lines().filter(l -> l.startsWith("tally_notification_deliveries_total{")
                    && l.contains("kind=\"report\"") && l.contains("outcome=\"failed\"") && l.contains("channel=\"webhook\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void bad_schedules_name_their_fields() {
        Http.Answer bad = http.postJson("/v1/schedules", Map.of("name", "bad", "cron", "every day", "dashboard", "weekly",
                "deliver", List.of(Map.of("email", List.of("nobody")))));
        assertThat(bad.status()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        bad.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertThat(fields).containsExactlyInAnyOrder("cron", "deliver[0].email[0]");
        assertThat(http.postJson("/v1/schedules/none/run", Map.of()).status()).isEqualTo(404);
    }
}
