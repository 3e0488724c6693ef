package io.tally.adapter.out.duckdb;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.domain.event.Event;
import io.tally.domain.time.Retention;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writer's re-send rule: a stored row with the event's key and its timestamp, at any age, or any timestamp among
 * the latest {@code ingest.dedup-recent} stored (here 10); and the probe reading only the row groups of the batch's
 * hours and of the latest rows.
 */
class ResendCheckTest {

    private static final Instant T = Instant.parse("2026-11-20T10:15:00Z");
    private static final long RECENT = 10;

    private final List<DuckDbStores> open = new ArrayList<>();

    @AfterEach
    void close() {
        open.forEach(DuckDbStores::close);
    }

    private DuckDbStores store(Path file) {
        DuckDbStores duck = DuckDbStores.open(DuckDbConfig.at(file).withDedupRecent(RECENT), Retention.ALL,
                Clock.fixed(Instant.parse("2026-11-28T00:00:00Z"), ZoneOffset.UTC));
        open.add(duck);
        return duck;
    }

    private static Event event(String id, Instant at) {
        return new Event(id, "default", "u-" + id, "s-" + id, "page_view", at, Map.of(), "", "", at);
    }

    /** {@code n} other events, one a minute from a day after T: each stored on its own, as arrivals. */
    private static void storeOthers(DuckDbStores duck, int n) {
        for (int i = 0; i < n; i++) {
            assertThat(duck.eventStore().append(List.of(event("other-" + i, T.plus(Duration.ofDays(1)).plusSeconds(60L * i))))).isEqualTo(1);
        }
    }

    private static long stored(DuckDbStores duck, String eventId) {
        return Long.parseLong(duck.rawQuery("SELECT count(*) FROM events WHERE event_id = '" + eventId + "'").getFirst().getFirst());
    }

    @Test
    void a_re_send_with_its_timestamp_is_found_however_old_the_stored_copy_is(@TempDir Path dir) {
        DuckDbStores duck = store(dir.resolve("old.duckdb"));
        duck.eventStore().append(List.of(event("first", T)));
        storeOthers(duck, 25); // 25 > 10 stored since: only its timestamp can find it

        assertThat(duck.eventStore().append(List.of(event("first", T)))).isZero();
        assertThat(stored(duck, "first")).isEqualTo(1);
    }

    @Test
    void a_re_send_with_another_time_is_found_among_the_last_n_stored(@TempDir Path dir) {
        DuckDbStores duck = store(dir.resolve("recent.duckdb"));
        duck.eventStore().append(List.of(event("first", T)));
        storeOthers(duck, 9); // it is the 10th latest

        assertThat(duck.eventStore().append(List.of(event("first", T.plus(Duration.ofDays(3)))))).isZero();
        assertThat(stored(duck, "first")).isEqualTo(1);
    }

    @Test
    void a_re_send_with_another_time_older_than_the_last_n_is_stored_again(@TempDir Path dir) {
        DuckDbStores duck = store(dir.resolve("limit.duckdb"));
        duck.eventStore().append(List.of(event("first", T)));
        storeOthers(duck, 10); // it is the 11th latest: past the window, and its time changed

        assertThat(duck.eventStore().append(List.of(event("first", T.plus(Duration.ofDays(3)))))).isEqualTo(1);
        assertThat(stored(duck, "first")).as("the documented limit: counted twice").isEqualTo(2);
    }

    @Test
    void the_window_of_latest_events_survives_a_restart(@TempDir Path dir) {
        Path file = dir.resolve("restart.duckdb");
        DuckDbStores duck = store(file);
        duck.eventStore().append(List.of(event("first", T)));
        storeOthers(duck, 5);
        duck.close();
        open.remove(duck);

        DuckDbStores reopened = store(file);
        assertThat(reopened.eventStore().append(List.of(event("first", T.plus(Duration.ofHours(5)))))).isZero();
        assertThat(reopened.eventStore().append(List.of(event("next", T)))).isEqualTo(1);
        assertThat(reopened.rawQuery("SELECT seq FROM events WHERE event_id = 'next'")).containsExactly(List.of("7"));
    }

    @Test
    void rows_stored_after_the_newest_ones_expired_are_numbered_past_what_the_rollup_read(@TempDir Path dir) {
        Path file = dir.resolve("expired.duckdb");
        DuckDbStores duck = store(file);
        duck.eventStore().append(List.of(event("kept", T), event("late", Instant.parse("2024-01-01T00:00:00Z"))));
        assertThat(duck.rollupStore().refresh()).isEqualTo(2); // the rollup has read seq 1 and 2
        duck.eventExpiry().expireBefore(Instant.parse("2025-01-01T00:00:00Z")); // seq 2 goes
        duck.close();
        open.remove(duck);

        DuckDbStores reopened = store(file);
        reopened.eventStore().append(List.of(event("new", T)));
        assertThat(reopened.rawQuery("SELECT seq FROM events WHERE event_id = 'new'")).containsExactly(List.of("3"));
        assertThat(reopened.rollupStore().refresh()).as("the rollup folds it").isEqualTo(1);
    }

