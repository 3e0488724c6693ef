package io.tally.adapter.out.duckdb;

import io.tally.adapter.out.memory.DaySketchReadsContract;
import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.RollupStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;

/** DuckDB's reads of hour and day sketches ({@link DaySketchReadsContract}). */
class DuckDbDaySketchReadsTest extends DaySketchReadsContract {

    private DuckDbStores duck;

    @BeforeEach
    void open(@TempDir Path dir) {
        duck = DuckDbStores.open(DuckDbConfig.at(dir.resolve("days.duckdb")));
        load();
    }

    @AfterEach
    void close() {
        duck.close();
    }

    @Override
    protected EventStore events() {
        return duck.eventStore();
    }

    @Override
    protected RollupStore rollups() {
        return duck.rollupStore();
    }

    @Override
    protected void addDayRow(String project, Instant day, String eventType, byte[] sketch) {
        duck.rawQuery("INSERT INTO visitor_sketches VALUES ('%s', make_timestamp(%d), '%s', from_hex('%s'), 0, 24) RETURNING hours"
                .formatted(project, day.getEpochSecond() * 1_000_000, eventType, HexFormat.of().formatHex(sketch)));
    }
}
