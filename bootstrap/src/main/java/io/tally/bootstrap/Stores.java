package io.tally.bootstrap;

import io.tally.adapter.out.clickhouse.ClickHouseServer;
import io.tally.adapter.out.clickhouse.ClickHouseStores;
import io.tally.adapter.out.duckdb.DuckDbStores;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.DefinitionStore;
import io.tally.application.port.out.EventArchive;
import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.RollupStore;

import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The store chosen by {@code store.kind}, as the ports the core needs: {@code duckdb} (the embedded default),
 * {@code clickhouse} (a ClickHouse server or cluster over HTTP) or {@code clickhouse-embedded} (the ClickHouse engine
 * in this process, chDB).
 */
record Stores(String kind, String location, EventStore events, AnalyticsEngine analytics, DefinitionStore definitions,
              RollupStore rollups, Optional<EventArchive> archive, BooleanSupplier answers, AutoCloseable resource)
        implements AutoCloseable {

    static Stores open(TallyConfig config) {
        return switch (config.storeKind()) {
            case "duckdb" -> {
                DuckDbStores duck = DuckDbStores.open(config.duckDb());
                yield new Stores("duckdb", config.duckDb().file().toAbsolutePath().toString(), duck.eventStore(),
                        duck.analyticsEngine(), duck.definitionStore(), duck.rollupStore(), Optional.of(duck.eventArchive()),
                        duck::answers, duck);
            }
            case "clickhouse-embedded" -> {
                ClickHouseStores clickhouse = ClickHouseStores.embedded(config.chdbLibrary(), config.clickHousePath());
                yield new Stores("clickhouse-embedded", config.clickHousePath().toAbsolutePath().toString(),
                        clickhouse.eventStore(), clickhouse.analyticsEngine(), clickhouse.definitionStore(),
                        clickhouse.rollupStore(), Optional.of(clickhouse.eventArchive()), clickhouse::answers, clickhouse);
            }
            case "clickhouse" -> {
                ClickHouseServer server = config.clickHouseServer();
                ClickHouseStores clickhouse = ClickHouseStores.server(server);
                yield new Stores("clickhouse", server.toString(),
                        clickhouse.eventStore(), clickhouse.analyticsEngine(), clickhouse.definitionStore(),
                        clickhouse.rollupStore(), Optional.of(clickhouse.eventArchive()), clickhouse::answers, clickhouse);
            }
            default -> throw new IllegalArgumentException("store.kind must be duckdb, clickhouse or clickhouse-embedded, not "
                    + config.storeKind());
        };
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
