package io.tally.adapter.out.clickhouse;

import io.tally.adapter.out.memory.AgreementCases;
import io.tally.adapter.out.memory.SessionsContract;
import io.tally.application.port.out.RollupStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The sessions kept per hour through the server transport ({@link ServerUnderTest}), loaded as traffic arrives. */
class ServerClickHouseSessionsContractTest extends SessionsContract {

    private static ServerUnderTest server;

    @BeforeAll
    static void load() {
        server = ServerUnderTest.start();
        loadAsTrafficArrives(server.stores().eventStore(), server.stores().rollupStore(), AgreementCases.events());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    protected RollupStore rollups() {
        return server.stores().rollupStore();
    }
}
