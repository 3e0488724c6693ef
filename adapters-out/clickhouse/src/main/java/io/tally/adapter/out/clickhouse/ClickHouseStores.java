package io.tally.adapter.out.clickhouse;

import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.DefinitionStore;
import io.tally.application.port.out.EventArchive;
import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.RollupStore;

import java.nio.file.Path;

/** The ClickHouse adapter's public face: the schema created at start, and the ports it implements. */
public final class ClickHouseStores implements AutoCloseable {

    private final ClickHouseTransport clickhouse;
    private final ClickHouseEventWriter writer;
    private final ClickHouseAnalytics analytics;
    private final ClickHouseDefinitions definitions;
    private final ClickHouseRollups rollups;
    private final int schemaVersion;

    /** Stores over an already open engine (tests share one chDB per process). */
    static ClickHouseStores over(ClickHouseTransport clickhouse) {
        return new ClickHouseStores(clickhouse);
    }

    private ClickHouseStores(ClickHouseTransport clickhouse) {
        this.clickhouse = clickhouse;
        this.schemaVersion = ClickHouseMigrations.apply(clickhouse);
        this.writer = new ClickHouseEventWriter(clickhouse);
        this.analytics = new ClickHouseAnalytics(clickhouse);
        this.definitions = new ClickHouseDefinitions(clickhouse);
        this.rollups = new ClickHouseRollups(clickhouse);
    }

    /** ClickHouse embedded in this process (chDB), keeping its data in {@code dataDir}. */
    public static ClickHouseStores embedded(Path library, Path dataDir) {
        return new ClickHouseStores(EmbeddedClickHouse.open(library, dataDir));
    }

    /**
     * A ClickHouse server or cluster over HTTP. The schema is migrated at once, so the server must answer now.
     */
    public static ClickHouseStores server(ClickHouseServer server) {
        ServerClickHouse transport = ServerClickHouse.connect(server);
        try {
            return new ClickHouseStores(transport);
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    public EventStore eventStore() {
        return writer;
    }

    public AnalyticsEngine analyticsEngine() {
        return analytics;
    }

    /** Stored events read back: live tallies start from their window, and migrations copy out. */
    public EventArchive eventArchive() {
        return new ClickHouseEventArchive(clickhouse);
    }

    public DefinitionStore definitionStore() {
        return definitions;
    }

    /** The hourly rollup, kept current by a materialized view. */
    public RollupStore rollupStore() {
        return rollups;
    }

    ClickHouseTransport transport() {
        return clickhouse;
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    /** Whether the engine answers a trivial query. */
    public boolean answers() {
        try {
            return clickhouse.query("SELECT 1", "TSV").strip().equals("1");
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The compression of the stored events: uncompressed and compressed bytes of the active parts, from
     * {@code system.parts}.
     */
    public long[] eventBytes() {
        String[] f = clickhouse.query("""
                SELECT sum(data_uncompressed_bytes), sum(data_compressed_bytes) FROM system.parts
                WHERE database = currentDatabase() AND table = 'events' AND active""", "TSV").strip().split("\t");
        return new long[]{Long.parseLong(f[0]), Long.parseLong(f[1])};
    }

    /** Per column of {@code events}: name, uncompressed and compressed bytes (TSV), largest first. */
    public String eventColumnBytes() {
        return clickhouse.query("""
                SELECT column, sum(column_data_uncompressed_bytes) AS raw, sum(column_data_compressed_bytes) AS packed
                FROM system.parts_columns WHERE database = currentDatabase() AND table = 'events' AND active
                GROUP BY column ORDER BY packed DESC""", "TSV");
    }

    /** Merges the events' parts now (as ClickHouse would in the background), so figures describe the settled table. */
    public void optimizeEvents() {
        clickhouse.query("OPTIMIZE TABLE events FINAL", "TSV");
    }

    @Override
    public void close() {
        clickhouse.close();
    }
}
