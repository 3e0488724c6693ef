package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events at the edge of the retention, over HTTP on both stores: what ingest accepts is counted by raw queries, by
 * the rollup and by the export alike, and what it refuses is refused by name. (Before one retention governed all of
 * them, ClickHouse's fixed 25-month TTL dropped accepted events that the rollup went on counting.)
 */
class RetentionEdgeTest {

    private static final int DAYS = 3;
    private static Tally duck;
    private static Tally clickhouse;

    private static Tally start(String kind, Path dir) {
        return StoreServers.start(kind, dir, "ingest.retention-days", Integer.toString(DAYS), "rollup.refresh-seconds", "1");
    }

    @BeforeAll
    static void start(@TempDir Path dir) {
        duck = start("duckdb", dir.resolve("duck"));
        clickhouse = start("clickhouse-embedded", dir.resolve("ch"));
    }

    @AfterAll
    static void stop() {
        duck.close();
        clickhouse.close();
    }

    private static Tally tally(String kind) {
        return kind.equals("duckdb") ? duck : clickhouse;
    }

    private static Map<String, Object> event(String id, Instant at) {
        return Map.of("event_id", id, "user_id", "u-" + id, "session_id", "s-" + id, "event_type", "purchase",
                "timestamp", at.toString(), "properties", Map.of("revenue", 5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"duckdb", "clickhouse-embedded"})
    void an_event_on_the_first_kept_day_is_counted_by_raw_queries_the_rollup_and_the_export(String kind) throws Exception {
        Http http = new Http(tally(kind).port());
        // kept: the UTC days from 3 days before today on; the horizon is that day's midnight
        Instant horizon = LocalDate.now(ZoneOffset.UTC).minusDays(DAYS).atStartOfDay(ZoneOffset.UTC).toInstant();
        JsonNode answer = http.postJson("/v1/events?wait=true", List.of(event("edge", horizon),
                event("inside", horizon.plusSeconds(3600)), event("before", horizon.minusMillis(1)))).json();
        assertThat(answer.get("accepted").asInt()).as(answer.toString()).isEqualTo(2);
        JsonNode refused = answer.get("rejected").get(0);
        assertThat(refused.get("index").asInt()).isEqualTo(2);
        assertThat(refused.get("errors").get(0).get("field").asText()).isEqualTo("timestamp");
        assertThat(refused.get("errors").get(0).get("message").asText()).contains("retention of 3 days");
        Thread.sleep(2_500); // a rollup refresh or two (DuckDB folds the new events into the hourly rollup)

        List<String> range = List.of(horizon.minusSeconds(86_400).toString(), horizon.plusSeconds(86_400).toString());
        JsonNode fromRollup = http.postJson("/v1/query", Map.of("metrics", List.of("events", "revenue"),
                "dimensions", List.of("time:hour"), "date_range", range)).json();
        assertThat(fromRollup.get("meta").get("source").asText()).isEqualTo("rollup");
        JsonNode fromRaw = http.postJson("/v1/query", Map.of("metrics", List.of("events", "revenue", "visitors"),
                "date_range", range)).json();
        assertThat(fromRaw.get("meta").get("source").asText()).isEqualTo("raw");
        for (JsonNode totals : List.of(fromRollup.get("totals"), fromRaw.get("totals"))) {
            assertThat(totals.get("events").asLong()).as(totals.toString()).isEqualTo(2);
            assertThat(totals.get("revenue").decimalValue()).isEqualByComparingTo("10");
        }
        String exported = http.get("/v1/events/export?from=" + range.get(0) + "&to=" + range.get(1)).body();
        List<String> ids = new ArrayList<>();
        for (String line : exported.lines().toList()) {
            ids.add(Http.JSON.readTree(line).get("event_id").asText());
        }
        assertThat(ids).containsExactly("edge", "inside");
    }
}
