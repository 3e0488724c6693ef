package io.tally.adapter.out.clickhouse;

import io.tally.adapter.out.memory.AgreementCases;
import io.tally.adapter.out.memory.SessionsContract;
import io.tally.application.port.out.RollupStore;
import org.junit.jupiter.api.BeforeAll;

/** The sessions kept per hour on the ClickHouse engine embedded in this process, loaded as traffic arrives. */
class EmbeddedClickHouseSessionsContractTest extends SessionsContract {

    private static ClickHouseStores stores;

    @BeforeAll
    static void load() {
        stores = ChdbLibrary.freshStores();
        loadAsTrafficArrives(stores.eventStore(), stores.rollupStore(), AgreementCases.events());
    }

    @Override
    protected RollupStore rollups() {
        return stores.rollupStore();
    }
}
