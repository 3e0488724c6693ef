package io.tally.adapter.out.clickhouse;

import io.tally.domain.time.Retention;

import java.time.Clock;
import java.util.UUID;

/**
 * Stores over the server transport (Helidon's DB client over clickhouse-jdbc, RowBinary inserts over HTTP), with an
 * empty schema. With {@code CLICKHOUSE_URL} set (and {@code CLICKHOUSE_USER}, {@code CLICKHOUSE_PASSWORD} if needed)
 * they talk to that server, in a database of their own that {@link #close()} drops. Without it they talk to
 * {@link ClickHouseHttpEndpoint}, ClickHouse's HTTP interface served by the embedded engine: never skipped.
 */
final class ServerUnderTest implements AutoCloseable {

    private final ClickHouseHttpEndpoint endpoint;
    private final ClickHouseServer server;
    private final ClickHouseStores stores;

    private ServerUnderTest(ClickHouseHttpEndpoint endpoint, ClickHouseServer server, Retention retention, Clock clock) {
        this.endpoint = endpoint;
        this.server = server;
        this.stores = ClickHouseStores.server(server, retention, clock);
    }

    static ServerUnderTest start() {
        return start(Retention.ALL, Clock.systemUTC());
    }

    /** Stores whose queries and TTLs follow {@code retention}, read on {@code clock}. */
    static ServerUnderTest start(Retention retention, Clock clock) {
        String url = System.getenv("CLICKHOUSE_URL");
        if (url != null && !url.isBlank()) {
            ClickHouseServer server = new ClickHouseServer(url, "tally_test_" + UUID.randomUUID().toString().replace("-", ""),
                    System.getenv("CLICKHOUSE_USER"), System.getenv("CLICKHOUSE_PASSWORD"), true);
            System.out.println("server transport against the ClickHouse server at " + server);
            return new ServerUnderTest(null, server, retention, clock);
        }
        ChdbLibrary.freshStores();
        ClickHouseHttpEndpoint endpoint = ClickHouseHttpEndpoint.serve(ChdbLibrary.shared());
        ClickHouseServer server = new ClickHouseServer(endpoint.url(), "default", "default", "", false);
        System.out.println("server transport against the embedded engine's HTTP endpoint at " + server
                + " (set CLICKHOUSE_URL to run against a ClickHouse server)");
        return new ServerUnderTest(endpoint, server, retention, clock);
    }

    ClickHouseStores stores() {
        return stores;
    }

    /** Where the server transport connects: another connection to it is another node. */
    ClickHouseServer server() {
        return server;
    }

    @Override
    public void close() {
        if (endpoint == null) {
            stores.transport().query("DROP DATABASE IF EXISTS " + server.database(), "TSV");
        }
        stores.close();
        if (endpoint != null) {
            endpoint.close();
        }
    }
}
