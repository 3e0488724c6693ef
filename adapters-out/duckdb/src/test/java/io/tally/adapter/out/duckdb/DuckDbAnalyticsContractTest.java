package io.tally.adapter.out.duckdb;

import io.tally.adapter.out.memory.AnalyticsEngineContract;
import io.tally.application.port.out.AnalyticsEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** DuckDB answers every report, funnel, retention and paths case as the reference engine does. */
class DuckDbAnalyticsContractTest extends AnalyticsEngineContract {

    private static DuckDbStores duck;

    @BeforeAll
    static void load(@TempDir Path dir) {
        duck = DuckDbStores.open(DuckDbConfig.at(dir.resolve("contract.duckdb")));
        duck.eventStore().append(events());
    }

    @AfterAll
    static void close() {
        duck.close();
    }

    @Override
    protected AnalyticsEngine engine() {
        return duck.analyticsEngine();
    }
}
