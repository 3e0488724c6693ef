package io.tally.adapter.out.clickhouse;

import io.tally.adapter.out.memory.AgreementCases;
import io.tally.adapter.out.memory.SessionsContract;
import io.tally.application.port.out.RollupStore;
import io.tally.domain.event.Event;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration 12 (exit pages) on a version-11 database whose fragments were folded without exits, from nine tenths of
 * the contract's events stored as traffic arrives: the stored events' exits are backfilled, then every event arrives
 * again (the stored ones as re-sends, the rest new, through the view's new query), and the sessions contract holds,
 * its exit-page cases included.
 */
class MigratedExitPagesSessionsContractTest extends SessionsContract {

    private static ClickHouseStores stores;

    @BeforeAll
    static void load() {
        EmbeddedClickHouse engine = ChdbLibrary.shared();
        ChdbLibrary.dropSchema(engine);
        assertThat(ClickHouseMigrations.apply(engine, ClickHouseMigrations.ALL.subList(0, 11), Duration.ofSeconds(5))).isEqualTo(11);
        // today's writer also adds visitor sketches (later migrations' table, as they leave it)
        engine.query(ClickHouseVisitorSketches.CREATE, "TSV");
        engine.query(ClickHouseVisitorSketches.ADD_GENERATION, "TSV");
        engine.query(ClickHouseVisitorSketches.ADD_SPAN, "TSV");
        List<Event> events = AgreementCases.events();
        loadAsTrafficArrives(new ClickHouseEventWriter(engine), new ClickHouseRollups(engine, null, () -> Instant.EPOCH),
                events.subList(0, events.size() * 9 / 10));
        stores = ClickHouseStores.over(engine);
        loadAsTrafficArrives(stores.eventStore(), stores.rollupStore(), events);
    }

    @Override
    protected RollupStore rollups() {
        return stores.rollupStore();
    }

    @Test
    void the_database_is_at_the_latest_version() {
        assertThat(stores.schemaVersion()).isEqualTo(ClickHouseMigrations.ALL.getLast().version());
    }
}
