package io.tally.adapter.out.duckdb;

import io.tally.adapter.out.memory.AgreementCases;
import io.tally.adapter.out.memory.SessionsContract;
import io.tally.application.port.out.RollupStore;
import io.tally.domain.time.Retention;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The sessions contract with ids kept under a 4-bit hash: every project has sessions sharing a hash, which merged
 * fragments would count as one, so each answer proves that such a project is counted from raw events, exactly.
 */
class HashCollisionSessionsTest extends SessionsContract {

    private static DuckDbStores duck;

    @BeforeAll
    static void load(@TempDir Path dir) {
        duck = DuckDbStores.open(DuckDbConfig.at(dir.resolve("collisions.duckdb")), Retention.ALL, Clock.systemUTC(), new IdHashing(4));
        duck.eventStore().append(AgreementCases.events());
        duck.rollupStore().refresh();
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
