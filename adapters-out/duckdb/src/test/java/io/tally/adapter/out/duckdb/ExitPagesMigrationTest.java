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
 * Migration 7 on a version-6 file whose fragments were folded without exits, from nine tenths of the contract's
 * events: the fragments are folded again with them, then every event arrives as traffic does (the stored ones again,
 * the rest new), and the sessions contract holds, its exit-page cases included.
 */
class ExitPagesMigrationTest extends SessionsContract {

    private static DuckDbStores duck;
    private static List<List<String>> beforeMigration;
    private static List<List<String>> afterMigration;
    private static int stored;

    @BeforeAll
    static void migrate(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("v6.duckdb");
        List<Event> events = AgreementCases.events();
        stored = events.size() * 9 / 10;
        Version4File.write(file, events.subList(0, stored), "none");
        String fragments = "SELECT CAST(sum(events) AS BIGINT), count(*) FROM session_fragments";
        try (DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file)) {
            assertThat(Migrations.apply(connection, Migrations.ALL.subList(0, 6))).isEqualTo(6);
            try (var statement = connection.createStatement(); var rs = statement.executeQuery(fragments)) {
                rs.next();
                beforeMigration = List.of(List.of(rs.getString(1), rs.getString(2)));
            }
        }
        duck = DuckDbStores.open(DuckDbConfig.at(file));
        afterMigration = duck.rawQuery(fragments);
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
    void the_migration_folds_the_same_fragments_again_with_their_exits() {
        assertThat(duck.schemaVersion()).isEqualTo(Migrations.ALL.getLast().version());
        assertThat(beforeMigration.getFirst().getFirst()).isEqualTo(String.valueOf(stored));
        assertThat(afterMigration).isEqualTo(beforeMigration);
    }
}
