package io.tally.adapter.out.clickhouse;

import io.tally.adapter.out.memory.DefinitionStoreContract;
import io.tally.application.port.out.DefinitionStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The {@link DefinitionStoreContract} through the server transport ({@link ServerUnderTest}). */
class ServerClickHouseDefinitionsTest extends DefinitionStoreContract {

    private static ServerUnderTest server;

    @BeforeAll
    static void open() {
        server = ServerUnderTest.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    protected DefinitionStore store() {
        return server.stores().definitionStore();
    }
}
