package io.tally.adapter.out.duckdb;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.DefinitionStore;
import io.tally.application.port.out.EventArchive;
import io.tally.application.port.out.EventExpiry;
import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.RollupStore;
import io.tally.domain.time.Retention;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The DuckDB adapter's one public face: opens (and migrates) the database file and hands out the ports it
 * implements. Writes go through the Appender on the root connection; queries through the Helidon DB client.
 */
public final class DuckDbStores implements AutoCloseable {

    private final DuckDBConnection root;
    private final DbClient db;
    private final DuckDbEventWriter writer;
    private final DuckDbAnalytics analytics;
    private final DuckDbDefinitions definitions;
    private final DuckDbRollups rollups;
    private final Supplier<Instant> horizon;
    private final int schemaVersion;
    private final HashCollisions collisions;
    private final Maintenance maintenance = new Maintenance();

    private DuckDbStores(DuckDBConnection root, Path file, int schemaVersion, Retention retention, Clock clock,
                         IdHashing hashing, EventKeying keying, long dedupRecent) throws SQLException {
        this.root = root;
        this.schemaVersion = schemaVersion;
        this.horizon = () -> retention.horizon(clock.instant());
        this.collisions = new HashCollisions();
        collisions.load(root);
        this.db = JdbcClientBuilder.create().connectionPool(new DuckDbConnectionPool(root)).build();
        this.writer = new DuckDbEventWriter(root, this::answers, hashing, keying, dedupRecent);
        this.analytics = new DuckDbAnalytics(db, horizon, collisions);
        this.definitions = new DuckDbDefinitions(db);
        this.rollups = new DuckDbRollups(root, maintenance, db, horizon, collisions, analytics,
                new RecentLogCheckpoint(writer, file.toAbsolutePath()));
    }

    /** Opens the database keeping every event of the last {@link Retention#MAX_DAYS} days (tools and tests). */
    public static DuckDbStores open(DuckDbConfig config) {
        return open(config, Retention.ALL, Clock.systemUTC());
    }

    /**
     * Opens the database at the configured file, creating it and applying pending migrations. No query counts an
     * event the retention no longer keeps on {@code clock}, and {@link #eventExpiry()} deletes them.
     */
    public static DuckDbStores open(DuckDbConfig config, Retention retention, Clock clock) {
        return open(config, retention, clock, IdHashing.FULL);
    }

    /** As {@link #open(DuckDbConfig, Retention, Clock)}, keeping ids under {@code hashing} (tests: a few bits, so ids collide). */
    static DuckDbStores open(DuckDbConfig config, Retention retention, Clock clock, IdHashing hashing) {
        return open(config, retention, clock, hashing, EventKeying.FULL);
    }

    /** As {@link #open(DuckDbConfig, Retention, Clock, IdHashing)}, keying events under {@code keying} (tests: few bits, so keys collide). */
    static DuckDbStores open(DuckDbConfig config, Retention retention, Clock clock, IdHashing hashing, EventKeying keying) {
        try {
            Path parent = config.file().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            DuckDBConnection root = (DuckDBConnection) DriverManager.getConnection(
                    "jdbc:duckdb:" + config.file().toAbsolutePath());
            try (Statement statement = root.createStatement()) {
                if (config.threads() > 0) {
                    statement.execute("SET threads = " + config.threads());
                }
                if (!config.memoryLimit().isEmpty()) {
                    statement.execute("SET memory_limit = '" + config.memoryLimit() + "'"); // pattern-checked in DuckDbConfig
                }
                if (!config.checkpointThreshold().isEmpty()) {
                    statement.execute("SET checkpoint_threshold = '" + config.checkpointThreshold() + "'"); // likewise
                }
            }
            return new DuckDbStores(root, config.file(), Migrations.apply(root), retention, clock, hashing, keying, config.dedupRecent());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open DuckDB at " + config.file() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public EventStore eventStore() {
        return writer;
    }

    public AnalyticsEngine analyticsEngine() {
        return analytics;
    }

    /** Every stored event, read back in batches (migrations, exports). */
    public EventArchive eventArchive() {
        return new DuckDbEventArchive(root, horizon);
    }

    /** Deletes the events past the retention, their rollup hours, session fragments and the ids no kept event holds. */
    public EventExpiry eventExpiry() {
        return new DuckDbExpiry(root, writer, maintenance, collisions);
    }

    public RollupStore rollupStore() {
        return rollups;
    }

    public DefinitionStore definitionStore() {
        return definitions;
    }

    /** The schema version in force after migrations. */
    public int schemaVersion() {
        return schemaVersion;
    }

    /** Whether the database answers a trivial query. */
    public boolean answers() {
        try {
            return db.execute().query("SELECT 1 AS ok").findFirst().isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Tools only (ops/bench's hand-written SQL): one statement's rows, every value as text (NULL as null). */
    public List<List<String>> rawQuery(String sql) {
        return rawQuery(root, sql);
    }

    /** One statement's rows on {@code connection}, every value as text (NULL as null): a migration test's file too. */
    static List<List<String>> rawQuery(Connection connection, String sql) {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage() + "\n" + sql, e);
        }
    }

    @Override
    public void close() {
        db.close();
        try {
            root.close();
        } catch (SQLException e) {
            throw new IllegalStateException("closing DuckDB failed: " + e.getMessage(), e);
        }
    }
}
