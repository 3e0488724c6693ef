package io.tally.adapter.out.duckdb;

import io.tally.domain.event.EventColumns;
import io.tally.domain.query.Metric;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The schema, as numbered migrations applied in order at start. A migration once released is never edited;
 * a change is a new migration. Applied versions are recorded in {@code schema_migrations}.
 */
final class Migrations {

    /** One step of a migration, run on the migrating connection inside the migration's transaction. */
    @FunctionalInterface
    interface Step {
        void run(Connection connection) throws SQLException;

        static Step sql(String statement) {
            return connection -> {
                try (Statement sql = connection.createStatement()) {
                    sql.execute(statement);
                }
            };
        }
    }

    /** A numbered migration: its steps run in order in one transaction, most of them SQL, some (a data copy) Java. */
    record Migration(int version, String description, List<Step> steps) {
        Migration {
            steps = List.copyOf(steps);
        }

        static Migration sql(int version, String description, List<String> statements) {
            return new Migration(version, description, statements.stream().map(Step::sql).toList());
        }
    }

    /** Sessions kept per hour as migration 6 made them (without their exit, which 7 adds): frozen with it. */
    private static final String FRAGMENTS_6 = """
            CREATE TABLE session_fragments (
                project_id VARCHAR   NOT NULL,
                hour       TIMESTAMP NOT NULL, -- UTC hour start
                session_h  UBIGINT   NOT NULL,
                entry      STRUCT(ts TIMESTAMP, event_id VARCHAR, event_type VARCHAR, %s) NOT NULL,
                last_ts    TIMESTAMP NOT NULL,
                events     BIGINT    NOT NULL,
                pageviews  BIGINT    NOT NULL,
                seq        BIGINT    NOT NULL  -- the highest event seq folded in: compaction's watermark reads it
            )""".formatted(String.join(", ", EventColumns.PROMOTED_KEYS.stream().map(k -> k + " VARCHAR").toList()));

    private static final String FOLD_6 = """
            INSERT INTO session_fragments
            SELECT project_id, date_trunc('hour', ts), session_h, min(%s), max(ts), count(*),
                   count(*) FILTER (WHERE event_type = '%s'), coalesce(max(seq), 0)
            FROM events WHERE TRUE
            GROUP BY project_id, date_trunc('hour', ts), session_h""".formatted(SessionFragments.ENTRY, Metric.PAGE_VIEW_EVENT);

    /**
     * Sessions kept per hour as migration 7 made them, entry and exit as structs: frozen with it (its fold's structs are
     * {@link SessionFragments#ENTRY} and {@link SessionFragments#EXIT}, which the writer's fold still builds).
     */
    private static final String FRAGMENTS_7 = """
            CREATE TABLE session_fragments (
                project_id VARCHAR   NOT NULL,
                hour       TIMESTAMP NOT NULL, -- UTC hour start
                session_h  UBIGINT   NOT NULL,
                entry      STRUCT(ts TIMESTAMP, event_id VARCHAR, event_type VARCHAR, %s) NOT NULL,
                exit       STRUCT(ts TIMESTAMP, event_id VARCHAR, path VARCHAR) NOT NULL,
                last_ts    TIMESTAMP NOT NULL,
                events     BIGINT    NOT NULL,
                pageviews  BIGINT    NOT NULL,
                seq        BIGINT    NOT NULL  -- the highest event seq folded in: compaction's watermark reads it
            )""".formatted(String.join(", ", EventColumns.PROMOTED_KEYS.stream().map(k -> k + " VARCHAR").toList()));

    private static final String FOLD_7 = """
            INSERT INTO session_fragments
            SELECT project_id, date_trunc('hour', ts), session_h, min(%s), max(%s), max(ts), count(*),
                   count(*) FILTER (WHERE event_type = '%s'), coalesce(max(seq), 0)
            FROM events WHERE TRUE
            GROUP BY project_id, date_trunc('hour', ts), session_h""".formatted(SessionFragments.ENTRY, SessionFragments.EXIT,
            Metric.PAGE_VIEW_EVENT);

