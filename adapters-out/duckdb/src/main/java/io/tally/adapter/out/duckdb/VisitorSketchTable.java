package io.tally.adapter.out.duckdb;

import io.tally.domain.query.HourSketches;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The visitor sketches kept per project, UTC hour and event type ({@code visitor_sketches}): the Theta sketch bytes
 * of the users' hashes ({@link io.tally.domain.query.VisitorSketch}). The writer adds a row per key for the events a
 * batch stored (a union is idempotent, so a repeated user or row never counts twice); {@link #compact} merges a key's
 * rows into one between batches. Sketches are built in Java: DuckDB has no Theta functions.
 */
final class VisitorSketchTable {

    /** The migration that creates the table: the one place its number is written. */
    static final int MIGRATION = 7;

    static final List<String> CREATE = List.of("""
            CREATE TABLE visitor_sketches (
                project_id VARCHAR   NOT NULL,
                hour       TIMESTAMP NOT NULL, -- UTC hour start
                event_type VARCHAR   NOT NULL,
                sketch     BLOB      NOT NULL, -- a compact Theta sketch of the hour's user hashes
                seq        BIGINT    NOT NULL  -- the highest event seq in it: compaction's watermark reads it
            )""",
            "CREATE TABLE visitor_sketches_state (compacted BIGINT NOT NULL)",
            "INSERT INTO visitor_sketches_state VALUES (-1)");

    private static final String INSERT = "INSERT INTO visitor_sketches VALUES (?, make_timestamp(?), ?, ?, ?)";

    private VisitorSketchTable() {
    }

    /** Sketches the rows stored after {@code seq} (those the writer's insert just added), inside its transaction. */
    static void fold(Connection connection, long seq) throws SQLException {
        Batch batch = new Batch();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT project_id, epoch_ms(ts), event_type, user_h, seq FROM events WHERE seq > ?")) {
            select.setLong(1, seq);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    batch.add(rows);
                }
            }
        }
        batch.insert(connection);
    }

    /**
     * Sketches every stored event (the migration's backfill), one hour at a time in time order so that only the
     * sketches of one project's hour are held at once.
     */
    static void backfill(Connection connection) throws SQLException {
        try (Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("""
                     SELECT project_id, epoch_ms(ts), event_type, user_h, seq FROM events
                     ORDER BY project_id, date_trunc('hour', ts)""")) {
            Batch batch = new Batch();
            String project = null;
            Instant hour = null;
            while (rows.next()) {
                String rowProject = rows.getString(1);
                Instant rowHour = Instant.ofEpochMilli(rows.getLong(2)).truncatedTo(ChronoUnit.HOURS);
                if (!Objects.equals(rowProject, project) || !rowHour.equals(hour)) {
                    batch.insert(connection);
                    batch = new Batch();
                    project = rowProject;
                    hour = rowHour;
                }
                batch.add(rows);
            }
            batch.insert(connection);
        }
    }

    /**
     * Merges the rows of each key that got a row since the last compaction into one, so a read unions about one
     * sketch per hour and type. Runs in the caller's transaction, between batches.
     */
    static void compact(Connection connection) throws SQLException {
        HourSketches merged = new HourSketches();
        Map<HourSketches.Key, Long> seqs = new HashMap<>();
        try (Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("""
                     WITH touched AS (
                         SELECT project_id, hour, event_type FROM visitor_sketches
                         GROUP BY ALL HAVING count(*) > 1 AND max(seq) > (SELECT compacted FROM visitor_sketches_state)
                     )
                     SELECT s.project_id, epoch_ms(s.hour), s.event_type, s.sketch, s.seq FROM visitor_sketches s
                     SEMI JOIN touched t ON t.project_id = s.project_id AND t.hour = s.hour AND t.event_type = s.event_type""")) {
            while (rows.next()) {
                HourSketches.Key key = new HourSketches.Key(rows.getString(1), Instant.ofEpochMilli(rows.getLong(2)), rows.getString(3));
                merged.merge(key, rows.getBytes(4));
                seqs.merge(key, rows.getLong(5), Math::max);
            }
        }
        if (!merged.isEmpty()) {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM visitor_sketches WHERE project_id = ? AND hour = make_timestamp(?) AND event_type = ?");
                 PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (HourSketches.Key key : seqs.keySet()) {
                    delete.setString(1, key.projectId());
                    delete.setLong(2, DuckDbAnalytics.micros(key.hour()));
                    delete.setString(3, key.eventType());
                    delete.addBatch();
                }
                delete.executeBatch();
                merged.forEach((key, sketch) -> addRow(insert, key, sketch, seqs.get(key)));
                insert.executeBatch();
            }
        }
        try (Statement mark = connection.createStatement()) {
            mark.execute("UPDATE visitor_sketches_state SET compacted = greatest(compacted, (SELECT coalesce(max(seq), -1) FROM visitor_sketches))");
        }
    }

    private static void addRow(PreparedStatement insert, HourSketches.Key key, byte[] sketch, long seq) {
        try {
            insert.setString(1, key.projectId());
            insert.setLong(2, DuckDbAnalytics.micros(key.hour()));
            insert.setString(3, key.eventType());
            insert.setBytes(4, sketch);
            insert.setLong(5, seq);
            insert.addBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("adding a visitor sketch failed: " + e.getMessage(), e);
        }
    }

    /** The sketches of some event rows, and each key's highest seq. */
    private static final class Batch {
        private final HourSketches sketches = new HourSketches();
        private final Map<HourSketches.Key, Long> seqs = new HashMap<>();

        /** Reads a row of (project_id, ts, event_type, user_h, seq). */
        void add(ResultSet row) throws SQLException {
            String project = row.getString(1);
            Instant ts = Instant.ofEpochMilli(row.getLong(2));
            String type = row.getString(3);
            long userHash = ((BigInteger) row.getObject(4)).longValue(); // UBIGINT: the bits of the unsigned value
            sketches.add(project, ts, type, userHash);
            seqs.merge(new HourSketches.Key(project, ts.truncatedTo(ChronoUnit.HOURS), type), row.getLong(5), Math::max);
        }

        void insert(Connection connection) throws SQLException {
            if (sketches.isEmpty()) {
                return;
            }
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                sketches.forEach((key, sketch) -> addRow(insert, key, sketch, seqs.get(key)));
                insert.executeBatch();
            }
        }
    }
}
