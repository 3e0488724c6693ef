package io.tally.adapter.out.duckdb;

import io.tally.adapter.out.memory.AgreementCases;
import io.tally.adapter.out.memory.SessionsContract;
import io.tally.application.port.out.RollupStore;
import io.tally.domain.event.Event;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration 6 on a version-5 file holding nine tenths of the contract's events: the fragments are folded from them,
 * then every event arrives as traffic does (the stored ones again, the rest new), and the sessions contract holds.
 */
class SessionsMigrationTest extends SessionsContract {

    private static DuckDbStores duck;
    private static List<List<String>> afterMigration;
    private static int stored;

    @BeforeAll
    static void migrate(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("v5.duckdb");
        List<Event> events = AgreementCases.events();
        stored = events.size() * 9 / 10;
        Version4File.write(file, events.subList(0, stored), "none");
        try (DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file)) {
            assertThat(Migrations.apply(connection, Migrations.ALL.subList(0, 5))).isEqualTo(5);
        }
        duck = DuckDbStores.open(DuckDbConfig.at(file));
        afterMigration = duck.rawQuery("SELECT CAST(sum(events) AS BIGINT), count(DISTINCT (project_id, hour, session_h)) = count(*) FROM session_fragments");
        loadAsTrafficArrives(duck.eventStore(), duck.rollupStore(), events);
    }

    @AfterAll
    static void close() {
        duck.close();
    }

    @Override
    protected RollupStore rollups() {
        return duck.rollupStore();
    }

    @Test
    void the_migration_folds_every_stored_event_into_one_fragment_per_session_and_hour() {
        assertThat(duck.schemaVersion()).isEqualTo(Migrations.ALL.getLast().version());
        assertThat(afterMigration).containsExactly(List.of(String.valueOf(stored), "true"));
    }
}
