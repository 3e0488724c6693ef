package io.tally.adapter.out.clickhouse;

import io.tally.adapter.out.memory.AgreementCases;
import io.tally.adapter.out.memory.SessionsContract;
import io.tally.adapter.out.memory.VisitorSketchesContract;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.RollupStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The visitor sketches through the server transport ({@link ServerUnderTest}), written as traffic arrives. */
class ServerClickHouseVisitorSketchesContractTest extends VisitorSketchesContract {

    private static ServerUnderTest server;

    @BeforeAll
    static void load() {
        server = ServerUnderTest.start();
        SessionsContract.loadAsTrafficArrives(server.stores().eventStore(), server.stores().rollupStore(), AgreementCases.events());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    protected RollupStore rollups() {
        return server.stores().rollupStore();
    }

    @Override
    protected AnalyticsEngine engine() {
        return server.stores().analyticsEngine();
    }

    @Override
    protected Optional<Set<List<String>>> keptSketchKeys() {
        return Optional.of(ClickHouseSketchKeys.of(server.stores().transport()));
    }
}