    /**
     * Sessions kept per hour as migration 11 makes them ({@link SessionFragments} reads and writes this shape): the first
     * event by (ts, event id) with its type and promoted columns, the last event's time, id and path, in plain columns.
     */
    private static final String FRAGMENTS_11 = """
            CREATE TABLE session_fragments_plain (
                project_id         VARCHAR   NOT NULL,
                hour               TIMESTAMP NOT NULL, -- UTC hour start
                session_h          UBIGINT   NOT NULL,
                entry_ts           TIMESTAMP NOT NULL, -- the first event by (ts, event id), its values beside
                entry_event_id     VARCHAR   NOT NULL,
                entry_event_type   VARCHAR   NOT NULL,
                entry_path         VARCHAR,
                entry_referrer     VARCHAR,
                entry_utm_source   VARCHAR,
                entry_utm_medium   VARCHAR,
                entry_utm_campaign VARCHAR,
                entry_country      VARCHAR,
                entry_region       VARCHAR,
                entry_city         VARCHAR,
                entry_browser      VARCHAR,
                entry_os           VARCHAR,
                entry_device       VARCHAR,
                last_ts            TIMESTAMP NOT NULL, -- the last event by (ts, event id): its time, id and path
                exit_event_id      VARCHAR   NOT NULL,
                exit_path          VARCHAR,
                events             BIGINT    NOT NULL,
                pageviews          BIGINT    NOT NULL,
                seq                BIGINT    NOT NULL  -- the highest event seq folded in: compaction's watermark reads it
            )""";

    /** The version that keys events by {@link EventKey}. */
    static final int EVENT_KEY = 9;

