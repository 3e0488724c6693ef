package io.tally.adapter.out.clickhouse;

import org.junit.jupiter.api.AfterAll;

/** The agreement cases through the server transport ({@link ServerUnderTest}). */
class ServerClickHouseAgreementTest extends ClickHouseAgreement {

    private ServerUnderTest server;

    @Override
    protected ClickHouseStores open() {
        server = ServerUnderTest.start();
        return server.stores();
    }

    @AfterAll
    void stop() {
        server.close();
    }
}
