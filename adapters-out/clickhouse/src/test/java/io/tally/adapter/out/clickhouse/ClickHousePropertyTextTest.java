package io.tally.adapter.out.clickhouse;

import io.tally.adapter.out.memory.PropertyTextContract;
import io.tally.application.port.out.AnalyticsEngine;
import org.junit.jupiter.api.BeforeAll;

/** The property text contract on embedded ClickHouse (ClickHouseDialect.propertyText: one JSON parse of the raw text). */
class ClickHousePropertyTextTest extends PropertyTextContract {

    private static ClickHouseStores stores;

    @BeforeAll
    static void load() {
        stores = ChdbLibrary.freshStores();
        stores.eventStore().append(events());
    }

    @Override
    protected AnalyticsEngine engine() {
        return stores.analyticsEngine();
    }
}
