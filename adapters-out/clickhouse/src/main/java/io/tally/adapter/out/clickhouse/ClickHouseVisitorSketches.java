package io.tally.adapter.out.clickhouse;

import io.tally.application.port.out.StoreException;
import io.tally.domain.event.EventColumns;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Group;
import io.tally.domain.query.HourSketch;
import io.tally.domain.query.HourSketches;
import io.tally.domain.query.SketchedVisitors;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The visitor sketches kept per project, UTC hour and event type ({@code visitor_sketches}, migration
 * {@link #MIGRATION}): Theta sketch bytes of the users' hashes ({@link io.tally.domain.query.VisitorSketch}), built
 * in Java (this chDB has no {@code uniqTheta}). The writer inserts a row per key for the events that passed its
 * re-send check; rows of one key are not compacted (a read unions them all; a union is idempotent, so a repeated row
 * never counts a user twice).
 */
final class ClickHouseVisitorSketches {

    /** The migration that creates the table: the one place its number is written. */
    static final int MIGRATION = 13;

    static final String CREATE = """
            CREATE TABLE IF NOT EXISTS visitor_sketches (
                project_id LowCardinality(String),
                hour       DateTime('UTC'),
                event_type LowCardinality(String),
                sketch     String CODEC(NONE) -- a compact Theta sketch: hashes, which no codec shrinks
            )
            ENGINE = MergeTree
            PARTITION BY toYYYYMM(hour)
            ORDER BY (project_id, hour, event_type)
            SETTINGS non_replicated_deduplication_window = 1000""";

    private static final String READ = """
            SELECT toUnixTimestamp(hour), event_type, hex(sketch) FROM visitor_sketches
            WHERE project_id = {project:String} AND hour >= toDateTime({horizon_s:Int64}, 'UTC')
              AND hour >= toDateTime({from_s:Int64}, 'UTC') AND hour < toDateTime({to_s:Int64}, 'UTC')""";

    private final ClickHouseTransport clickhouse;
    private final Supplier<Instant> horizon;

    ClickHouseVisitorSketches(ClickHouseTransport clickhouse, Supplier<Instant> horizon) {
        this.clickhouse = clickhouse;
        this.horizon = horizon;
    }

    /** The estimated visitors of the range's whole hours (and the retention's), unioned by {@link SketchedVisitors}. */
    Map<Group, Aggregates> count(AggregateQuery query) {
        String answer;
        try {
            answer = clickhouse.query(READ, "TSV", Map.of("project", query.projectId(),
                    "horizon_s", Long.toString(horizon.get().getEpochSecond()),
                    "from_s", Long.toString(query.range().from().getEpochSecond()),
                    "to_s", Long.toString(query.range().to().getEpochSecond())));
        } catch (RuntimeException e) {
            throw new StoreException("ClickHouse visitor sketch query failed: " + e.getMessage(), e);
        }
        HexFormat hex = HexFormat.of();
        List<HourSketch> rows = new ArrayList<>();
        for (List<String> row : ClickHouseLiterals.tsvRows(answer)) {
            rows.add(new HourSketch(Instant.ofEpochSecond(Long.parseLong(row.get(0))), row.get(1), hex.parseHex(row.get(2))));
        }
        return SketchedVisitors.count(query, rows);
    }

    /** The sketches of a batch's new rows, as {@code visitor_sketches} rows (RowBinary). */
    static byte[] encode(List<EventColumns> rows) {
        HourSketches sketches = new HourSketches();
        for (EventColumns row : rows) {
            sketches.add(row.event().projectId(), row.timestamp(), row.event().eventType(), row.userHash());
        }
        return encode(sketches);
    }

    private static byte[] encode(HourSketches sketches) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        sketches.forEach((key, sketch) -> {
            EventRows.string(out, key.projectId());
            EventRows.uint32(out, key.hour().getEpochSecond()); // DateTime: UInt32 seconds
            EventRows.string(out, key.eventType());
            EventRows.bytes(out, sketch);
        });
        return out.toByteArray();
    }

    /**
     * Sketches every stored event (the migration's backfill), a day at a time: the users of each (project, hour,
     * type) come out of ClickHouse already distinct, and one day's sketches are inserted before the next is read.
     */
    static void backfill(ClickHouseTransport clickhouse) {
        List<String> days = clickhouse.query("SELECT DISTINCT toString(toDate(ts)) AS day FROM events ORDER BY day", "TSV")
                .lines().filter(line -> !line.isBlank()).toList();
        for (String day : days) {
            String answer = clickhouse.query("""
                    SELECT project_id, toUnixTimestamp(toStartOfHour(ts)) AS hour, event_type,
                           arrayStringConcat(arrayMap(h -> toString(h), groupUniqArray(user_h)), ',')
                    FROM events WHERE toDate(ts) = toDate({day:String})
                    GROUP BY project_id, hour, event_type""", "TSV", Map.of("day", day));
            HourSketches sketches = new HourSketches();
            for (List<String> row : ClickHouseLiterals.tsvRows(answer)) {
                Instant hour = Instant.ofEpochSecond(Long.parseLong(row.get(1)));
                for (String hash : row.get(3).split(",")) {
                    sketches.add(row.get(0), hour, row.get(2), Long.parseUnsignedLong(hash));
                }
            }
            if (!sketches.isEmpty()) {
                clickhouse.insertRowBinary("visitor_sketches", encode(sketches), backfillToken(day));
            }
        }
    }

    /** One insert per day, so a backfill retried after a failure does not insert a day twice (a union would not mind). */
    private static String backfillToken(String day) {
        return HexFormat.of().formatHex(("visitor-sketches-" + day).getBytes(StandardCharsets.UTF_8));
    }
}
