package io.tally.adapter.out.clickhouse;

import io.tally.adapter.out.memory.DaySketchReadsContract;
import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.RollupStore;
import org.junit.jupiter.api.BeforeEach;

import java.time.Instant;
import java.util.HexFormat;

/** The embedded ClickHouse engine's reads of hour and day sketches ({@link DaySketchReadsContract}). */
class ClickHouseDaySketchReadsTest extends DaySketchReadsContract {

    private ClickHouseStores stores;

    @BeforeEach
    void open() {
        stores = ChdbLibrary.freshStores();
        load();
    }

    @Override
    protected EventStore events() {
        return stores.eventStore();
    }

    @Override
    protected RollupStore rollups() {
        return stores.rollupStore();
    }

    @Override
    protected void addDayRow(String project, Instant day, String eventType, byte[] sketch) {
        stores.transport().query("""
                INSERT INTO visitor_sketches (project_id, hour, event_type, sketch, generation, hours)
                VALUES ('%s', toDateTime(%d, 'UTC'), '%s', unhex('%s'), 0, 24)""".formatted(project, day.getEpochSecond(), eventType,
                HexFormat.of().formatHex(sketch)), "TSV");
    }
}
