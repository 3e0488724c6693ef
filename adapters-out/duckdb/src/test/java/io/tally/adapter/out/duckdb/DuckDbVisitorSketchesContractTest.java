package io.tally.adapter.out.duckdb;

import io.tally.adapter.out.memory.AgreementCases;
import io.tally.adapter.out.memory.SessionsContract;
import io.tally.adapter.out.memory.VisitorSketchesContract;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.RollupStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The visitor sketches, written as traffic arrives (late, out of order, re-sent) and compacted, estimate as the reference. */
class DuckDbVisitorSketchesContractTest extends VisitorSketchesContract {

    /** The keys {@link #keptSketchKeys()} answers, in {@link java.time.Instant#toString()}'s form. */
    static final String KEPT_SKETCH_KEYS = """
            SELECT DISTINCT project_id, strftime(hour, '%Y-%m-%dT%H:%M:%SZ'), hours::VARCHAR, event_type FROM visitor_sketches""";

    private static DuckDbStores duck;

    @BeforeAll
    static void load(@TempDir Path dir) {
        duck = DuckDbStores.open(DuckDbConfig.at(dir.resolve("sketches.duckdb")));
        SessionsContract.loadAsTrafficArrives(duck.eventStore(), duck.rollupStore(), AgreementCases.events());
    }

    @AfterAll
    static void close() {
        duck.close();
    }

    @Override
    protected RollupStore rollups() {
        return duck.rollupStore();
    }

    @Override
    protected AnalyticsEngine engine() {
        return duck.analyticsEngine();
    }

    @Override
    protected Optional<Set<List<String>>> keptSketchKeys() {
        return Optional.of(new HashSet<>(duck.rawQuery(KEPT_SKETCH_KEYS)));
    }
}
