package io.tally.adapter.out.duckdb;

import io.tally.domain.query.HourSketches;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * The visitor sketches kept per project, UTC hour and event type ({@code visitor_sketches}): the Theta sketch bytes
 * of the users' hashes ({@link io.tally.domain.query.VisitorSketch}). The writer adds a row per key for the events a
 * batch stored (a union is idempotent, so a repeated user or row never counts twice); {@link #compact} merges a key's
 * rows into one beside the writer, on its transaction's snapshot. Sketches are built in Java: DuckDB has no Theta functions.
 */
final class VisitorSketchTable {

    /** The migration that creates the table: the one place its number is written. */
    static final int MIGRATION = 8;

    static final List<String> CREATE = List.of("""
            CREATE TABLE visitor_sketches (
                project_id VARCHAR   NOT NULL,
                hour       TIMESTAMP NOT NULL, -- UTC hour start
                event_type VARCHAR   NOT NULL,
                sketch     BLOB      NOT NULL, -- a compact Theta sketch of the hour's user hashes
                seq        BIGINT    NOT NULL  -- the highest event seq of the batch that wrote it: compaction's watermark reads it
            )""",
            "CREATE TABLE visitor_sketches_state (compacted BIGINT NOT NULL)",
            "INSERT INTO visitor_sketches_state VALUES (-1)");

    private VisitorSketchTable() {
    }

    /**
     * Each (project, UTC hour, event type, user) of some event rows once, the user hash as a signed BIGINT offset by
     * 2^63 (read back by {@link #userHash}): a UBIGINT would come back as a BigInteger, one allocation a row.
     */
    private static final String DISTINCT_USERS = """
            SELECT DISTINCT project_id, epoch_ms(date_trunc('hour', ts)) AS hour, event_type,
                   CAST(CAST(user_h AS HUGEINT) - 9223372036854775808 AS BIGINT) AS user_bits
            FROM events""";

    /** The unsigned hash's bits from {@link #DISTINCT_USERS}' offset value. */
    private static long userHash(long offset) {
        return offset ^ Long.MIN_VALUE;
    }

    /**
     * Sketches the rows stored after {@code seq} (those the writer's insert just added), inside its transaction; the
     * new rows carry {@code newest}, the batch's highest seq, which the writer has read already.
     */
    static void fold(Connection connection, long seq, long newest) throws SQLException {
        HourSketches sketches = new HourSketches();
        try (PreparedStatement select = connection.prepareStatement(DISTINCT_USERS + " WHERE seq > ?")) {
            select.setLong(1, seq);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    sketches.add(rows.getString(1), Instant.ofEpochMilli(rows.getLong(2)), rows.getString(3), userHash(rows.getLong(4)));
                }
            }
        }
        insert(connection, sketches, newest);
    }

    /**
     * Sketches every stored event (the migration's backfill), one hour at a time in time order so that only the
     * sketches of one project's hour are held at once; the rows carry the highest stored seq.
     */
    static void backfill(Connection connection) throws SQLException {
        long newest;
        try (Statement max = connection.createStatement(); ResultSet rows = max.executeQuery("SELECT coalesce(max(seq), 0) FROM events")) {
            rows.next();
            newest = rows.getLong(1);
        }
        try (Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery(DISTINCT_USERS + " ORDER BY project_id, hour")) {
            HourSketches sketches = new HourSketches();
            String project = null;
            long hour = Long.MIN_VALUE;
            while (rows.next()) {
                String rowProject = rows.getString(1);
                long rowHour = rows.getLong(2);
                if (!Objects.equals(rowProject, project) || rowHour != hour) {
                    insert(connection, sketches, newest);
                    sketches = new HourSketches();
                    project = rowProject;
                    hour = rowHour;
                }
                sketches.add(rowProject, Instant.ofEpochMilli(rowHour), rows.getString(3), userHash(rows.getLong(4)));
            }
            insert(connection, sketches, newest);
        }
    }

    /** Appends a row per key: a batch spread over many hours makes thousands, one statement each would cost more than the sketches. */
    private static void insert(Connection connection, HourSketches sketches, long seq) throws SQLException {
        insert(connection, sketches, key -> seq);
    }

    private static void insert(Connection connection, HourSketches sketches, ToLongFunction<HourSketches.Key> seqs) throws SQLException {
        if (sketches.isEmpty()) {
            return;
        }
        try (DuckDBAppender appender = connection.unwrap(DuckDBConnection.class)
                .createAppender(DuckDBConnection.DEFAULT_SCHEMA, "visitor_sketches")) {
            sketches.forEach((key, sketch) -> appendRow(appender, key, sketch, seqs.applyAsLong(key)));
        }
    }

    /**
     * Merges the rows of each key that got a row since the last compaction into one, so a read unions about one
     * sketch per hour and type. Runs in the caller's transaction, beside the writer's.
     */
    static void compact(Connection connection) throws SQLException {
        HourSketches merged = new HourSketches();
        Map<HourSketches.Key, Long> seqs = new HashMap<>();
        try (Statement sql = connection.createStatement()) {
            // the rows read, deleted and replaced are those of this transaction's snapshot: a batch the writer commits
            // meanwhile keeps its rows for the next compaction
            sql.execute("""
                    CREATE OR REPLACE TEMP TABLE touched_sketches AS
                    SELECT project_id, hour, event_type FROM visitor_sketches
                    GROUP BY ALL HAVING count(*) > 1 AND max(seq) > (SELECT compacted FROM visitor_sketches_state)""");
            try (ResultSet rows = sql.executeQuery("""
                    SELECT s.project_id, epoch_ms(s.hour), s.event_type, s.sketch, s.seq FROM visitor_sketches s
                    SEMI JOIN touched_sketches t ON t.project_id = s.project_id AND t.hour = s.hour AND t.event_type = s.event_type""")) {
                while (rows.next()) {
                    HourSketches.Key key = new HourSketches.Key(rows.getString(1), Instant.ofEpochMilli(rows.getLong(2)), rows.getString(3));
                    merged.merge(key, rows.getBytes(4));
                    seqs.merge(key, rows.getLong(5), Math::max);
                }
            }
            sql.execute("""
                    DELETE FROM visitor_sketches s WHERE EXISTS (SELECT 1 FROM touched_sketches t
                        WHERE t.project_id = s.project_id AND t.hour = s.hour AND t.event_type = s.event_type)""");
            insert(connection, merged, seqs::get);
            sql.execute("DROP TABLE touched_sketches");
            sql.execute("UPDATE visitor_sketches_state SET compacted = greatest(compacted, (SELECT coalesce(max(seq), -1) FROM visitor_sketches))");
        }
    }

    private static void appendRow(DuckDBAppender appender, HourSketches.Key key, byte[] sketch, long seq) {
        try {
            appender.beginRow()
                    .append(key.projectId())
                    .append(EventRow.utc(key.hour()))
                    .append(key.eventType())
                    .append(sketch)
                    .append(seq)
                    .endRow();
        } catch (SQLException e) {
            throw new IllegalStateException("appending a visitor sketch failed: " + e.getMessage(), e);
        }
    }
}
