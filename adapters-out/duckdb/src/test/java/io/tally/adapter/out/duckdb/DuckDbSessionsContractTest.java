package io.tally.adapter.out.duckdb;

import io.tally.adapter.out.memory.AgreementCases;
import io.tally.adapter.out.memory.SessionsContract;
import io.tally.application.port.out.RollupStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The sessions kept per hour, loaded as traffic arrives (late, out of order, re-sent), count as the reference. */
class DuckDbSessionsContractTest extends SessionsContract {

    private static DuckDbStores duck;

    @BeforeAll
    static void load(@TempDir Path dir) {
        duck = DuckDbStores.open(DuckDbConfig.at(dir.resolve("sessions.duckdb")));
        loadAsTrafficArrives(duck.eventStore(), duck.rollupStore(), AgreementCases.events());
    }

    @AfterAll
    static void close() {
        duck.close();
    }

    @Override
    protected RollupStore rollups() {
        return duck.rollupStore();
    }
}
