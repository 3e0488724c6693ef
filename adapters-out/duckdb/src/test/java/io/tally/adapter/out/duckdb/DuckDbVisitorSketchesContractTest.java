package io.tally.adapter.out.duckdb;

import io.tally.adapter.out.memory.AgreementCases;
import io.tally.adapter.out.memory.SessionsContract;
import io.tally.adapter.out.memory.VisitorSketchesContract;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.RollupStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The visitor sketches, written as traffic arrives (late, out of order, re-sent) and compacted, estimate as the reference. */
class DuckDbVisitorSketchesContractTest extends VisitorSketchesContract {

    private static DuckDbStores duck;

    @BeforeAll
    static void load(@TempDir Path dir) {
        duck = DuckDbStores.open(DuckDbConfig.at(dir.resolve("sketches.duckdb")));
        SessionsContract.loadAsTrafficArrives(duck.eventStore(), duck.rollupStore(), AgreementCases.events());
    }

    @AfterAll
    static void close() {
        duck.close();
    }

    @Override
    protected RollupStore rollups() {
        return duck.rollupStore();
    }

    @Override
    protected AnalyticsEngine engine() {
        return duck.analyticsEngine();
    }
}
