package io.tally.adapter.out.clickhouse;

import org.junit.jupiter.api.AfterAll;

/** The agreement cases through the server transport ({@link ServerUnderTest}). */
class ServerClickHouseAgreementTest extends ClickHouseAgreement {

    /** Its subject is not the query: a sample of the agreement cases (the embedded suite runs them all). */
    @Override
    protected int caseSample() {
        return 3;
    }


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
