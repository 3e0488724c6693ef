package io.tally.adapter.out.duckdb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Keeps {@code id_hashes} (the first id stored under each project's hash) and {@code hash_collisions} current with
 * the rows the rollup refresh folds, inside its transaction: a hash new to the project is kept with its first id,
 * and a hash under which the rows bring a second id is a collision. {@code id_hashes} has no index (an ART on its
 * random hashes cost 17 bytes an event at 1 M events, and its lookups were slower), so one join of the rows' ids
 * against all of it does both checks: its cost grows with the distinct ids stored, which is why it runs once a refresh
 * and not once a write batch (0.43 s a 20,000-event batch at 10 M events). The rows' ids are grouped per hash before
 * the join (a million events hold about half a million hashes): an id other than the kept one is below or above it,
 * so the group's smallest and largest ids tell whether any differs, and the join is half as long.
 */
final class IdHashes {

    private IdHashes() {
    }

    /** Records the ids of the rows with a seq in ({@code from}, {@code to}]; hands each new collision's project and kind to {@code collisions}. */
    static void record(Connection connection, long from, long to, HashCollisions collisions) throws SQLException {
        try (PreparedStatement folded = connection.prepareStatement("""
                CREATE OR REPLACE TEMP TABLE folded_ids AS
                WITH a AS (
                    SELECT project_id, kind, h, min(id) AS first_id, max(id) AS last_id, count(DISTINCT id) AS ids
                    FROM (SELECT project_id, 1 AS kind, user_h AS h, user_id AS id FROM events WHERE seq > ? AND seq <= ?
                          UNION ALL
                          SELECT project_id, 2, session_h, session_id FROM events WHERE seq > ? AND seq <= ?)
                    GROUP BY ALL
                )
                SELECT a.project_id, a.kind, a.h, a.first_id, a.ids, i.id AS kept_id,
                       coalesce(a.first_id <> i.id OR a.last_id <> i.id, FALSE) AS differs
                FROM a LEFT JOIN id_hashes i ON i.project_id = a.project_id AND i.kind = a.kind AND i.h = a.h""")) {
            folded.setLong(1, from);
            folded.setLong(2, to);
            folded.setLong(3, from);
            folded.setLong(4, to);
            folded.execute();
        }
        try (Statement sql = connection.createStatement()) {
            sql.execute("INSERT INTO id_hashes SELECT project_id, kind, h, first_id FROM folded_ids WHERE kept_id IS NULL");
            try (ResultSet rows = sql.executeQuery("""
                    SELECT project_id, kind, h FROM folded_ids WHERE (kept_id IS NULL AND ids > 1) OR differs""");
                 PreparedStatement note = connection.prepareStatement("INSERT OR IGNORE INTO hash_collisions VALUES (?, ?, ?)")) {
                while (rows.next()) {
                    note.setString(1, rows.getString(1));
                    note.setInt(2, rows.getInt(2));
                    note.setObject(3, rows.getObject(3));
                    note.executeUpdate();
                    collisions.add(rows.getString(1), rows.getInt(2));
                }
            }
            sql.execute("DROP TABLE folded_ids");
        }
    }
}
