package io.tally.adapter.out.clickhouse;

import io.tally.adapter.out.memory.RetentionContract;
import io.tally.domain.time.Retention;
import org.junit.jupiter.api.AfterEach;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The retention contract over the server transport (clickhouse-jdbc and RowBinary inserts over HTTP). */
class ServerClickHouseRetentionTest extends RetentionContract {

    private ServerUnderTest server;

    @Override
    protected Opened open(Retention retention, Clock clock) {
        server = ServerUnderTest.start(retention, clock);
        ClickHouseStores stores = server.stores();
        return new Opened(stores.eventStore(), stores.analyticsEngine(), Optional.of(stores.rollupStore()),
                stores.eventArchive(), stores.eventExpiry(), () -> {
                    for (String table : new String[]{"events", "rollup_hourly", "session_fragments", "visitor_sketches"}) {
                        stores.transport().query("ALTER TABLE " + table + " MATERIALIZE TTL SETTINGS mutations_sync = 1", "TSV");
                    }
                });
    }

    @Override
    protected Duration slack() {
        return Duration.ofDays(1);
    }

    @AfterEach
    void close() {
        server.close();
    }
}
