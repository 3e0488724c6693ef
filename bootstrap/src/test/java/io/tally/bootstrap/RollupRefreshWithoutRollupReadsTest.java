package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code rollup.enabled: false} queries read raw events, but the refresh still runs: on DuckDB it is what finds
 * user and session ids sharing a hash, so without it two such ids would count as one for good.
 */
class RollupRefreshWithoutRollupReadsTest {

    @Test
    void the_refresh_checks_the_ids_of_new_events_when_queries_do_not_read_the_rollup(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tally.duckdb");
        try (Tally tally = StoreServers.start("duckdb", dir, "rollup.enabled", "false", "rollup.refresh-seconds", "1")) {
            Instant at = Instant.now().minus(Duration.ofMinutes(5));
            JsonNode answer = new Http(tally.port()).postJson("/v1/events?wait=true", List.of(
                    Map.of("event_id", "e-1", "user_id", "u-1", "session_id", "s-1", "event_type", "page_view", "timestamp", at.toString()),
                    Map.of("event_id", "e-2", "user_id", "u-2", "session_id", "s-2", "event_type", "page_view", "timestamp", at.toString())))
                    .json();
            assertThat(answer.get("accepted").asInt()).as(answer.toString()).isEqualTo(2);

            long kept = 0;
            for (Instant until = Instant.now().plusSeconds(20); kept < 4 && Instant.now().isBefore(until); Thread.sleep(200)) {
                kept = keptIds(file);
            }
            assertThat(kept).as("two user ids and two session ids kept under their hashes").isEqualTo(4);
        }
    }

    private static long keptIds(Path file) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
             Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT count(*) FROM id_hashes")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