    @Test
    void re_sends_of_events_stored_before_sequence_numbers_are_found_among_rows_sharing_seq_0(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("seqless.duckdb");
        List<Event> events = List.of(event("a", T), event("b", T), event("c", T.plusSeconds(1)));
        Version4File.write(file, events, "default"); // every row NULL, 0 once migrated
        DuckDbStores duck = store(file);
        assertThat(duck.rawQuery("SELECT DISTINCT seq FROM events")).containsExactly(List.of("0"));

        assertThat(duck.eventStore().append(events)).isZero();
        assertThat(duck.eventStore().append(List.of(event("b", T), event("d", T)))).isEqualTo(1);
        assertThat(duck.rawQuery("SELECT event_id, seq FROM events WHERE seq > 0")).containsExactly(List.of("d", "1"));
    }

    /**
     * 1,000,000 events over 100 days, one every 8.64 s in arrival order (as {@code range()} inserts them, not through
     * the writer); a batch of one hour, half of it stored: the probe reads that hour's row groups and the latest ten
     * rows', a small part of the table, where the unscoped anti join the writer used before read every key.
     */
    @Test
    void the_probe_reads_only_the_row_groups_of_the_batchs_hours(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("scoped.duckdb");
        store(file).close();
        open.clear();
        long rows = 1_000_000;
        Instant start = Instant.parse("2026-08-01T00:00:00Z");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file); Statement sql = connection.createStatement()) {
            sql.execute("""
                    INSERT INTO events (project_id, ts, event_type, user_h, session_h, event_id, user_id, session_id,
                                        properties, user_agent, ip_address, received_at, event_key, seq)
                    SELECT 'default', t, 'page_view', i % 5000, i % 20000, 'e' || i, 'u' || (i % 5000), 's' || (i % 20000),
                           '{}', '', '', t, md5_number(concat(strlen('default'), ':', 'default', 'e' || i)), i + 1
                    FROM (SELECT i, TIMESTAMP '2026-08-01 00:00:00' + to_microseconds(i * 8640000) AS t FROM range(ROWS) r(i))"""
                    .replace("ROWS", Long.toString(rows)));
            // the hour of the 430,000th event, in the middle of a row group of 122,880
            Instant hour = start.plusMillis(430_000L * 8_640).truncatedTo(ChronoUnit.HOURS);
            sql.execute("CREATE TEMP TABLE staged_keys (event_key UHUGEINT, ts TIMESTAMP, i INTEGER)");
            try (PreparedStatement stage = connection.prepareStatement("""
                    INSERT INTO staged_keys
                    SELECT CASE WHEN n % 2 = 0 THEN event_key ELSE event_key + 1 END, ts, CAST(n AS INTEGER)
                    FROM (SELECT event_key, ts, row_number() OVER (ORDER BY seq) - 1 AS n FROM events
                          WHERE ts >= make_timestamp(?) AND ts < make_timestamp(?))""")) {
                stage.setLong(1, DuckDbAnalytics.micros(hour));
                stage.setLong(2, DuckDbAnalytics.micros(hour.plusSeconds(3_600)));
                stage.execute();
            }
            List<Instant> times = new ArrayList<>();
            try (ResultSet staged = sql.executeQuery("SELECT epoch_ms(ts) FROM staged_keys")) {
                while (staged.next()) {
                    times.add(Instant.ofEpochMilli(staged.getLong(1)));
                }
            }
            assertThat(times).hasSizeBetween(400, 430); // 3,600 s / 8.64 s
            ResendProbe probe = ResendProbe.of(times, rows, RECENT);
            assertThat(probe.hours().size()).isEqualTo(1);

            Set<Integer> found = new HashSet<>();
            try (PreparedStatement run = connection.prepareStatement(probe.sql())) {
                probe.bind(run);
                try (ResultSet result = run.executeQuery()) {
                    while (result.next()) {
                        found.add(result.getInt(1));
                    }
                }
            }
            assertThat(found).as("the stored half, every even index").hasSize((times.size() + 1) / 2).allMatch(i -> i % 2 == 0);

            long scoped = rowsScanned(connection, probe.sql(), probe::bind);
            long unscoped = rowsScanned(connection, """
                    SELECT s.i FROM staged_keys s WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.event_key = s.event_key)""",
                    statement -> { });
            assertThat(unscoped).as("the anti join reads every stored key").isGreaterThanOrEqualTo(rows);
            assertThat(scoped).as("rows the probe read").isLessThan(rows / 4);
        }
    }

    private interface Binding {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** The rows every scan of {@code query} read, from DuckDB's profile of it. */
    private static long rowsScanned(Connection connection, String query, Binding binding) throws Exception {
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN (ANALYZE, FORMAT JSON) " + query)) {
            binding.bind(explain);
            try (ResultSet plan = explain.executeQuery()) {
                plan.next();
                return new ObjectMapper().readTree(plan.getString(2)).get("cumulative_rows_scanned").asLong();
            }
        }
    }
}
