package io.tally.adapter.out.clickhouse;

import io.tally.adapter.out.memory.AgreementCases;
import io.tally.adapter.out.memory.SessionsContract;
import io.tally.adapter.out.memory.VisitorSketchesContract;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.RollupStore;
import org.junit.jupiter.api.BeforeAll;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The visitor sketches on the ClickHouse engine embedded in this process, written as traffic arrives. */
class EmbeddedClickHouseVisitorSketchesContractTest extends VisitorSketchesContract {

    private static ClickHouseStores stores;

    @BeforeAll
    static void load() {
        stores = ChdbLibrary.freshStores();
        SessionsContract.loadAsTrafficArrives(stores.eventStore(), stores.rollupStore(), AgreementCases.events());
    }

    @Override
    protected RollupStore rollups() {
        return stores.rollupStore();
    }

    @Override
    protected AnalyticsEngine engine() {
        return stores.analyticsEngine();
    }

    @Override
    protected Optional<Set<List<String>>> keptSketchKeys() {
        return Optional.of(ClickHouseSketchKeys.of(stores.transport()));
    }
}
