package io.tally.adapter.out.clickhouse;

import io.tally.adapter.out.memory.DefinitionStoreContract;
import io.tally.application.port.out.DefinitionStore;
import org.junit.jupiter.api.BeforeAll;

/** ClickHouse keeps definitions by the {@link DefinitionStoreContract} (versioned rows, read with FINAL). */
class ClickHouseDefinitionsTest extends DefinitionStoreContract {

    private static ClickHouseStores clickhouse;

    @BeforeAll
    static void open() {
        clickhouse = ChdbLibrary.freshStores();
    }

    @Override
    protected DefinitionStore store() {
        return clickhouse.definitionStore();
    }
}
