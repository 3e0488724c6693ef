package io.tally.adapter.out.duckdb;

import io.tally.application.port.out.EventExpiry;
import io.tally.application.port.out.StoreException;
import org.duckdb.DuckDBConnection;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * Deletes the events the retention no longer keeps, their rollup hours, session fragments and visitor sketches, and the ids no kept event holds any more
 * (from {@code id_hashes}; a collision whose other ids are gone is no collision) in one transaction, between two
 * write batches (the writer's lock: it runs on the writer's connection) and never beside the rollup
 * refresh ({@link Maintenance}, which adds to {@code id_hashes}): raw and rollup answers lose the same day together, and no id outlives its events.
 */
final class DuckDbExpiry implements EventExpiry {

    /** Per kind of id: its column and its hash's. */
    private static final List<List<String>> IDS = List.of(
            List.of(String.valueOf(HashCollisions.USER), "user_id", "user_h"),
            List.of(String.valueOf(HashCollisions.SESSION), "session_id", "session_h"));

    private final DuckDBConnection root;
    private final DuckDbEventWriter writer;
    private final Maintenance maintenance;
    private final HashCollisions collisions;

    DuckDbExpiry(DuckDBConnection root, DuckDbEventWriter writer, Maintenance maintenance, HashCollisions collisions) {
        this.root = root;
        this.writer = writer;
        this.maintenance = maintenance;
        this.collisions = collisions;
    }

    @Override
    public long expireBefore(Instant horizon) {
        try {
            return maintenance.exclusively(() -> writer.betweenBatches(() -> delete(horizon)));
        } catch (Exception e) {
            throw new StoreException("deleting the events past the retention failed: " + e.getMessage(), e);
        }
    }

    private long delete(Instant horizon) throws SQLException {
        long micros = DuckDbAnalytics.micros(horizon);
        root.setAutoCommit(false);
        try (PreparedStatement events = root.prepareStatement("DELETE FROM events WHERE ts < make_timestamp(?)");
             PreparedStatement hours = root.prepareStatement("DELETE FROM rollup_hourly WHERE hour < make_timestamp(?)");
             PreparedStatement fragments = root.prepareStatement("DELETE FROM session_fragments WHERE hour < make_timestamp(?)");
             PreparedStatement sketches = root.prepareStatement("DELETE FROM visitor_sketches WHERE hour < make_timestamp(?)");
             Statement ids = root.createStatement()) {
            events.setLong(1, micros);
            long deleted = events.executeUpdate();
            hours.setLong(1, micros);
            hours.executeUpdate();
            fragments.setLong(1, micros);
            fragments.executeUpdate();
            sketches.setLong(1, micros);
            sketches.executeUpdate();
            if (deleted > 0) {
                for (List<String> kind : IDS) {
                    forgetIds(ids, kind.get(0), kind.get(1), kind.get(2));
                }
            }
            root.commit();
            if (deleted > 0) {
                collisions.load(root);
            }
            return deleted;
        } catch (SQLException | RuntimeException e) {
            root.rollback();
            throw e;
        } finally {
            root.setAutoCommit(true);
        }
    }

    /** Identifiers and the kind come from {@link #IDS}, never from input. */
    private static void forgetIds(Statement sql, String kind, String id, String hash) throws SQLException {
        sql.execute("""
                DELETE FROM id_hashes WHERE kind = %1$s AND NOT EXISTS (SELECT 1 FROM events e
                    WHERE e.project_id = id_hashes.project_id AND e.%3$s = id_hashes.h AND e.%2$s = id_hashes.id)"""
                .formatted(kind, id, hash));
        // only a colliding hash holds other ids: the first of those left is kept in place of the one gone
        sql.execute("""
                INSERT INTO id_hashes
                SELECT e.project_id, %1$s, e.%3$s, min(e.%2$s) FROM events e
                JOIN hash_collisions c ON c.kind = %1$s AND c.project_id = e.project_id AND c.h = e.%3$s
                WHERE NOT EXISTS (SELECT 1 FROM id_hashes i WHERE i.kind = %1$s AND i.project_id = e.project_id AND i.h = e.%3$s)
                GROUP BY e.project_id, e.%3$s""".formatted(kind, id, hash));
        sql.execute("""
                DELETE FROM hash_collisions WHERE kind = %1$s AND (SELECT count(DISTINCT e.%2$s) FROM events e
                    WHERE e.project_id = hash_collisions.project_id AND e.%3$s = hash_collisions.h) < 2"""
                .formatted(kind, id, hash));
    }
}
