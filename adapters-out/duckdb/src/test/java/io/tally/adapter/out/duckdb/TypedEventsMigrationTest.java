package io.tally.adapter.out.duckdb;

import io.tally.adapter.out.memory.AnalyticsEngineContract;
import io.tally.adapter.out.memory.HostileValues;
import io.tally.adapter.out.memory.RevenueEdges;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.domain.event.Event;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Group;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration 5 on a version-4 file holding the whole contract data set (hostile values, revenue and number edges
 * included): every event comes back exactly, the engine agrees with the reference on every case, and the rows
 * are clustered by project and time with their sequence numbers kept.
 */
class TypedEventsMigrationTest extends AnalyticsEngineContract {

    /** Its subject is not the query: a sample of the agreement cases (the embedded suite runs them all). */
    @Override
    protected int caseSample() {
        return 3;
    }


    private static Path file;
    private static Map<String, Long> seqBefore;
    private static Map<String, Event> storedBefore;
    private static DuckDbStores duck;

    @BeforeAll
    static void migrate(@TempDir Path dir) throws Exception {
        file = dir.resolve("v4.duckdb");
        Version4File.write(file, events(), HostileValues.PROJECT);
        seqBefore = seqs();
        storedBefore = version4Events();
        duck = DuckDbStores.open(DuckDbConfig.at(file));
    }

    @AfterAll
    static void close() {
        duck.close();
    }

    @Override
    protected AnalyticsEngine engine() {
        return duck.analyticsEngine();
    }

    private static String key(String projectId, String eventId) {
        return projectId + '\u0000' + eventId;
    }

    private static Map<String, Long> seqs() throws Exception {
        Map<String, Long> seqs = new HashMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
             Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT project_id, event_id, coalesce(seq, 0) FROM events")) {
            while (rows.next()) {
                seqs.put(key(rows.getString(1), rows.getString(2)), rows.getLong(3));
            }
        }
        return seqs;
    }

    /** The events as version 4 gave them back: its columns, the properties read from the JSON text as its archive read them. */
    private static Map<String, Event> version4Events() throws Exception {
        Map<String, Event> events = new HashMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
             Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("""
                     SELECT project_id, event_id, user_id, session_id, event_type, epoch_ms(ts), CAST(properties AS VARCHAR),
                            user_agent, ip_address, epoch_ms(received_at) FROM events""")) {
            while (rows.next()) {
                events.put(key(rows.getString(1), rows.getString(2)), new Event(rows.getString(2), rows.getString(1),
                        rows.getString(3), rows.getString(4), rows.getString(5), Instant.ofEpochMilli(rows.getLong(6)),
                        PropertiesJson.read(rows.getString(7)), rows.getString(8), rows.getString(9),
                        Instant.ofEpochMilli(rows.getLong(10))));
            }
        }
        return events;
    }

    /** Every event as version 4 read it back (1E+400 came back written out, as the archive always read it). */
    @Test
    void the_archive_gives_back_every_event_exactly() {
        Map<String, Event> expected = storedBefore;
        assertThat(expected).hasSize(events().size());
        Map<String, Event> read = new HashMap<>();
        assertThat(duck.eventArchive().scan(10_000, batch -> batch.forEach(e -> read.put(key(e.projectId(), e.eventId()), e))))
                .isEqualTo(expected.size());
        List<String> differing = new ArrayList<>();
        expected.forEach((key, event) -> {
            if (!event.equals(read.get(key))) {
                differing.add(event + " came back as " + read.get(key));
            }
        });
        assertThat(differing).isEmpty();
    }

    @Test
    void the_archive_reads_in_project_and_time_order() {
        List<Event> read = new ArrayList<>();
        duck.eventArchive().scan(10_000, read::addAll);
        for (int i = 1; i < read.size(); i++) {
            Event a = read.get(i - 1);
            Event b = read.get(i);
            int project = a.projectId().compareTo(b.projectId());
            assertThat(project < 0 || project == 0 && Event.CHRONOLOGICAL.compare(a, b) < 0)
                    .as("%s before %s", a.eventId(), b.eventId()).isTrue();
        }
    }

    @Test
    void rows_are_stored_in_project_and_time_order_with_their_sequence_numbers() throws Exception {
        // the store has the file open: a second connection in this process shares its database
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
             Statement sql = connection.createStatement()) {
            try (ResultSet rs = sql.executeQuery("""
                    SELECT count(*) FROM (SELECT (project_id, ts, event_id) < lag((project_id, ts, event_id)) OVER (ORDER BY rowid) AS back
                                          FROM events) WHERE back""")) {
                rs.next();
                assertThat(rs.getLong(1)).as("rows out of (project, ts, event id) order").isZero();
            }
            Map<String, Long> after = new HashMap<>();
            try (ResultSet rows = sql.executeQuery("SELECT project_id, event_id, seq FROM events")) {
                while (rows.next()) {
                    after.put(key(rows.getString(1), rows.getString(2)), rows.getLong(3));
                }
            }
            assertThat(after).isEqualTo(seqBefore);
            assertThat(seqBefore.get(key(HostileValues.PROJECT, "plain-1"))).as("a row from before migration 3").isZero();
        }
    }

    @Test
    void the_rollup_is_folded_again_from_the_revenue_column() {
        assertThat(duck.rollupStore().refresh()).isPositive();
        AggregateQuery byHour = new AggregateQuery(RevenueEdges.PROJECT, new TimeRange(RevenueEdges.T0,
                RevenueEdges.T0.plusSeconds(7200)), ZoneId.of("UTC"), List.of(new Dimension.Time(Granularity.HOUR)), List.of());
        Map<Group, BigDecimal> revenue = new HashMap<>();
        duck.rollupStore().aggregate(byHour).forEach((group, facts) -> revenue.put(group, facts.revenue()));
        assertThat(revenue).containsOnly(
                Map.entry(Group.of(RevenueEdges.T0.toString()), RevenueEdges.FIRST_HOUR.setScale(6)),
                Map.entry(Group.of(RevenueEdges.T0.plusSeconds(3600).toString()), RevenueEdges.SECOND_HOUR.setScale(6)));
    }

    @Test
    void a_migrated_file_reopens_and_still_refuses_stored_events_and_takes_new_ones(@TempDir Path dir) throws Exception {
        Path small = dir.resolve("small.duckdb");
        List<Event> hostile = HostileValues.events();
        Version4File.write(small, hostile.subList(0, hostile.size() - 1), "none");
        try (DuckDbStores migrated = DuckDbStores.open(DuckDbConfig.at(small))) {
            assertThat(migrated.schemaVersion()).isEqualTo(Migrations.ALL.getLast().version());
        }
        try (DuckDbStores reopened = DuckDbStores.open(DuckDbConfig.at(small))) {
            assertThat(reopened.eventStore().append(hostile)).isEqualTo(1);
            List<Event> read = new ArrayList<>();
            reopened.eventArchive().scan(100, read::addAll);
            assertThat(read).containsExactlyInAnyOrderElementsOf(hostile);
        }
    }
}
