package io.tally.adapter.out.clickhouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the tests find libchdb.so: TALLY_CHDB_LIB, else the cache of ops/clickhouse/fetch-chdb.sh. Never skipped. */
final class ChdbLibrary {
    private ChdbLibrary() {
    }

    static Path path() {
        String explicit = System.getenv("TALLY_CHDB_LIB");
        String cache = System.getenv().getOrDefault("TALLY_CACHE", System.getProperty("user.home") + "/.cache/tally");
        Path lib = explicit != null ? Path.of(explicit) : Path.of(cache, "chdb", "26.5.3", "libchdb.so");
        if (!Files.isRegularFile(lib)) {
            throw new AssertionError("the ClickHouse tests need libchdb.so at " + lib
                    + "; run ops/clickhouse/fetch-chdb.sh (needs npm: apt-get install -y npm) or set TALLY_CHDB_LIB");
        }
        return lib;
    }

    private static EmbeddedClickHouse shared;

    /** One engine for the whole test JVM: chDB is meant to hold one connection per process. */
    static synchronized EmbeddedClickHouse shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("tally-chdb");
                shared = EmbeddedClickHouse.open(path(), dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** Stores over the shared engine with every table of the schema dropped first, so each test class starts empty. */
    static synchronized ClickHouseStores freshStores() {
        EmbeddedClickHouse engine = shared();
        dropSchema(engine);
        return ClickHouseStores.over(engine);
    }

    /** Drops every table the migrations make, their claims included, from the transport's database. */
    static void dropSchema(ClickHouseTransport clickhouse) {
        for (String table : List.of("rollup_hourly_mv", "rollup_hourly", "session_fragments_mv", "session_fragments", "event_ids_mv", "event_ids", "definitions", "events",
                "events_v10", "id_hashes", "hash_collisions", "visitor_sketches",
                "schema_migrations")) {
            clickhouse.query("DROP TABLE IF EXISTS " + table, "TSV");
        }
        for (String claim : clickhouse.query("SELECT name FROM system.tables WHERE database = currentDatabase() "
                + "AND startsWith(name, 'schema_migration_claim_')", "TSVRaw").lines().toList()) {
            clickhouse.query("DROP TABLE " + claim, "TSV");
        }
    }
}
