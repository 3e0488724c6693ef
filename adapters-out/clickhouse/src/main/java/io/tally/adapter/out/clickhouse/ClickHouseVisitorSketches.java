package io.tally.adapter.out.clickhouse;

import io.tally.application.port.out.StoreException;
import io.tally.domain.event.EventColumns;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Group;
import io.tally.domain.query.KeptSketch;
import io.tally.domain.query.KeptSketches;
import io.tally.domain.query.SketchSpan;
import io.tally.domain.query.SketchedVisitors;
import io.tally.domain.query.VisitorSketch;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The visitor sketches kept per project, event type and UTC hour ({@code visitor_sketches}, migration
 * {@link #MIGRATION}), and per UTC day since migration {@link #DAYS_MIGRATION} ({@code hours} 1 or 24, {@code hour}
 * the span's start): Theta sketch bytes of the users' hashes ({@link VisitorSketch}), built in Java (this chDB has no
 * {@code uniqTheta}). The writer inserts a row per key for the events that passed its re-send check, the hours' and
 * their days' in one block; {@link #compact} merges a key's rows into one (migration {@link #COMPACTION_MIGRATION}
 * gave rows their generation for it). A read unions every row of a key, and a union is idempotent, so a repeated row, or a
 * merged row read beside the rows it merged, never counts a user twice.
 */
final class ClickHouseVisitorSketches {

    private static final System.Logger LOG = System.getLogger(ClickHouseVisitorSketches.class.getName());

    /** The migration that creates the table: the one place its number is written. */
    static final int MIGRATION = 13;

    /** The migration that adds {@code generation}, which compaction needs: the one place its number is written. */
    static final int COMPACTION_MIGRATION = 14;

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

    /** 0 for a writer's row; a merged row's is one more than the highest it merged, so it is never one it replaces. */
    static final String ADD_GENERATION = "ALTER TABLE visitor_sketches ADD COLUMN IF NOT EXISTS generation UInt32 DEFAULT 0";

    /** The migration that adds the days' sketches: the one place its number is written. */
    static final int DAYS_MIGRATION = 17;

    /** The span, after the generation: 1 for an hour's row (every row stored before), 24 for a day's. */
    static final String ADD_SPAN = "ALTER TABLE visitor_sketches ADD COLUMN IF NOT EXISTS hours UInt8 DEFAULT 1";

    /** In RowBinary: the sketches travel as their bytes (measured against hex and base64 text: the fastest read). */
    private static final String READ = """
            SELECT toUnixTimestamp(hour), hours, event_type, sketch FROM visitor_sketches
            WHERE project_id = {project:String} AND hour >= toDateTime({horizon_s:Int64}, 'UTC')
              AND hour >= toDateTime({from_s:Int64}, 'UTC') AND hour < toDateTime({to_s:Int64}, 'UTC')
              AND if(hours = 24, {every_whole_day:UInt8} = 1 OR has({days_read_whole:Array(Int64)}, intDiv(toUnixTimestamp(hour), 86400)),
                     NOT has({days_read_whole:Array(Int64)}, intDiv(toUnixTimestamp(hour), 86400)))""";

    /** The months (the table's partitions) holding a key with more than one row. */
    private static final String MONTHS_TO_COMPACT = """
            SELECT DISTINCT toUnixTimestamp(toDateTime(toStartOfMonth(hour), 'UTC')) AS month FROM (
                SELECT project_id, hour, hours, event_type FROM visitor_sketches GROUP BY project_id, hour, hours, event_type HAVING count() > 1
            ) ORDER BY month""";

    /** What identifies a stored row: all of its columns, hashed (a merged row differs from its inputs by generation). */
    private static final String ROW_IDENTITY = "hex(sipHash128(project_id, hour, hours, event_type, generation, sketch))";

    private static final String MONTH = "hour >= toDateTime({from_s:Int64}, 'UTC') AND hour < toDateTime({to_s:Int64}, 'UTC')";

    /** The rows of a month's keys that have more than one, in RowBinary. */
    private static final String ROWS_TO_COMPACT = """
            SELECT project_id, toUnixTimestamp(hour), hours, event_type, generation, sketch, %s FROM visitor_sketches
            WHERE %s AND (project_id, hour, hours, event_type) IN (
                SELECT project_id, hour, hours, event_type FROM visitor_sketches WHERE %s
                GROUP BY project_id, hour, hours, event_type HAVING count() > 1)""".formatted(ROW_IDENTITY, MONTH, MONTH);

    /** Deletes exactly the rows read: a row written since has another identity (unless it holds the same bytes). */
    private static final String DELETE_ROWS = """
            DELETE FROM visitor_sketches
            WHERE %s AND has(splitByChar(',', {rows:String}), %s)""".formatted(MONTH, ROW_IDENTITY);

    /** Row identities per delete: a server's driver writes the parameter into the statement's text. */
    private static final int MAX_IDENTITY_CHARS = ServerClickHouse.MAX_PARAMETER_CHARS;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ClickHouseTransport clickhouse;
    private final Supplier<Instant> horizon;
    private boolean warned;

    ClickHouseVisitorSketches(ClickHouseTransport clickhouse, Supplier<Instant> horizon) {
        this.clickhouse = clickhouse;
        this.horizon = horizon;
    }

    /**
     * The estimated visitors of the range's whole hours and days (and the retention's), unioned by {@link SketchedVisitors};
     * the hours of the days it reads whole are left unread, and the days it cannot use.
     */
    Map<Group, Aggregates> count(AggregateQuery query) {
        byte[] answer;
        Instant kept = horizon.get();
        try {
            answer = clickhouse.queryRowBinary(READ, Map.of("project", query.projectId(),
                    "horizon_s", Long.toString(kept.getEpochSecond()),
                    "days_read_whole", SketchedVisitors.daysReadWhole(query, kept).toString(),
                    "every_whole_day", SketchedVisitors.readsEveryWholeDay(query) ? "1" : "0",
                    "from_s", Long.toString(query.range().from().getEpochSecond()),
                    "to_s", Long.toString(query.range().to().getEpochSecond())));
        } catch (RuntimeException e) {
            throw new StoreException("ClickHouse visitor sketch query failed: " + e.getMessage(), e);
        }
        List<KeptSketch> rows = new ArrayList<>();
        RowBinaryReader in = new RowBinaryReader(answer);
        while (in.hasMore()) {
            rows.add(new KeptSketch(Instant.ofEpochSecond(in.uint32()), SketchSpan.ofHours(in.uint8()), in.string(), in.bytes()));
        }
        return SketchedVisitors.count(query, rows);
    }

    /**
     * Merges the rows of every key that has more than one into one row, a month (a partition) at a time; returns how
     * many rows it replaced. Each month: the key's rows are read, their union inserted as a row of the next generation, then exactly
     * the rows read are deleted (by {@link #ROW_IDENTITY}). Nothing waits on anything: a batch the writer adds
     * meanwhile is a row no delete names, and stays. A crash between the insert and the delete leaves the merged row
     * beside the rows it merged, which a read's union counts once; the next run merges them. Two nodes compacting at
     * once each delete only what they read, leaving two merged rows, merged in turn by the next run.
     * <p>
     * On a cluster ({@code Distributed}) the merged row and the delete would have to reach every shard: not done there
     * yet, a read unions the rows as before.
     */
    long compact() {
        return compact(() -> { });
    }

    /** @param betweenReadAndDelete run after each month's rows are read and merged: tests write a batch there */
    long compact(Runnable betweenReadAndDelete) {
        if (distributed()) {
            return 0;
        }
        long started = System.nanoTime();
        long replaced = 0;
        for (String month : clickhouse.query(MONTHS_TO_COMPACT, "TSV").lines().filter(line -> !line.isBlank()).toList()) {
            replaced += compactMonth(Instant.ofEpochSecond(Long.parseLong(month)), betweenReadAndDelete);
        }
        LOG.log(System.Logger.Level.DEBUG, "merged {0} visitor sketch rows in {1} ms", replaced, (System.nanoTime() - started) / 1_000_000);
        return replaced;
    }

    private boolean distributed() {
        boolean distributed = clickhouse.query("SELECT engine FROM system.tables WHERE database = currentDatabase() "
                + "AND name = 'visitor_sketches'", "TSVRaw").strip().equals("Distributed");
        if (distributed && !warned) {
            warned = true;
            LOG.log(System.Logger.Level.INFO, "visitor_sketches is Distributed: its rows are not compacted on a cluster");
        }
        return distributed;
    }

    /** One lightweight delete (a mutation) per month and chunk of rows, so a run costs a few, not one per key or day. */
    private long compactMonth(Instant start, Runnable betweenReadAndDelete) {
        Instant end = start.atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
        Map<String, String> month = Map.of("from_s", Long.toString(start.getEpochSecond()), "to_s", Long.toString(end.getEpochSecond()));
        KeptSketches merged = new KeptSketches();
        Map<KeptSketches.Key, Long> generations = new HashMap<>();
        List<String> identities = new ArrayList<>();
        RowBinaryReader in = new RowBinaryReader(clickhouse.queryRowBinary(ROWS_TO_COMPACT, month));
        while (in.hasMore()) {
            String project = in.string();
            Instant spanStart = Instant.ofEpochSecond(in.uint32());
            KeptSketches.Key key = new KeptSketches.Key(project, spanStart, SketchSpan.ofHours(in.uint8()), in.string());
            generations.merge(key, in.uint32(), Math::max);
            merged.merge(key, in.bytes());
            identities.add(in.string());
        }
        if (merged.isEmpty()) {
            return 0;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        merged.forEach((key, sketch) -> row(out, key, sketch, generations.get(key) + 1, true));
        // a token of its own: a merged row dropped as a repeat of an earlier block would lose the rows deleted next
        clickhouse.insertRowBinary("visitor_sketches", out.toByteArray(), HexFormat.of().formatHex(randomBytes()));
        betweenReadAndDelete.run();
        for (String chunk : CommaChunks.of(identities, MAX_IDENTITY_CHARS)) {
            Map<String, String> parameters = new HashMap<>(month);
            parameters.put("rows", chunk);
            clickhouse.query(DELETE_ROWS, "TSV", parameters);
        }
        return identities.size();
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** The sketches of a batch's new rows per hour and per day, as {@code visitor_sketches} rows (RowBinary). */
    static byte[] encode(List<EventColumns> rows) {
        KeptSketches sketches = new KeptSketches();
        for (EventColumns row : rows) {
            sketches.add(row.event().projectId(), row.timestamp(), row.event().eventType(), row.userHash());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        sketches.forEach((key, sketch) -> row(out, key, sketch, 0, true));
        return out.toByteArray();
    }

    /** A row as the table holds it now, or without its span ({@code spanColumn} false: migrations 14 to 16's table). */
    private static void row(ByteArrayOutputStream out, KeptSketches.Key key, byte[] sketch, long generation, boolean spanColumn) {
        rowBefore14(out, key, sketch);
        EventRows.uint32(out, generation);
        if (spanColumn) {
            out.write(key.span().hours()); // UInt8
        }
    }

    /** A row as migration 13's table holds it, without a generation: what that migration's backfill inserts. */
    private static void rowBefore14(ByteArrayOutputStream out, KeptSketches.Key key, byte[] sketch) {
        EventRows.string(out, key.projectId());
        EventRows.uint32(out, key.start().getEpochSecond()); // DateTime: UInt32 seconds
        EventRows.string(out, key.eventType());
        EventRows.bytes(out, sketch);
    }

    /**
     * Sketches every stored event (the migration's backfill), a day at a time: the users of each (project, hour,
     * type) come out of ClickHouse already distinct, and one day's sketches are inserted before the next is read. The
     * rows have the columns the table has: migration 13's four, or a generation and a span too where the table was
     * made as it is now (a cluster's schema.sql, which runs this backfill by hand), and then the days' rows as well.
     */
    static void backfill(ClickHouseTransport clickhouse) {
        boolean generations = hasColumn(clickhouse, "generation");
        boolean spans = hasColumn(clickhouse, "hours");
        List<String> days = clickhouse.query("SELECT DISTINCT toString(toDate(ts)) AS day FROM events ORDER BY day", "TSV")
                .lines().filter(line -> !line.isBlank()).toList();
        for (String day : days) {
            String answer = clickhouse.query("""
                    SELECT project_id, toUnixTimestamp(toStartOfHour(ts)) AS hour, event_type,
                           arrayStringConcat(arrayMap(h -> toString(h), groupUniqArray(user_h)), ',')
                    FROM events WHERE toDate(ts) = toDate({day:String})
                    GROUP BY project_id, hour, event_type""", "TSV", Map.of("day", day));
            KeptSketches sketches = spans ? new KeptSketches() : new KeptSketches(VisitorSketch.LG_K, EnumSet.of(SketchSpan.HOUR));
            for (List<String> row : ClickHouseLiterals.tsvRows(answer)) {
                Instant hour = Instant.ofEpochSecond(Long.parseLong(row.get(1)));
                for (String hash : row.get(3).split(",")) {
                    sketches.add(row.get(0), hour, row.get(2), Long.parseUnsignedLong(hash));
                }
            }
            if (!sketches.isEmpty()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                sketches.forEach((key, sketch) -> {
                    if (generations) {
                        row(out, key, sketch, 0, spans);
                    } else {
                        rowBefore14(out, key, sketch);
                    }
                });
                clickhouse.insertRowBinary("visitor_sketches", out.toByteArray(), backfillToken(day));
            }
        }
    }

    private static boolean hasColumn(ClickHouseTransport clickhouse, String column) {
        return !clickhouse.query("SELECT name FROM system.columns WHERE database = currentDatabase() "
                + "AND table = 'visitor_sketches' AND name = {column:String}", "TSV", Map.of("column", column)).isBlank();
    }

    /**
     * The days' sketches from the hours' rows (migration {@link #DAYS_MIGRATION}), a UTC day at a time (so that one
     * day's rows are held at once, as migration 13 did): each (project, day, type) gets the union of its hours' rows,
     * generation 0. Run again after a failure, a day may be inserted twice, which a union does not mind.
     */
    static void backfillDays(ClickHouseTransport clickhouse) {
        List<String> days = clickhouse.query("""
                SELECT DISTINCT toUnixTimestamp(toStartOfDay(hour)) AS day FROM visitor_sketches WHERE hours = 1 ORDER BY day""", "TSV")
                .lines().filter(line -> !line.isBlank()).toList();
        for (String day : days) {
            Instant start = Instant.ofEpochSecond(Long.parseLong(day));
            RowBinaryReader in = new RowBinaryReader(clickhouse.queryRowBinary("""
                    SELECT project_id, event_type, sketch FROM visitor_sketches
                    WHERE hours = 1 AND hour >= toDateTime({from_s:Int64}, 'UTC') AND hour < toDateTime({to_s:Int64}, 'UTC')""",
                    Map.of("from_s", Long.toString(start.getEpochSecond()),
                            "to_s", Long.toString(SketchSpan.DAY.end(start).getEpochSecond()))));
            KeptSketches sketches = new KeptSketches(VisitorSketch.LG_K, EnumSet.of(SketchSpan.DAY));
            while (in.hasMore()) {
                String project = in.string();
                sketches.merge(new KeptSketches.Key(project, start, SketchSpan.DAY, in.string()), in.bytes());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            sketches.forEach((key, sketch) -> row(out, key, sketch, 0, true));
            clickhouse.insertRowBinary("visitor_sketches", out.toByteArray(), HexFormat.of().formatHex(randomBytes()));
        }
    }

    /** One insert per day, so a backfill retried after a failure does not insert a day twice (a union would not mind). */
    private static String backfillToken(String day) {
        return HexFormat.of().formatHex(("visitor-sketches-" + day).getBytes(StandardCharsets.UTF_8));
    }
}
