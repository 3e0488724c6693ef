package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingest-time enrichment through the running server: device facts from the user agent, bots left out, IPs dropped,
 * each visit's source and channel from its referrer and campaign parameters.
 */
class EnrichmentTest {

    private static final String CHROME_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private static final String SAFARI_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
    private static final String GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

    private static Map<String, Object> event(String id, String userAgent, Map<String, Object> properties) {
        return Map.of("event_id", id, "user_id", "u-" + id, "session_id", "s-" + id, "event_type", "page_view",
                "timestamp", "2026-11-20T10:00:00Z", "user_agent", userAgent, "ip_address", "81.2.69.160",
                "properties", properties);
    }

    @Test
    void device_facts_are_added_bots_are_left_out_and_a_sent_value_wins(@TempDir Path dir) {
        try (Tally tally = Tally.start(TallyConfig.withOverrides(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "store.path", dir.resolve("tally.duckdb").toString())))) { // the defaults: bots left out, no IP kept
            Http http = new Http(tally.port());
            JsonNode accepted = http.postJson("/v1/events?wait=true", List.of(
                    event("1", CHROME_WINDOWS, Map.of()),
                    event("2", SAFARI_IPHONE, Map.of()),
                    event("3", GOOGLEBOT, Map.of()),
                    event("4", CHROME_WINDOWS, Map.of("browser", "Our Desktop App")))).json();
            assertThat(accepted.get("accepted").asInt()).isEqualTo(3);
            assertThat(accepted.get("bots_excluded").asInt()).isEqualTo(1);

            JsonNode report = http.postJson("/v1/query", Map.of("metrics", List.of("events"),
                    "dimensions", List.of("browser", "os", "device"), "date_range", List.of("2026-11-20", "2026-11-20"))).json();
            Map<String, Long> byDevice = new TreeMap<>();
            report.get("rows").forEach(row -> byDevice.put(row.get(0).asText() + "|" + row.get(1).asText() + "|"
                    + row.get(2).asText(), row.get(3).asLong()));
            assertThat(byDevice).isEqualTo(Map.of(
                    "Chrome|Windows|desktop", 1L,
                    "Mobile Safari|iOS|mobile", 1L,
                    "Our Desktop App|Windows|desktop", 1L));
        }
    }

    private static Map<String, Object> visit(String id, String session, String at, Map<String, Object> properties) {
        return Map.of("event_id", id, "user_id", "u-" + session, "session_id", session, "event_type", "page_view",
                "timestamp", "2026-11-20T10:" + at + ":00Z", "properties", properties);
    }

    private static Map<String, List<Long>> rowsBy(JsonNode report) {
        Map<String, List<Long>> rows = new TreeMap<>();
        report.get("rows").forEach(row -> rows.put(row.get(0).asText(), List.of(row.get(1).asLong(), row.get(2).asLong())));
        return rows;
    }

    @Test
    void each_visit_s_source_and_channel_come_from_its_referrer_and_campaign(@TempDir Path dir) {
        try (Tally tally = Tally.start(TallyConfig.withOverrides(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "store.path", dir.resolve("tally.duckdb").toString())))) {
            Http http = new Http(tally.port());
            JsonNode accepted = http.postJson("/v1/events?wait=true", List.of(
                    visit("1", "s1", "00", Map.of("referrer", "https://www.google.de/search?q=tally")),
                    visit("2", "s1", "01", Map.of("path", "/pricing")), // no referrer: the visit's channel still
                    visit("3", "s2", "00", Map.of("utm_source", "google", "utm_medium", "cpc")),
                    visit("4", "s3", "00", Map.of("referrer", "https://news.ycombinator.com/item?id=1")),
                    visit("5", "s4", "00", Map.of("path", "/")),
                    visit("6", "s5", "00", Map.of("referrer", "https://example.org/post")),
                    visit("7", "s6", "00", Map.of("referrer", "https://www.google.com/", "source", "Partner Portal",
                            "channel", "Affiliates")), // sent values win
                    visit("8", "s7", "00", Map.of("utm_source", "newsletter", "utm_medium", "email")))).json();
            assertThat(accepted.get("accepted").asInt()).isEqualTo(8);

            List<String> range = List.of("2026-11-20", "2026-11-20");
            assertThat(rowsBy(http.postJson("/v1/query", Map.of("metrics", List.of("sessions", "events"),
                    "dimensions", List.of("channel"), "date_range", range)).json())).isEqualTo(Map.of(
                    "Organic Search", List.of(1L, 2L),
                    "Paid Search", List.of(1L, 1L),
                    "Organic Social", List.of(1L, 1L),
                    "Direct", List.of(1L, 1L),
                    "Referral", List.of(1L, 1L),
                    "Affiliates", List.of(1L, 1L),
                    "Email", List.of(1L, 1L)));
            assertThat(rowsBy(http.postJson("/v1/query", Map.of("metrics", List.of("sessions", "events"),
                    "dimensions", List.of("source"), "date_range", range)).json())).isEqualTo(Map.of(
                    "Google", List.of(2L, 3L),
                    "Hacker News", List.of(1L, 1L),
                    "Direct / None", List.of(1L, 1L),
                    "example.org", List.of(1L, 1L),
                    "Partner Portal", List.of(1L, 1L),
                    "newsletter", List.of(1L, 1L)));
            // the stored property is the visit's first event's alone
            JsonNode byProperty = http.postJson("/v1/query", Map.of("metrics", List.of("events"),
                    "dimensions", List.of("prop:channel"), "date_range", range)).json();
            Map<String, Long> stored = new TreeMap<>();
            byProperty.get("rows").forEach(row -> stored.put(row.get(0).isNull() ? "null" : row.get(0).asText(), row.get(1).asLong()));
            assertThat(stored).containsEntry("null", 2L).containsEntry("Organic Search", 1L);
            // visit filters select whole sessions: s1's two page views came from a search engine, s1 and s2 from Google
            assertThat(http.postJson("/v1/query", Map.of("metrics", List.of("events", "sessions"), "date_range", range,
                    "filters", List.of(List.of("is", "visit:channel", List.of("Organic Search"))))).json().get("rows").get(0))
                    .hasToString("[2,1]");
            assertThat(http.postJson("/v1/query", Map.of("metrics", List.of("events", "sessions"), "date_range", range,
                    "filters", List.of(List.of("is", "visit:source", List.of("Google"))))).json().get("rows").get(0))
                    .hasToString("[3,2]");
            Http.Answer refused = http.postJson("/v1/funnels", Map.of("steps", List.of(
                    Map.of("event", "page_view", "filters", List.of(List.of("is", "visit:channel", List.of("Direct")))),
                    Map.of("event", "sign_up")), "date_range", range));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body()).contains("steps[0].filters[0][1]");
        }
    }
}
