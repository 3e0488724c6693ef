package io.tally.adapter.out.duckdb;

import io.tally.adapter.out.memory.RetentionContract;
import io.tally.domain.time.Retention;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** The retention contract on DuckDB: queries start at the horizon, expiry deletes events and rollup hours at once. */
class DuckDbRetentionTest extends RetentionContract {

    @TempDir
    Path dir;
    private DuckDbStores duck;

    @Override
    protected Opened open(Retention retention, Clock clock) {
        duck = DuckDbStores.open(DuckDbConfig.at(dir.resolve("retention.duckdb")), retention, clock);
        return new Opened(duck.eventStore(), duck.analyticsEngine(), Optional.of(duck.rollupStore()), duck.eventArchive(),
                duck.eventExpiry(), () -> { });
    }

    @AfterEach
    void close() {
        duck.close();
    }
}
