package io.tally.bootstrap;

import io.tally.adapter.out.clickhouse.ClickHouseServer;
import io.tally.adapter.out.clickhouse.ClickHouseStores;
import io.tally.adapter.out.duckdb.DuckDbStores;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.DefinitionStore;
import io.tally.application.port.out.EventArchive;
import io.tally.application.port.out.EventExpiry;
import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.RollupStore;
import io.tally.domain.time.Retention;

import java.time.Clock;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The store chosen by {@code store.kind}, as the ports the core needs: {@code duckdb} (the embedded default),
 * {@code clickhouse} (a ClickHouse server or cluster over HTTP) or {@code clickhouse-embedded} (the ClickHouse engine
 * in this process, chDB).
 */
record Stores(String kind, String location, EventStore events, AnalyticsEngine analytics, DefinitionStore definitions,
              RollupStore rollups, Optional<EventArchive> archive, EventExpiry expiry, BooleanSupplier answers,
              AutoCloseable resource) implements AutoCloseable {

    /** Opens the configured store under the configured retention, read on {@code clock}. */
    static Stores open(TallyConfig config, Clock clock) {
        Retention retention = config.ingest().retention();
        TallyConfig.Store store = config.store();
        TallyConfig.ClickHouse clickhouse = store.clickhouse();
        return switch (store.kind()) {
            case DUCKDB -> {
                DuckDbStores duck = DuckDbStores.open(store.duckDb(), retention, clock);
                yield new Stores("duckdb", store.duckDb().file().toAbsolutePath().toString(), duck.eventStore(),
                        duck.analyticsEngine(), duck.definitionStore(), duck.rollupStore(), Optional.of(duck.eventArchive()),
                        duck.eventExpiry(), duck::answers, duck);
            }
            case CLICKHOUSE_EMBEDDED -> of("clickhouse-embedded", clickhouse.path().toAbsolutePath().toString(),
                    ClickHouseStores.embedded(clickhouse.chdbLibrary(), clickhouse.path(), retention, clock));
            case CLICKHOUSE -> {
                ClickHouseServer server = clickhouse.server();
                yield of("clickhouse", server.toString(), ClickHouseStores.server(server, retention, clock));
            }
        };
    }

    private static Stores of(String kind, String location, ClickHouseStores clickhouse) {
        return new Stores(kind, location, clickhouse.eventStore(), clickhouse.analyticsEngine(),
                clickhouse.definitionStore(), clickhouse.rollupStore(), Optional.of(clickhouse.eventArchive()),
                clickhouse.eventExpiry(), clickhouse::answers, clickhouse);
    }

    @Override
    public void close() {
        try {
            resource.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the " + kind + " store failed: " + e.getMessage(), e);
        }
    }
}
