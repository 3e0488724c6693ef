package io.tally.adapter.out.duckdb;

import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import io.tally.domain.sample.TrafficGenerator;
import io.tally.domain.time.TimeRange;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DuckDbStoresTest {

    @Test
    void an_event_stored_before_numbers_were_bounded_reads_back_whole(@TempDir Path dir) {
        // ingest refuses 1e1000 now; one stored before was written out as 1,001 digits, which failed every read
        Instant at = Instant.parse("2026-11-28T10:00:00Z");
        BigDecimal huge = new BigDecimal("1e1000");
        try (DuckDbStores stores = DuckDbStores.open(DuckDbConfig.at(dir.resolve("tally.duckdb")))) {
            stores.eventStore().append(List.of(new Event("old", "default", "u", "s", "measure", at,
                    Map.of("n", PropertyValue.of(huge)), "", "", at)));
            List<Event> read = new ArrayList<>();
            stores.eventArchive().scan("default", new TimeRange(at, at.plusSeconds(1)), 10, read::addAll);
            assertThat(read).singleElement().satisfies(e -> assertThat(((PropertyValue.Numeric)
                    e.properties().get("n")).value()).isEqualByComparingTo(huge));
        }
    }

    @Test
    void the_schema_is_migrated_once_and_events_survive_a_reopen(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nested/folder/tally.duckdb");
        List<Event> events = TrafficGenerator.list(new TrafficGenerator.Settings(1_000, 3, 1,
                Instant.parse("2026-11-28T00:00:00Z"), "default"));
        try (DuckDbStores stores = DuckDbStores.open(DuckDbConfig.at(file))) {
            assertThat(stores.schemaVersion()).isEqualTo(Migrations.ALL.getLast().version());
            assertThat(stores.answers()).isTrue();
            stores.eventStore().append(events);
        }
        try (DuckDbStores stores = DuckDbStores.open(DuckDbConfig.at(file))) {
            assertThat(stores.eventStore().append(events)).as("all already stored").isZero();
        }
        try (var connection = DriverManager.getConnection("jdbc:duckdb:" + file);
             var statement = connection.createStatement()) {
            var rs = statement.executeQuery("SELECT count(*) FROM schema_migrations");
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(Migrations.ALL.size());
            rs = statement.executeQuery("SELECT count(*), count(DISTINCT event_id) FROM events");
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1_000);
            rs = statement.executeQuery("SELECT properties->>'revenue' FROM events WHERE event_type = 'purchase' LIMIT 1");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).matches("[0-9]+(\\.[0-9]{1,2})?");
        }
    }

    @Test
    void a_memory_limit_that_is_not_a_size_is_refused_before_reaching_sql() {
        Assertions.assertThatThrownBy(() -> new DuckDbConfig(Path.of("x"), 0, "1GB'; DROP TABLE events; --"))
                .isInstanceOf(IllegalArgumentException.class);
        Assertions.assertThatThrownBy(() -> new DuckDbConfig(Path.of("x"), 0, "", 0, "1GB'; CHECKPOINT; --"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("store.checkpoint-threshold");
    }

    @Test
    void the_write_ahead_log_is_folded_into_the_file_only_past_the_checkpoint_threshold(@TempDir Path dir)
            throws Exception {
        List<Event> events = moreThanDuckDbsOwnThresholdOfLog(2);
        Path large = dir.resolve("large.duckdb");
        Path small = dir.resolve("small.duckdb");
        try (DuckDbStores kept = DuckDbStores.open(new DuckDbConfig(large, 0, "", 0, "1GB"));
             DuckDbStores folded = DuckDbStores.open(new DuckDbConfig(small, 0, "", 0, "1MB"))) {
            appendInBatches(events, kept, folded);
            // under 1GB the log all waits for the close, past 1MB it is folded as it goes
            assertThat(walBytes(large)).isGreaterThan(17L << 20);
            assertThat(walBytes(small)).isLessThan(walBytes(large) / 4);
        }
        try (DuckDbStores reopened = DuckDbStores.open(DuckDbConfig.at(large))) {
            assertThat(reopened.eventStore().append(events)).as("every event kept through the close").isZero();
        }
    }

    @Test
    void a_rollup_refresh_folds_a_log_grown_past_duckdbs_own_threshold_into_the_file(@TempDir Path dir)
            throws IOException {
        // the newest events, which dashboards read most, are not left in the log for up to store.checkpoint-threshold
        List<Event> events = moreThanDuckDbsOwnThresholdOfLog(3);
        Path file = dir.resolve("tally.duckdb");
        try (DuckDbStores stores = DuckDbStores.open(new DuckDbConfig(file, 0, "", 0, "1GB"))) {
            appendInBatches(events, stores);
            assertThat(walBytes(file)).isGreaterThan(RecentLogCheckpoint.LOG_BYTES);
            assertThat(stores.rollupStore().refresh()).isEqualTo(60_000);
            assertThat(walBytes(file)).isLessThan(1L << 20);
            assertThat(stores.rawQuery("SELECT count(*) FROM events")).containsExactly(List.of("60000"));
        }
    }

    /** 60,000 events: more write-ahead log than DuckDB's own 16 MiB threshold. */
    private static List<Event> moreThanDuckDbsOwnThresholdOfLog(long seed) {
        return TrafficGenerator.list(new TrafficGenerator.Settings(60_000, 3, seed,
                Instant.parse("2026-11-28T00:00:00Z"), "default"));
    }

    private static void appendInBatches(List<Event> events, DuckDbStores... stores) {
        for (int from = 0; from < events.size(); from += 6_000) {
            for (DuckDbStores store : stores) {
                store.eventStore().append(events.subList(from, from + 6_000));
            }
        }
    }

    private static long walBytes(Path database) throws IOException {
        Path wal = database.resolveSibling(database.getFileName() + ".wal");
        return Files.exists(wal) ? Files.size(wal) : 0;
    }
}
