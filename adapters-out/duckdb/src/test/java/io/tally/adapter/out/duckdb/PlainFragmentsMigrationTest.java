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
 * Migration 11 on a version-10 file whose fragments hold entry and exit as structs, folded from nine tenths of the
 * contract's events: every fragment is copied to plain columns value for value, then every event arrives as traffic
 * does (the stored ones again, the rest new) and the sessions contract holds on the plain fragments.
 */
class PlainFragmentsMigrationTest extends SessionsContract {

    private static final String STRUCT_FRAGMENTS = """
            SELECT project_id, hour, session_h, entry.ts, entry.event_id, entry.event_type, entry.path, entry.referrer,
                   entry.utm_source, entry.utm_medium, entry.utm_campaign, entry.country, entry.region, entry.city,
                   entry.browser, entry.os, entry.device, last_ts, exit.event_id, exit.path, events, pageviews, seq
            FROM session_fragments ORDER BY ALL""";

    private static DuckDbStores duck;
    private static List<List<String>> beforeMigration;
    private static List<List<String>> afterMigration;

    @BeforeAll
    static void migrate(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("v10.duckdb");
        List<Event> events = AgreementCases.events();
        Version4File.write(file, events.subList(0, events.size() * 9 / 10), "none");
        try (DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file)) {
            assertThat(Migrations.apply(connection, Migrations.ALL.subList(0, 10))).isEqualTo(10);
            beforeMigration = DuckDbStores.rawQuery(connection, STRUCT_FRAGMENTS);
        }
        duck = DuckDbStores.open(DuckDbConfig.at(file));
        afterMigration = duck.rawQuery("SELECT * FROM session_fragments ORDER BY ALL");
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
    void every_fragment_is_copied_to_plain_columns_value_for_value() {
        assertThat(duck.schemaVersion()).isEqualTo(Migrations.ALL.getLast().version());
        assertThat(beforeMigration).hasSizeGreaterThan(100);
        assertThat(beforeMigration.getFirst()).hasSize(23);
        assertThat(afterMigration).isEqualTo(beforeMigration);
    }
}