    static final List<Migration> ALL = List.of(
            Migration.sql(1, "events of record", List.of("""
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
            Migration.sql(2, "saved definitions", List.of("""
                    CREATE TABLE definitions (
                        project_id VARCHAR   NOT NULL,
                        kind       VARCHAR   NOT NULL, -- kpi, cohort, …
                        name       VARCHAR   NOT NULL,
                        body       JSON      NOT NULL, -- the definition's wire form
                        updated_at TIMESTAMP NOT NULL,
                        PRIMARY KEY (project_id, kind, name)
                    )""")),
            Migration.sql(3, "hourly rollup", List.of(
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
            Migration.sql(4, "exact revenue in the rollup", List.of(
                    "DELETE FROM rollup_hourly",
                    "UPDATE rollup_state SET watermark = -1")),
            typedEvents(),
            sessionFragments(),
            exitPages(),
            visitorSketches(),
            eventKey(),
            keysFirst(),
            plainFragments(),
            sketchedDays());

    /**
     * The writer stages only keys, in a temporary table of its own, and numbers new rows itself ({@link DuckDbEventWriter}):
     * the staging table of whole rows and the sequence are left unused. Nothing else reads them ({@code tally migrate}
     * and the archive read {@code events}); every event stays as it is.
     */
    private static Migration keysFirst() {
        return Migration.sql(10, "re-sends found by key and time, new rows appended once", List.of(
                "DROP TABLE events_staging",
                "DROP SEQUENCE events_seq"));
    }

    /**
     * Events keyed by a 128-bit {@link EventKey} with no index, in place of the primary key on the (project_id, event_id)
     * text pair, whose ART was the largest part of the file (58 to 62 of about 140 bytes an event; an ART on the key
     * would still cost about 50): the writer finds re-sends by a hash join of its batch against the key column. DuckDB
     * cannot drop a primary key in place, so the table is rebuilt: every row copied as it is, in (project, time, event
     * id) order, its key computed in SQL as the writer computes it in Java. The id columns stay: exports, identity and
     * the writer's collision check read them.
     */
    private static Migration eventKey() {
        return Migration.sql(EVENT_KEY, "events keyed by a 128-bit hash, without an index", List.of("""
                CREATE TABLE events_v3 (
                    project_id   VARCHAR        NOT NULL,
                    ts           TIMESTAMP      NOT NULL, -- UTC
                    event_type   VARCHAR        NOT NULL,
                    user_h       UBIGINT        NOT NULL, -- IdHash of user_id
                    session_h    UBIGINT        NOT NULL, -- IdHash of session_id
                    event_id     VARCHAR        NOT NULL,
                    user_id      VARCHAR        NOT NULL,
                    session_id   VARCHAR        NOT NULL,
                    path         VARCHAR, -- the promoted properties as text (EventColumns.PROMOTED_KEYS, in order)
                    referrer     VARCHAR,
                    utm_source   VARCHAR,
                    utm_medium   VARCHAR,
                    utm_campaign VARCHAR,
                    country      VARCHAR,
                    region       VARCHAR,
                    city         VARCHAR,
                    browser      VARCHAR,
                    os           VARCHAR,
                    device       VARCHAR,
                    revenue      DECIMAL(38, 6), -- Revenue.amount, NULL when the event adds none
                    properties   JSON           NOT NULL, -- every property no column holds alone
                    user_agent   VARCHAR        NOT NULL,
                    ip_address   VARCHAR        NOT NULL,
                    received_at  TIMESTAMP      NOT NULL, -- UTC
                    event_key    UHUGEINT       NOT NULL, -- EventKey of (project_id, event_id)
                    seq          BIGINT         NOT NULL
                )""",
                "INSERT INTO events_v3 SELECT * EXCLUDE (seq), " + EventKey.SQL + ", seq FROM events ORDER BY project_id, ts, event_id",
                "DROP TABLE events",
                "ALTER TABLE events_v3 RENAME TO events",
                "DROP TABLE events_staging",
                "CREATE TABLE events_staging AS SELECT * EXCLUDE (seq) FROM events LIMIT 0"));
    }

    /** Visitor sketches per hour and event type ({@link VisitorSketchTable}), built from every stored event. */
    private static Migration visitorSketches() {
        List<Step> steps = new ArrayList<>(VisitorSketchTable.CREATE.stream().map(Step::sql).toList());
        steps.add(VisitorSketchTable::backfill);
        steps.add(Step.sql("UPDATE visitor_sketches_state SET compacted = (SELECT coalesce(max(seq), -1) FROM visitor_sketches)"));
        return new Migration(VisitorSketchTable.MIGRATION, "visitor sketches per hour", steps);
    }

    private static final String COMPACTED_AFTER_FOLD =
            "UPDATE session_fragments_state SET compacted = (SELECT coalesce(max(seq), -1) FROM session_fragments)";

    /** Sessions kept per hour, folded from every stored event; compaction starts after them. */
    private static Migration sessionFragments() {
        List<String> statements = new ArrayList<>();
        statements.add(FRAGMENTS_6);
        statements.addAll(SessionFragments.CREATE_STATE);
        statements.add(FOLD_6);
        statements.add(COMPACTED_AFTER_FOLD);
        return Migration.sql(6, "sessions kept per hour", statements);
    }

    /**
     * Each fragment keeps its last event's path too, the exit page ({@link SessionFragments}): the fragments are
     * folded again from the stored events, which hold everything they summarise, one per session and hour.
     */
    private static Migration exitPages() {
        return Migration.sql(7, "exit pages in the sessions kept per hour", List.of(
                "DROP TABLE session_fragments",
                FRAGMENTS_7,
                FOLD_7,
                COMPACTED_AFTER_FOLD));
    }

    /**
     * The sessions kept per hour in plain columns instead of structs ({@link SessionFragments}): DuckDB 1.5.6 crashed
     * the process committing a compaction that deleted and re-inserted struct rows over many appends not yet
     * checkpointed (live traffic into one hour, about a million events). Every fragment is copied as it is.
     */
    private static Migration plainFragments() {
        return Migration.sql(11, "sessions kept per hour in plain columns", List.of(FRAGMENTS_11, """
                INSERT INTO session_fragments_plain
                SELECT project_id, hour, session_h, entry.ts, entry.event_id, entry.event_type, entry.path, entry.referrer,
                       entry.utm_source, entry.utm_medium, entry.utm_campaign, entry.country, entry.region, entry.city,
                       entry.browser, entry.os, entry.device, last_ts, exit.event_id, exit.path, events, pageviews, seq
                FROM session_fragments""",
                "DROP TABLE session_fragments",
                "ALTER TABLE session_fragments_plain RENAME TO session_fragments"));
    }

    /**
     * The visitor sketches of whole UTC days beside the hours' ({@link VisitorSketchTable}): each day's row is the union
     * of its hours' rows of the same type, so reads of whole days union 24 times fewer sketches for the same estimate.
     */
    private static Migration sketchedDays() {
        return new Migration(VisitorSketchTable.DAYS_MIGRATION, "visitor sketches per day", List.of(
                Step.sql(VisitorSketchTable.ADD_SPAN), VisitorSketchTable::backfillDays));
    }

    /**
     * Events in typed columns, clustered by time: the ids hashed for counting, the promoted properties and the
     * counted revenue in columns of their own, {@code properties} holding only the rest. The rows are copied in Java
     * ({@link TypedEventsCopy}), because DuckDB's JSON functions read numbers as doubles and would change them.
     * Hashes get their table of kept ids and of collisions; the rollup is folded again from the revenue column.
     */
    private static Migration typedEvents() {
        List<Step> steps = new ArrayList<>();
        steps.add(Step.sql("""
                CREATE TABLE events_v2 (
                    project_id   VARCHAR        NOT NULL,
                    ts           TIMESTAMP      NOT NULL, -- UTC
                    event_type   VARCHAR        NOT NULL,
                    user_h       UBIGINT        NOT NULL, -- IdHash of user_id
                    session_h    UBIGINT        NOT NULL, -- IdHash of session_id
                    event_id     VARCHAR        NOT NULL,
                    user_id      VARCHAR        NOT NULL,
                    session_id   VARCHAR        NOT NULL,
                    path         VARCHAR, -- the promoted properties as text (EventColumns.PROMOTED_KEYS, in order)
                    referrer     VARCHAR,
                    utm_source   VARCHAR,
                    utm_medium   VARCHAR,
                    utm_campaign VARCHAR,
                    country      VARCHAR,
                    region       VARCHAR,
                    city         VARCHAR,
                    browser      VARCHAR,
                    os           VARCHAR,
                    device       VARCHAR,
                    revenue      DECIMAL(38, 6), -- Revenue.amount, NULL when the event adds none
                    properties   JSON           NOT NULL, -- every property no column holds alone
                    user_agent   VARCHAR        NOT NULL,
                    ip_address   VARCHAR        NOT NULL,
                    received_at  TIMESTAMP      NOT NULL, -- UTC
                    seq          BIGINT         NOT NULL,
                    PRIMARY KEY (project_id, event_id)
                )"""));
        steps.add(TypedEventsCopy::run);
        for (String statement : List.of(
                "DROP TABLE events",
                "ALTER TABLE events_v2 RENAME TO events",
                "DROP TABLE events_staging",
                "CREATE TABLE events_staging AS SELECT * EXCLUDE (seq) FROM events LIMIT 0",
                """
                CREATE TABLE id_hashes (
                    project_id VARCHAR  NOT NULL,
                    kind       UTINYINT NOT NULL, -- 1 user, 2 session
                    h          UBIGINT  NOT NULL,
                    id         VARCHAR  NOT NULL  -- the first id stored under the hash; no index (IdHashes says why)
                )""",
                """
                CREATE TABLE hash_collisions (
                    project_id VARCHAR  NOT NULL,
                    kind       UTINYINT NOT NULL,
                    h          UBIGINT  NOT NULL, -- a hash two ids of the project share
                    PRIMARY KEY (project_id, kind, h)
                )""",
                """
                INSERT INTO id_hashes
                SELECT project_id, 1, user_h, min(user_id) FROM events GROUP BY project_id, user_h
                UNION ALL
                SELECT project_id, 2, session_h, min(session_id) FROM events GROUP BY project_id, session_h""",
                """
                INSERT INTO hash_collisions
                SELECT project_id, 1, user_h FROM events GROUP BY project_id, user_h HAVING count(DISTINCT user_id) > 1
                UNION ALL
                SELECT project_id, 2, session_h FROM events GROUP BY project_id, session_h HAVING count(DISTINCT session_id) > 1""",
                "DELETE FROM rollup_hourly",
                "UPDATE rollup_state SET watermark = -1")) {
            steps.add(Step.sql(statement));
        }
        return new Migration(5, "typed, time-ordered events", steps);
    }

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
                    for (Step step : migration.steps()) {
                        step.run(connection);
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
