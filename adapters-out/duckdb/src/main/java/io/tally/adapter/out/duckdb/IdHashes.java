package io.tally.adapter.out.duckdb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Keeps {@code id_hashes} (the first id stored under each project's hash) and {@code hash_collisions} current with
 * the rows a write just added, inside the writer's transaction: an added row whose id differs from the one kept
 * under its hash is a collision.
 */
final class IdHashes {

    private static final String ADDED = """
            SELECT project_id, 1 AS kind, user_h AS h, user_id AS id FROM events WHERE seq > ?
            UNION ALL
            SELECT project_id, 2, session_h, session_id FROM events WHERE seq > ?""";

    private IdHashes() {
    }

    /** Records the ids of the rows stored after {@code seq}; hands each new collision's project and kind to {@code collisions}. */
    static void record(Connection connection, long seq, HashCollisions collisions) throws SQLException {
        try (PreparedStatement keep = connection.prepareStatement("""
                INSERT OR IGNORE INTO id_hashes
                SELECT project_id, kind, h, min(id) FROM (%s) GROUP BY project_id, kind, h""".formatted(ADDED))) {
            keep.setLong(1, seq);
            keep.setLong(2, seq);
            keep.executeUpdate();
        }
        try (PreparedStatement found = connection.prepareStatement("""
                SELECT DISTINCT a.project_id, a.kind, a.h FROM (%s) a
                JOIN id_hashes i ON i.project_id = a.project_id AND i.kind = a.kind AND i.h = a.h
                WHERE i.id <> a.id""".formatted(ADDED));
             PreparedStatement note = connection.prepareStatement("INSERT OR IGNORE INTO hash_collisions VALUES (?, ?, ?)")) {
            found.setLong(1, seq);
            found.setLong(2, seq);
            try (ResultSet rows = found.executeQuery()) {
                while (rows.next()) {
                    note.setString(1, rows.getString(1));
                    note.setInt(2, rows.getInt(2));
                    note.setObject(3, rows.getObject(3));
                    note.executeUpdate();
                    collisions.add(rows.getString(1), rows.getInt(2));
                }
            }
        }
    }
}
