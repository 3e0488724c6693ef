package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Ingest-time enrichment through the running server: device facts from the user agent, bots left out, IPs dropped. */
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
}
