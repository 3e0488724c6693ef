package io.tally.adapter.out.duckdb;

import io.tally.domain.query.KeptSketches;
import io.tally.domain.query.SketchSpan;
import io.tally.domain.query.VisitorSketch;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * The visitor sketches kept per project, event type and UTC hour, and per UTC day since migration {@link #DAYS_MIGRATION}
 * ({@code visitor_sketches}, {@code hours} 1 or 24): the Theta sketch bytes of the users' hashes ({@link VisitorSketch}).
 * The writer adds a row per key for the events a batch stored, the hours' and their days' in its one transaction (a
 * union is idempotent, so a repeated user or row never counts twice); {@link #compact} merges a key's rows into one
 * beside the writer, on its transaction's snapshot. Sketches are built in Java: DuckDB has no Theta functions.
 */
final class VisitorSketchTable {

    /** The migration that creates the table: the one place its number is written. */
    static final int MIGRATION = 8;

    /** The migration that adds the days' sketches: the one place its number is written. */
    static final int DAYS_MIGRATION = 12;

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

    /** The span, after migration 8's columns (an Appender fills every column in order); {@code hour} is then the span's start. */
    static final String ADD_SPAN = "ALTER TABLE visitor_sketches ADD COLUMN hours UTINYINT DEFAULT 1";

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
     * Sketches the rows stored after {@code seq} (those the writer's insert just added) per hour and per day, inside
     * its transaction; the new rows carry {@code newest}, the batch's highest seq, which the writer has read already.
     */
    static void fold(Connection connection, long seq, long newest) throws SQLException {
        KeptSketches sketches = new KeptSketches();
        try (PreparedStatement select = connection.prepareStatement(DISTINCT_USERS + " WHERE seq > ?")) {
            select.setLong(1, seq);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    sketches.add(rows.getString(1), Instant.ofEpochMilli(rows.getLong(2)), rows.getString(3), userHash(rows.getLong(4)));
                }
            }
        }
        insert(connection, sketches, key -> newest, true);
    }

    /**
     * Sketches every stored event per hour (migration 8's backfill, which writes the five columns it made), one hour at
     * a time in time order so that only the sketches of one project's hour are held at once; the rows carry the highest
     * stored seq.
     */
    static void backfill(Connection connection) throws SQLException {
        long newest;
        try (Statement max = connection.createStatement(); ResultSet rows = max.executeQuery("SELECT coalesce(max(seq), 0) FROM events")) {
            rows.next();
            newest = rows.getLong(1);
        }
        try (Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery(DISTINCT_USERS + " ORDER BY project_id, hour")) {
            KeptSketches sketches = only(SketchSpan.HOUR);
            String project = null;
            long hour = Long.MIN_VALUE;
            while (rows.next()) {
                String rowProject = rows.getString(1);
                long rowHour = rows.getLong(2);
                if (!Objects.equals(rowProject, project) || rowHour != hour) {
                    insert(connection, sketches, key -> newest, false);
                    sketches = only(SketchSpan.HOUR);
                    project = rowProject;
                    hour = rowHour;
                }
                sketches.add(rowProject, Instant.ofEpochMilli(rowHour), rows.getString(3), userHash(rows.getLong(4)));
            }
            insert(connection, sketches, key -> newest, false);
        }
    }

    /**
     * The days' sketches from the hours' rows (migration {@link #DAYS_MIGRATION}), one project's day at a time in time
     * order; a day's row carries the highest seq of the rows it unions, so compaction's watermark means what it did.
     */
    static void backfillDays(Connection connection) throws SQLException {
        try (Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("""
                     SELECT project_id, epoch_ms(date_trunc('day', hour)) AS day, event_type, sketch, seq FROM visitor_sketches
                     WHERE hours = 1 ORDER BY project_id, day""")) {
            KeptSketches days = only(SketchSpan.DAY);
            Map<KeptSketches.Key, Long> seqs = new HashMap<>();
            String project = null;
            long day = Long.MIN_VALUE;
            while (rows.next()) {
                String rowProject = rows.getString(1);
                long rowDay = rows.getLong(2);
                if (!Objects.equals(rowProject, project) || rowDay != day) {
                    insert(connection, days, seqs::get, true);
                    days = only(SketchSpan.DAY);
                    seqs.clear();
                    project = rowProject;
                    day = rowDay;
                }
                KeptSketches.Key key = new KeptSketches.Key(rowProject, Instant.ofEpochMilli(rowDay), SketchSpan.DAY, rows.getString(3));
                days.merge(key, rows.getBytes(4));
                seqs.merge(key, rows.getLong(5), Math::max);
            }
            insert(connection, days, seqs::get, true);
        }
    }

    private static KeptSketches only(SketchSpan span) {
        return new KeptSketches(VisitorSketch.LG_K, EnumSet.of(span));
    }

    /**
     * Appends a row per key: a batch spread over many hours makes thousands, one statement each would cost more than
     * the sketches. {@code spanColumn}: whether the table has {@code hours} yet (migration 8's backfill runs before it).
     */
    private static void insert(Connection connection, KeptSketches sketches, ToLongFunction<KeptSketches.Key> seqs, boolean spanColumn)
            throws SQLException {
        if (sketches.isEmpty()) {
            return;
        }
        try (DuckDBAppender appender = connection.unwrap(DuckDBConnection.class)
                .createAppender(DuckDBConnection.DEFAULT_SCHEMA, "visitor_sketches")) {
            sketches.forEach((key, sketch) -> appendRow(appender, key, sketch, seqs.applyAsLong(key), spanColumn));
        }
    }

    /**
     * Merges the rows of each key that got a row since the last compaction into one, so a read unions about one
     * sketch per hour (or day) and type. Runs in the caller's transaction, beside the writer's.
     */
    static void compact(Connection connection) throws SQLException {
        KeptSketches merged = new KeptSketches();
        Map<KeptSketches.Key, Long> seqs = new HashMap<>();
        try (Statement sql = connection.createStatement()) {
            // the rows read, deleted and replaced are those of this transaction's snapshot: a batch the writer commits
            // meanwhile keeps its rows for the next compaction
            sql.execute("""
                    CREATE OR REPLACE TEMP TABLE touched_sketches AS
                    SELECT project_id, hour, hours, event_type FROM visitor_sketches
                    GROUP BY ALL HAVING count(*) > 1 AND max(seq) > (SELECT compacted FROM visitor_sketches_state)""");
            try (ResultSet rows = sql.executeQuery("""
                    SELECT s.project_id, epoch_ms(s.hour), s.hours, s.event_type, s.sketch, s.seq FROM visitor_sketches s
                    SEMI JOIN touched_sketches t
                        ON t.project_id = s.project_id AND t.hour = s.hour AND t.hours = s.hours AND t.event_type = s.event_type""")) {
                while (rows.next()) {
                    KeptSketches.Key key = new KeptSketches.Key(rows.getString(1), Instant.ofEpochMilli(rows.getLong(2)),
                            SketchSpan.ofHours(rows.getInt(3)), rows.getString(4));
                    merged.merge(key, rows.getBytes(5));
                    seqs.merge(key, rows.getLong(6), Math::max);
                }
            }
            sql.execute("""
                    DELETE FROM visitor_sketches s WHERE EXISTS (SELECT 1 FROM touched_sketches t
                        WHERE t.project_id = s.project_id AND t.hour = s.hour AND t.hours = s.hours AND t.event_type = s.event_type)""");
            insert(connection, merged, seqs::get, true);
            sql.execute("DROP TABLE touched_sketches");
            sql.execute("UPDATE visitor_sketches_state SET compacted = greatest(compacted, (SELECT coalesce(max(seq), -1) FROM visitor_sketches))");
        }
    }

    private static void appendRow(DuckDBAppender appender, KeptSketches.Key key, byte[] sketch, long seq, boolean spanColumn) {
        try {
            appender.beginRow()
                    .append(key.projectId())
                    .append(EventRow.utc(key.start()))
                    .append(key.eventType())
                    .append(sketch)
                    .append(seq);
            if (spanColumn) {
                appender.append((byte) key.span().hours());
            }
            appender.endRow();
        } catch (SQLException e) {
            throw new IllegalStateException("appending a visitor sketch failed: " + e.getMessage(), e);
        }
    }
}
