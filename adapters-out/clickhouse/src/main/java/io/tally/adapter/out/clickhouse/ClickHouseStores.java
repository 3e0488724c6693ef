package io.tally.adapter.out.clickhouse;

import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.EventStore;

import java.nio.file.Path;

/** The ClickHouse adapter's public face: the schema created at start, and the ports it implements. */
public final class ClickHouseStores implements AutoCloseable {

    private final EmbeddedClickHouse clickhouse;
    private final ClickHouseEventWriter writer;
    private final ClickHouseAnalytics analytics;

    /** Stores over an already open engine (tests share one chDB per process). */
    static ClickHouseStores over(EmbeddedClickHouse clickhouse) {
        return new ClickHouseStores(clickhouse);
    }

    private ClickHouseStores(EmbeddedClickHouse clickhouse) {
        this.clickhouse = clickhouse;
        clickhouse.query(ClickHouseSql.CREATE_EVENTS, "TSV");
        this.writer = new ClickHouseEventWriter(clickhouse);
        this.analytics = new ClickHouseAnalytics(clickhouse);
    }

    /** ClickHouse embedded in this process (chDB), keeping its data in {@code dataDir}. */
    public static ClickHouseStores embedded(Path library, Path dataDir) {
        return new ClickHouseStores(EmbeddedClickHouse.open(library, dataDir));
    }

    public EventStore eventStore() {
        return writer;
    }

    public AnalyticsEngine analyticsEngine() {
        return analytics;
    }

    @Override
    public void close() {
        clickhouse.close();
    }
}
