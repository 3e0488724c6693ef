package io.tally.adapter.out.duckdb;

import io.tally.adapter.out.memory.PropertyTextContract;
import io.tally.application.port.out.AnalyticsEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The property text contract on DuckDB (DuckDbDialect.propertyText: text first, a number's text only when it may be one). */
class DuckDbPropertyTextTest extends PropertyTextContract {

    private static DuckDbStores duck;

    @BeforeAll
    static void load(@TempDir Path dir) {
        duck = DuckDbStores.open(DuckDbConfig.at(dir.resolve("property-text.duckdb")));
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
