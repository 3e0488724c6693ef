package io.tally.adapter.out.duckdb;

import io.tally.adapter.out.memory.AnalyticsEngineContract;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.domain.time.Retention;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole engine contract with ids kept under a 4-bit hash: every project of the contract has users and sessions
 * sharing a hash, so each answer proves that a colliding project is counted by its ids, exactly.
 */
class HashCollisionContractTest extends AnalyticsEngineContract {

    /** Its subject is not the query: a sample of the agreement cases (the embedded suite runs them all). */
    @Override
    protected int caseSample() {
        return 3;
    }


    private static Path file;
    private static DuckDbStores duck;

    @BeforeAll
    static void load(@TempDir Path dir) {
        file = dir.resolve("collisions.duckdb");
        duck = DuckDbStores.open(DuckDbConfig.at(file), Retention.ALL, Clock.systemUTC(), new IdHashing(4));
        duck.eventStore().append(events());
        duck.rollupStore().refresh(); // which finds the shared hashes
    }

    @AfterAll
    static void close() {
        duck.close();
    }

    @Override
    protected AnalyticsEngine engine() {
        return duck.analyticsEngine();
    }

    @Test
    void the_hashes_alone_would_have_counted_too_few_visitors() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
             Statement sql = connection.createStatement();
             ResultSet rs = sql.executeQuery(
                     "SELECT count(DISTINCT user_h), count(DISTINCT user_id) FROM events WHERE project_id = 'default'")) {
            rs.next();
            assertThat(rs.getLong(1)).isLessThanOrEqualTo(16).isLessThan(rs.getLong(2));
        }
    }
}
