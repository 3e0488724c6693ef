package io.tally.adapter.out.clickhouse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Nodes that start together on one database, over the server transport (each node its own connection pool): every
 * migration is applied once, so the rollup's backfill counts each stored event once; a claim left by a node that
 * stopped half-way stops the next start with what to do, instead of applying the migration a second time.
 */
class ConcurrentMigrationsTest {

    private static final int EVENTS = 5_000;
    private static final int NODES = 3;
    private static ServerUnderTest server;
    private static ClickHouseTransport transport;

    @BeforeAll
    static void open() {
        server = ServerUnderTest.start();
        transport = server.stores().transport();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void emptyDatabase() {
        ChdbLibrary.dropSchema(transport);
    }

    @Test
    void nodes_starting_together_apply_each_migration_once_and_backfill_each_event_once() throws Exception {
        // a database at version 2 that already holds events, as before the rollup existed
        ClickHouseMigrations.apply(transport, ClickHouseMigrations.ALL.subList(0, 2), Duration.ofSeconds(5));
        transport.query("""
                INSERT INTO events SELECT 'p', 'e' || toString(number), 'u' || toString(number %% 97), 's', 'page_view',
                       now64(3) - toIntervalSecond(number), '{}', '', '', now64(3)
                FROM numbers(%d)""".formatted(EVENTS), "TSV");

        List<ServerClickHouse> nodes = new ArrayList<>();
        ExecutorService starts = Executors.newFixedThreadPool(NODES);
        try {
            for (int i = 0; i < NODES; i++) {
                nodes.add(ServerClickHouse.connect(server.server()));
            }
            CyclicBarrier together = new CyclicBarrier(NODES);
            List<Future<Integer>> versions = new ArrayList<>();
            for (ServerClickHouse node : nodes) {
                versions.add(starts.submit(() -> {
                    together.await();
                    return ClickHouseMigrations.apply(node);
                }));
            }
            for (Future<Integer> version : versions) {
                assertThat(version.get(2, TimeUnit.MINUTES)).isEqualTo(ClickHouseMigrations.ALL.getLast().version());
            }
        } finally {
            starts.shutdownNow();
            nodes.forEach(ServerClickHouse::close);
        }

        StringBuilder once = new StringBuilder();
        ClickHouseMigrations.ALL.forEach(m -> once.append(m.version()).append("\t1\n"));
        assertThat(transport.query("SELECT version, count() FROM schema_migrations GROUP BY version ORDER BY version", "TSV"))
                .isEqualTo(once.toString());
        assertThat(transport.query("SELECT sumMerge(events) FROM rollup_hourly", "TSV").strip())
                .isEqualTo(Integer.toString(EVENTS));
        assertThat(transport.query("SELECT sum(events) FROM session_fragments", "TSV").strip())
                .as("the sessions backfilled once").isEqualTo(Integer.toString(EVENTS));
    }

    @Test
    void a_claim_left_by_a_node_that_stopped_half_way_stops_the_next_start_with_what_to_do() {
        ClickHouseMigrations.apply(transport, ClickHouseMigrations.ALL.subList(0, 2), Duration.ofSeconds(5));
        ClickHouseMigrations.Migration third = ClickHouseMigrations.ALL.get(2);
        transport.query("CREATE TABLE " + ClickHouseMigrations.claimTable(third)
                + " (claimed_at DateTime('UTC')) ENGINE = MergeTree ORDER BY tuple()", "TSV");

        assertThatThrownBy(() -> ClickHouseMigrations.apply(transport, ClickHouseMigrations.ALL, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("migration 3 (" + third.description() + ") was claimed by another node")
                .hasMessageContaining("DROP TABLE schema_migration_claim_3");
        assertThat(transport.query("SELECT count() FROM system.tables WHERE database = currentDatabase() "
                + "AND name = 'rollup_hourly'", "TSV").strip()).as("not applied behind the claim").isEqualTo("0");

        transport.query("DROP TABLE " + ClickHouseMigrations.claimTable(third), "TSV");
        assertThat(ClickHouseMigrations.apply(transport, ClickHouseMigrations.ALL, Duration.ofSeconds(1)))
                .isEqualTo(ClickHouseMigrations.ALL.getLast().version());
    }
}
