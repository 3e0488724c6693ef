package io.tally.adapter.out.clickhouse;

import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.DefinitionStore;
import io.tally.application.port.out.EventArchive;
import io.tally.application.port.out.EventExpiry;
import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.RollupStore;
import io.tally.domain.event.Event;
import io.tally.domain.event.EventColumns;
import io.tally.domain.time.Retention;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** The ClickHouse adapter's public face: the schema created at start, and the ports it implements. */
public final class ClickHouseStores implements AutoCloseable {

    private final ClickHouseTransport clickhouse;
    private final ClickHouseEventWriter writer;
    private final ClickHouseAnalytics analytics;
    private final ClickHouseDefinitions definitions;
    private final ClickHouseRollups rollups;
    private final Supplier<Instant> horizon;
    private final int schemaVersion;

    /** Stores over an already open engine (tests share one chDB per process), keeping everything. */
    static ClickHouseStores over(ClickHouseTransport clickhouse) {
        return over(clickhouse, Retention.ALL, Clock.systemUTC());
    }

    /** Stores over an already open engine, under a retention read on {@code clock}. */
    static ClickHouseStores over(ClickHouseTransport clickhouse, Retention retention, Clock clock) {
        return new ClickHouseStores(clickhouse, retention, clock);
    }

    /** Stores over an already open engine whose writer makes rows with {@code columns} (tests: a tiny id hash). */
    static ClickHouseStores over(ClickHouseTransport clickhouse, Function<Event, EventColumns> columns) {
        return new ClickHouseStores(clickhouse, Retention.ALL, Clock.systemUTC(), columns);
    }

    private ClickHouseStores(ClickHouseTransport clickhouse, Retention retention, Clock clock) {
        this(clickhouse, retention, clock, EventColumns::of);
    }

    private ClickHouseStores(ClickHouseTransport clickhouse, Retention retention, Clock clock, Function<Event, EventColumns> columns) {
        this.clickhouse = clickhouse;
        this.schemaVersion = ClickHouseMigrations.apply(clickhouse);
        ClickHouseRetention.apply(clickhouse, retention);
        this.horizon = () -> retention.horizon(clock.instant());
        this.writer = new ClickHouseEventWriter(clickhouse, columns);
        this.analytics = new ClickHouseAnalytics(clickhouse, horizon);
        this.definitions = new ClickHouseDefinitions(clickhouse);
        this.rollups = new ClickHouseRollups(clickhouse, analytics, horizon);
    }

    /**
     * ClickHouse embedded in this process (chDB), keeping its data in {@code dataDir}. The tables' TTLs follow
     * {@code retention}, and no query counts an event it no longer keeps on {@code clock}.
     */
    public static ClickHouseStores embedded(Path library, Path dataDir, Retention retention, Clock clock) {
        return new ClickHouseStores(EmbeddedClickHouse.open(library, dataDir), retention, clock);
    }

    /** ClickHouse embedded in this process, keeping everything (tools and tests). */
    public static ClickHouseStores embedded(Path library, Path dataDir) {
        return embedded(library, dataDir, Retention.ALL, Clock.systemUTC());
    }

    /** A ClickHouse server or cluster over HTTP, keeping everything (tools and tests). */
    public static ClickHouseStores server(ClickHouseServer server) {
        return server(server, Retention.ALL, Clock.systemUTC());
    }

    /**
     * A ClickHouse server or cluster over HTTP. The schema is migrated at once, so the server must answer now. The
     * tables' TTLs follow {@code retention}, and no query counts an event it no longer keeps on {@code clock}.
     */
    public static ClickHouseStores server(ClickHouseServer server, Retention retention, Clock clock) {
        ServerClickHouse transport = ServerClickHouse.connect(server);
        try {
            return new ClickHouseStores(transport, retention, clock);
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
        return new ClickHouseEventArchive(clickhouse, horizon);
    }

    /**
     * Expiry is the tables' TTL here (a day after the horizon, in ClickHouse's merges); queries already count
     * nothing before the horizon, so there is nothing to delete on demand.
     */
    public EventExpiry eventExpiry() {
        return horizon -> 0;
    }

    public DefinitionStore definitionStore() {
        return definitions;
    }

    /** The hourly rollup and the sessions per hour, kept current by materialized views. */
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

    /** Tools only (ops/bench's hand-written SQL): one statement's rows, every value as TSV text (NULL as null). */
    public List<List<String>> rawQuery(String sql) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : clickhouse.query(sql, "TSV").lines().toList()) {
            rows.add(new ArrayList<>(Arrays.stream(line.split("\t", -1)).map(v -> v.equals("\\N") ? null : v).toList()));
        }
        return rows;
    }

    @Override
    public void close() {
        clickhouse.close();
    }
}
