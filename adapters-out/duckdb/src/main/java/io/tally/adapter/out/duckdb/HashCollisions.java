package io.tally.adapter.out.duckdb;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The projects with two user ids, or two session ids, under one hash ({@code hash_collisions}), kept in memory so
 * that planning a query reads no table: loaded at open, added to by the rollup refresh before it commits, reloaded after
 * the expiry. A project listed here is counted by its ids; a stale entry only makes its queries slower, never wrong.
 */
final class HashCollisions {

    static final int USER = 1;
    static final int SESSION = 2;

    private final Set<String> users = ConcurrentHashMap.newKeySet();
    private final Set<String> sessions = ConcurrentHashMap.newKeySet();

    /** Replaces what is held with the table's projects. */
    synchronized void load(Connection connection) throws SQLException {
        users.clear();
        sessions.clear();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT DISTINCT project_id, kind FROM hash_collisions")) {
            while (rows.next()) {
                add(rows.getString(1), rows.getInt(2));
            }
        }
    }

    void add(String projectId, int kind) {
        (kind == USER ? users : sessions).add(projectId);
    }

    IdColumns columns(String projectId) {
        return IdColumns.of(users.contains(projectId), sessions.contains(projectId));
    }
}
