package io.tally.adapter.out.clickhouse;

import io.tally.adapter.out.memory.AgreementCases;
import io.tally.adapter.out.memory.SessionsContract;
import io.tally.application.port.out.RollupStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration 11 (sessions per hour) folds what is already stored: a version-10 database holding the contract's events,
 * stored as traffic arrives before the sessions table existed, is migrated and then answers the sessions contract.
 */
class MigratedClickHouseSessionsContractTest extends SessionsContract {

    private static ClickHouseStores stores;

    @BeforeAll
    static void load() {
        EmbeddedClickHouse engine = ChdbLibrary.shared();
        ChdbLibrary.dropSchema(engine);
        assertThat(ClickHouseMigrations.apply(engine, ClickHouseMigrations.ALL.subList(0, 10), Duration.ofSeconds(5))).isEqualTo(10);
        // today's writer also adds visitor sketches (later migrations' table, as they leave it)
        engine.query(ClickHouseVisitorSketches.CREATE, "TSV");
        engine.query(ClickHouseVisitorSketches.ADD_GENERATION, "TSV");
        engine.query(ClickHouseVisitorSketches.ADD_SPAN, "TSV");
        loadAsTrafficArrives(new ClickHouseEventWriter(engine), new ClickHouseRollups(engine, null, () -> Instant.EPOCH),
                AgreementCases.events());
        stores = ClickHouseStores.over(engine);
    }

    @Override
    protected RollupStore rollups() {
        return stores.rollupStore();
    }

    @Test
    void the_database_is_at_the_latest_version_with_one_fragment_per_stored_session_hour() {
        assertThat(stores.schemaVersion()).isEqualTo(ClickHouseMigrations.ALL.getLast().version());
        assertThat(stores.transport().query("""
                SELECT (SELECT count() FROM session_fragments FINAL),
                       (SELECT uniqExact(project_id, toStartOfHour(ts), session_h) FROM events FINAL)""", "TSV").strip())
                .matches("(\\d+)\t\\1");
    }
}
