package io.tally.adapter.out.duckdb;

import io.tally.adapter.out.memory.HostileValues;
import io.tally.adapter.out.memory.RevenueEdges;
import io.tally.domain.event.Event;
import io.tally.domain.sample.TrafficGenerator;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration 9 on a file one version older (generated traffic in two projects, hostile text, revenue edges): every row
 * is kept as it was, keyed as the writer keys events, the table keeps no index and stays in project and time order,
 * and afterwards the stored events are refused when re-sent while new ones are taken.
 */
class EventKeyMigrationTest {

    private static final Instant END = Instant.parse("2026-11-28T00:00:00Z");

    private static Path file;
    private static List<String> rowsBefore;
    private static DuckDbStores duck;

    private static List<Event> events() {
        List<Event> events = new ArrayList<>(TrafficGenerator.list(new TrafficGenerator.Settings(12_000, 30, 11, END, "default")));
        events.addAll(TrafficGenerator.list(new TrafficGenerator.Settings(3_000, 7, 12, END, "other")));
        events.addAll(HostileValues.events());
        events.addAll(RevenueEdges.events());
        return events;
    }

    /** A file at the version before the event key, holding {@code events}. */
    private static void version8(Path at, List<Event> events) throws Exception {
        Version4File.write(at, events, "none");
        try (DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + at)) {
            List<Migrations.Migration> older = Migrations.ALL.stream().filter(m -> m.version() < Migrations.EVENT_KEY).toList();
            assertThat(Migrations.apply(connection, older)).isEqualTo(Migrations.EVENT_KEY - 1);
        }
    }

    /** Every column of every row as text, one line a row, in (project, event id) order. */
    private static List<String> rows(Statement sql, String columns) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = sql.executeQuery("SELECT " + columns + " FROM events ORDER BY project_id, event_id")) {
            int width = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= width; i++) {
                    row.append(rs.getString(i)).append('\u0001');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    @BeforeAll
    static void migrate(@TempDir Path dir) throws Exception {
        file = dir.resolve("v8.duckdb");
        version8(file, events());
        try (DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file);
             Statement sql = connection.createStatement()) {
            rowsBefore = rows(sql, "*");
        }
        duck = DuckDbStores.open(DuckDbConfig.at(file));
    }

    @AfterAll
    static void close() {
        duck.close();
    }

    private static List<List<String>> query(String sql) {
        return duck.rawQuery(sql);
    }

    @Test
    void every_row_is_kept_as_it_was() throws Exception {
        assertThat(duck.schemaVersion()).isEqualTo(Migrations.ALL.getLast().version());
        assertThat(rowsBefore).hasSize(events().size());
        // the store has the file open: a second connection in this process shares its database
        try (DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file);
             Statement sql = connection.createStatement()) {
            assertThat(rows(sql, "* EXCLUDE (event_key)")).isEqualTo(rowsBefore);
        }
    }

    @Test
    void every_row_is_keyed_as_the_writer_keys_its_event() {
        List<List<String>> rows = query("SELECT project_id, event_id, CAST(event_key AS VARCHAR) FROM events");
        assertThat(rows).hasSize(rowsBefore.size());
        List<String> differing = new ArrayList<>();
        for (List<String> row : rows) {
            EventKey key = EventKeying.FULL.of(row.get(0), row.get(1));
            BigInteger expected = new BigInteger(Long.toUnsignedString(key.upper())).shiftLeft(Long.SIZE)
                    .add(new BigInteger(Long.toUnsignedString(key.lower())));
            if (!expected.toString().equals(row.get(2))) {
                differing.add(row.toString());
            }
        }
        assertThat(differing).isEmpty();
    }

    @Test
    void the_events_keep_no_index_and_no_two_share_a_key() {
        assertThat(query("""
                SELECT count(*) FROM duckdb_constraints()
                WHERE table_name = 'events' AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')""")).containsExactly(List.of("0"));
        assertThat(query("SELECT count(*) FROM duckdb_indexes() WHERE table_name = 'events'")).containsExactly(List.of("0"));
        assertThat(query("SELECT count(DISTINCT event_key) FROM events")).containsExactly(List.of(Integer.toString(rowsBefore.size())));
    }

    @Test
    void rows_stay_in_project_and_time_order() {
        assertThat(query("""
                SELECT count(*) FROM (SELECT (project_id, ts, event_id) < lag((project_id, ts, event_id)) OVER (ORDER BY rowid) AS back
                                      FROM events) WHERE back""")).containsExactly(List.of("0"));
    }

    @Test
    void after_the_migration_stored_events_are_refused_and_new_ones_taken(@TempDir Path dir) throws Exception {
        Path small = dir.resolve("small.duckdb");
        List<Event> events = new ArrayList<>(HostileValues.events());
        events.addAll(TrafficGenerator.list(new TrafficGenerator.Settings(500, 3, 5, END, "default")));
        List<Event> stored = events.subList(0, events.size() - 100);
        version8(small, stored);
        try (DuckDbStores migrated = DuckDbStores.open(DuckDbConfig.at(small))) {
            assertThat(migrated.eventStore().append(stored)).isZero();
            assertThat(migrated.eventStore().append(events)).isEqualTo(100);
            assertThat(migrated.eventStore().append(events)).isZero();
            List<Event> read = new ArrayList<>();
            migrated.eventArchive().scan(1_000, read::addAll);
            assertThat(read).containsExactlyInAnyOrderElementsOf(events);
        }
    }
}
