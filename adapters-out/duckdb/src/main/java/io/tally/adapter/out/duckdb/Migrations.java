package io.tally.adapter.out.duckdb;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema, as numbered migrations applied in order at start. A migration once released is never edited;
 * a change is a new migration. Applied versions are recorded in {@code schema_migrations}.
 */
final class Migrations {

    record Migration(int version, String description, List<String> statements) {
    }

    static final List<Migration> ALL = List.of(
            new Migration(1, "events of record", List.of("""
                    CREATE TABLE events (
                        project_id  VARCHAR   NOT NULL,
                        event_id    VARCHAR   NOT NULL,
                        user_id     VARCHAR   NOT NULL,
                        session_id  VARCHAR   NOT NULL,
                        event_type  VARCHAR   NOT NULL,
                        ts          TIMESTAMP NOT NULL, -- UTC
                        properties  JSON      NOT NULL,
                        user_agent  VARCHAR   NOT NULL,
                        ip_address  VARCHAR   NOT NULL,
                        received_at TIMESTAMP NOT NULL, -- UTC
                        PRIMARY KEY (project_id, event_id)
                    )""", """
                    -- the Appender fills this; one INSERT OR IGNORE moves new rows into events
                    CREATE TABLE events_staging AS SELECT * FROM events LIMIT 0""")),
            new Migration(2, "saved definitions", List.of("""
                    CREATE TABLE definitions (
                        project_id VARCHAR   NOT NULL,
                        kind       VARCHAR   NOT NULL, -- kpi, cohort, …
                        name       VARCHAR   NOT NULL,
                        body       JSON      NOT NULL, -- the definition's wire form
                        updated_at TIMESTAMP NOT NULL,
                        PRIMARY KEY (project_id, kind, name)
                    )""")),
            new Migration(3, "hourly rollup", List.of(
                    "CREATE SEQUENCE events_seq START 1",
                    // the order in which events were stored; the rollup holds every event up to its watermark
                    "ALTER TABLE events ADD COLUMN seq BIGINT",
                    """
                    CREATE TABLE rollup_hourly (
                        project_id VARCHAR        NOT NULL,
                        hour       TIMESTAMP      NOT NULL, -- UTC hour start
                        event_type VARCHAR        NOT NULL,
                        events     BIGINT         NOT NULL,
                        revenue    DECIMAL(38, 6) NOT NULL,
                        PRIMARY KEY (project_id, hour, event_type)
                    )""",
                    "CREATE TABLE rollup_state (watermark BIGINT NOT NULL)",
                    "INSERT INTO rollup_state VALUES (-1)")),
            // revenue is now read from the JSON text exactly (DuckDbExpressions.revenue): the rollup is folded again
            // from the events, which stay as they are; until the next refresh every query reads raw events
            new Migration(4, "exact revenue in the rollup", List.of(
                    "DELETE FROM rollup_hourly",
                    "UPDATE rollup_state SET watermark = -1")));

    private Migrations() {
    }

    /** Applies every migration not yet applied; returns the schema version now in force. */
    static int apply(Connection connection) throws SQLException {
        return apply(connection, ALL);
    }

    /** Applies those of {@code migrations} not yet applied (a test stops at an older version with a prefix of ALL). */
    static int apply(Connection connection, List<Migration> migrations) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version INTEGER PRIMARY KEY, description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)""");
            int current;
            try (var rs = statement.executeQuery("SELECT coalesce(max(version), 0) FROM schema_migrations")) {
                rs.next();
                current = rs.getInt(1);
            }
            for (Migration migration : migrations) {
                if (migration.version() <= current) {
                    continue;
                }
                connection.setAutoCommit(false);
                try {
                    for (String sql : migration.statements()) {
                        statement.execute(sql);
                    }
                    try (var insert = connection.prepareStatement(
                            "INSERT INTO schema_migrations VALUES (?, ?, current_timestamp::TIMESTAMP)")) {
                        insert.setInt(1, migration.version());
                        insert.setString(2, migration.description());
                        insert.executeUpdate();
                    }
                    connection.commit();
                } catch (SQLException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
                current = migration.version();
            }
            return current;
        }
    }
}
