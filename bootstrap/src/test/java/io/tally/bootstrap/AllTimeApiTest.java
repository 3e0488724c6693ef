package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code all_time} through the running server: from the day of the project's first event through today. */
class AllTimeApiTest {

    private static Map<String, Object> event(String id, String at) {
        return Map.of("event_id", id, "user_id", "u-" + id, "session_id", "s-" + id, "event_type", "page_view",
                "timestamp", at, "properties", Map.of());
    }

    @Test
    void a_report_over_all_time_lists_every_day_since_the_first_event(@TempDir Path dir) {
        try (Tally tally = Tally.start(TallyConfig.withOverrides(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "store.path", dir.resolve("tally.duckdb").toString())))) {
            Http http = new Http(tally.port());
            Map<String, Object> empty = Map.of("metrics", List.of("events"), "dimensions", List.of("time:day"),
                    "date_range", "all_time", "timezone", "Europe/Berlin");
            LocalDate today = LocalDate.now(ZoneId.of("Europe/Berlin"));
            // no event yet: today alone
            JsonNode none = http.postJson("/v1/query", empty).json();
            assertThat(none.get("meta").get("date_range").get("from").asText()).startsWith(today.toString());

            // 23:30 UTC on 1 November is 00:30 on 2 November in Berlin: the range starts there
            assertThat(http.postJson("/v1/events?wait=true", List.of(event("1", "2026-11-01T23:30:00Z"),
                    event("2", "2026-11-05T12:00:00Z"), event("3", "2026-11-05T13:00:00Z"))).json().get("accepted").asInt())
                    .isEqualTo(3);
            JsonNode answer = http.postJson("/v1/query", empty).json();
            assertThat(answer.get("meta").get("date_range").get("from").asText()).isEqualTo("2026-11-02T00:00:00+01:00");
            assertThat(answer.get("meta").get("date_range").get("to").asText()).startsWith(today.plusDays(1).toString());
            long days = ChronoUnit.DAYS.between(LocalDate.parse("2026-11-02"), today) + 1;
            assertThat(answer.get("rows")).hasSize((int) days);
            assertThat(answer.get("rows").get(0).get(1).asLong()).isEqualTo(1);
            assertThat(answer.get("rows").get(3).get(1).asLong()).isEqualTo(2); // 5 November
            assertThat(answer.get("totals").get("events").asLong()).isEqualTo(3);
        }
    }
}
