package io.tally.adapter.out.clickhouse;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The ClickHouse schema as numbered migrations, applied in order at start and recorded in {@code schema_migrations}.
 * A released migration is never edited; a change is a new one.
 * <p>
 * Several nodes may start at once on one database. ClickHouse has no locks, but creating a table is atomic: before
 * applying migration N a node creates {@code schema_migration_claim_N}, without {@code IF NOT EXISTS}. The one node
 * that creates it applies N; every other node waits until N is recorded. So a data step (the rollup's backfill) runs
 * once, never twice. The claim tables stay, as a record of when each migration was claimed.
 */
final class ClickHouseMigrations {

    /** A numbered migration: its statements, then a data step in Java where SQL cannot build the data. */
    record Migration(int version, String description, List<String> statements, Consumer<ClickHouseTransport> data) {
        Migration(int version, String description, List<String> statements) {
            this(version, description, statements, clickhouse -> { });
        }
    }

    /** Revenue as migrations 3 to 7 read it (through the JSON functions, so through a double): frozen with them. */
    private static final String REVENUE_BEFORE_8 = "if(JSONType(properties, 'revenue') IN ('Int64', 'UInt64', 'Double'), "
            + "toDecimal128OrNull(JSONExtractRaw(properties, 'revenue'), 6), CAST(NULL AS Nullable(Decimal128(6))))";

    static final List<Migration> ALL = List.of(
            new Migration(1, "events of record", List.of(ClickHouseSql.CREATE_EVENTS)),
            new Migration(2, "saved definitions", List.of("""
                    CREATE TABLE IF NOT EXISTS definitions (
                        project_id LowCardinality(String),
                        kind       LowCardinality(String),
                        name       String,
                        body       String,
                        version    UInt64,
                        deleted    UInt8
                    )
                    ENGINE = ReplacingMergeTree(version)
                    ORDER BY (project_id, kind, name)""")),
            new Migration(3, "hourly rollup fed by a materialized view", List.of("""
                    CREATE TABLE IF NOT EXISTS rollup_hourly (
                        project_id LowCardinality(String),
                        hour       DateTime('UTC'),
                        event_type LowCardinality(String),
                        events     AggregateFunction(sum, UInt64),
                        revenue    AggregateFunction(sum, Decimal128(6)),
                        users      AggregateFunction(uniqExact, String)
                    )
                    ENGINE = AggregatingMergeTree
                    PARTITION BY toYYYYMM(hour)
                    ORDER BY (project_id, hour, event_type)""", """
                    CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_hourly_mv TO rollup_hourly AS
                    SELECT project_id, toStartOfHour(ts) AS hour, event_type,
                           sumState(toUInt64(1)) AS events,
                           sumState(ifNull(%s, toDecimal128(0, 6))) AS revenue,
                           uniqExactState(user_id) AS users
                    FROM events
                    GROUP BY project_id, hour, event_type""".formatted(REVENUE_BEFORE_8), """
                    INSERT INTO rollup_hourly
                    SELECT project_id, toStartOfHour(ts) AS hour, event_type,
                           sumState(toUInt64(1)), sumState(ifNull(%s, toDecimal128(0, 6))), uniqExactState(user_id)
                    FROM events FINAL
                    GROUP BY project_id, hour, event_type""".formatted(REVENUE_BEFORE_8))),
            // every part in the wide format (one file a column): each column compresses with its own codec, and
            // system.parts_columns can say what each column costs
            new Migration(4, "wide parts for events", List.of(
                    "ALTER TABLE events MODIFY SETTING min_bytes_for_wide_part = 0, min_rows_for_wide_part = 0")),
            // measured on the agreement data: rows sorted by user leave timestamps unordered, so DoubleDelta gains
            // little; ids are long random-looking strings that a stronger ZSTD level packs better
            new Migration(5, "codecs measured on generated traffic", List.of("""
                    ALTER TABLE events
                        MODIFY COLUMN ts          DateTime64(3, 'UTC') CODEC(Delta, ZSTD(3)),
                        MODIFY COLUMN received_at DateTime64(3, 'UTC') CODEC(Delta, ZSTD(3)),
                        MODIFY COLUMN event_id    String CODEC(ZSTD(3)),
                        MODIFY COLUMN session_id  String CODEC(ZSTD(3)),
                        MODIFY COLUMN user_id     String CODEC(ZSTD(3)),
                        MODIFY COLUMN ip_address  String CODEC(ZSTD(3)),
                        MODIFY COLUMN properties  String CODEC(ZSTD(6))""")),
            // the re-send check asks for a batch's event ids on the batch's days (ClickHouseSql.STORED_IDS); within
            // a day event_id is last in the sort key, so a bloom filter lets a small batch skip most of the day's
            // granules (a batch of thousands of ids passes nearly every granule's filter: the days do that work)
            new Migration(6, "bloom filter on event ids for the re-send check", List.of(
                    "ALTER TABLE events ADD INDEX IF NOT EXISTS event_id_bloom event_id TYPE bloom_filter(0.001) GRANULARITY 1",
                    "ALTER TABLE events MATERIALIZE INDEX event_id_bloom SETTINGS mutations_sync = 1")),
            // a plain MergeTree keeps no insert tokens unless told to (Replicated tables keep them by default): with
            // a window, a retried block carrying the same insert_deduplication_token is dropped. The rollup needs
            // one too: the view still hands it the retried block, which it drops only by the same token
            // (ClickHouseTransport.deduplicationSettings)
            new Migration(7, "insert deduplication windows for retried batches", List.of(
                    "ALTER TABLE events MODIFY SETTING non_replicated_deduplication_window = 1000",
                    "ALTER TABLE rollup_hourly MODIFY SETTING non_replicated_deduplication_window = 1000")),
            // revenue read exactly from the JSON text (ClickHouseExpressions.revenue), in the view from now on; the hours
            // it already folded get the difference for each event whose amount changed (a value with more than 15
            // significant digits, or one outside the range ingest now refuses), so the rollup agrees with the events.
            // Rows another node inserts between the two statements could be corrected twice or not at all: run it
            // while no node takes events with such values (every upgraded node refuses those outside the range).
            new Migration(8, "exact revenue in the rollup", List.of("""
                    ALTER TABLE rollup_hourly_mv MODIFY QUERY
                    SELECT project_id, toStartOfHour(ts) AS hour, event_type,
                           sumState(toUInt64(1)) AS events,
                           sumState(ifNull(%s, toDecimal128(0, 6))) AS revenue,
                           uniqExactState(user_id) AS users
                    FROM events
                    GROUP BY project_id, hour, event_type""".formatted(ClickHouseExpressions.revenue()), """
                    INSERT INTO rollup_hourly
                    SELECT project_id, toStartOfHour(ts) AS hour, event_type, sumState(toUInt64(0)),
                           sumState(ifNull(%1$s, toDecimal128(0, 6)) - ifNull(%2$s, toDecimal128(0, 6))), uniqExactState(user_id)
                    FROM events FINAL
                    WHERE ifNull(%1$s, toDecimal128(0, 6)) != ifNull(%2$s, toDecimal128(0, 6))
                    GROUP BY project_id, hour, event_type""".formatted(ClickHouseExpressions.revenue(), REVENUE_BEFORE_8))),
            // the re-send check (ClickHouseSql.STORED_IDS) reads this instead of events: sorted by the id itself, so a
            // batch reads only the granules its ids fall in, whatever their times and however much is stored (on
            // events it had to read every day the batch touched). The view fills it in the same insert; the backfill
            // may copy a row the view also wrote, which the lookup's GROUP BY and the engine's merges absorb
            new Migration(9, "event ids by id for the re-send check", List.of(
                    ClickHouseSql.CREATE_EVENT_IDS,
                    "CREATE MATERIALIZED VIEW IF NOT EXISTS event_ids_mv TO event_ids AS SELECT project_id, event_id, ts FROM events",
                    "INSERT INTO event_ids SELECT project_id, event_id, ts FROM events")),
            // hashed ids to count by, promoted properties in columns, revenue typed, rows by project and hour; the id
            // hashes kept so a second id under one hash is seen (TypedEventsMigration). Rows an older node inserts
            // while it runs are carried over if they arrived within an hour of the newest; after the exchange such a
            // node's inserts fail (the columns changed), so its retries wait for its upgrade
            new Migration(10, "typed events", TypedEventsMigration.statements()),
            // sessions per hour (ClickHouseSql.CREATE_SESSION_FRAGMENTS): the view first, then the stored events. An
            // older node's insert landing between the two is folded by both: its fragment's first, last and entry
            // stay right (min, max, argMin), its counts are doubled. Those are milliseconds; to be exact, stop older
            // nodes' ingest while a node upgrades (the claim already keeps upgraded nodes from inserting meanwhile)
            new Migration(11, "sessions per hour", List.of(
                    ClickHouseSql.CREATE_SESSION_FRAGMENTS,
                    ClickHouseSql.CREATE_SESSION_FRAGMENTS_MV,
                    "INSERT INTO session_fragments " + ClickHouseSql.sessionFragmentsBefore12("events FINAL"))),
            // each fragment keeps its last event's path, the exit page: the column, the view folding it from now on,
            // then the stored events' exits, in fragments that add nothing else (no events, no page views; first and
            // last times their own, which min and max absorb). An insert folded by both the view and the backfill
            // gives the same exit twice, which argMax absorbs too, so nothing is counted twice
            new Migration(12, "exit pages in the sessions per hour", List.of(
                    "ALTER TABLE session_fragments ADD COLUMN IF NOT EXISTS exit AggregateFunction(argMax, "
                            + ClickHouseSql.EXIT_TYPE + ", Tuple(DateTime64(3, 'UTC'), String))",
                    "ALTER TABLE session_fragments_mv MODIFY QUERY " + ClickHouseSql.sessionFragmentsBefore15("events"),
                    """
                    INSERT INTO session_fragments (project_id, hour, session_h, first_ts, last_ts, events, pageviews, exit)
                    SELECT project_id, toStartOfHour(ts) AS hour, session_h, min(ts), max(ts), toUInt64(0), toUInt64(0), %s
                    FROM events FINAL
                    GROUP BY project_id, hour, session_h""".formatted(ClickHouseSql.EXIT_STATE))),
            // visitor sketches per hour and event type (ClickHouseVisitorSketches), which the writer adds from now on,
            // then those of the stored events, built in Java a day at a time. Events an older node inserts meanwhile
            // get no sketch: stop older nodes' ingest while a node upgrades, as for migration 11
            new Migration(ClickHouseVisitorSketches.MIGRATION, "visitor sketches per hour",
                    List.of(ClickHouseVisitorSketches.CREATE), ClickHouseVisitorSketches::backfill),
            // a generation on each sketch row, so a key's rows can be merged into one (ClickHouseVisitorSketches.compact)
            // without the merged row ever being taken for one it replaces; stored rows keep their bytes, generation 0.
            // An older node's sketch insert fails once the column is there (it sends four columns), and its batch is
            // retried after its upgrade: stop older nodes' ingest while a node upgrades, as for migration 11
            new Migration(ClickHouseVisitorSketches.COMPACTION_MIGRATION, "generations of visitor sketches for compaction",
                    List.of(ClickHouseVisitorSketches.ADD_GENERATION)),
            // each fragment's entry and exit as text kept by min and max (FragmentTexts: a read by entry page decoded
            // and merged tuple states, 25 times the cost of one by day): the columns, the view writing them, the stored
            // events' texts in fragments that add nothing else (as migration 12), then the states go. An insert folded
            // by both the view and the backfill gives the same texts twice, which min and max absorb. An older node's
            // view writes no text: stop older nodes' ingest while a node upgrades, as for migration 11
            new Migration(15, "session entries and exits as text", Stream.of(ClickHouseSql.ADD_FRAGMENT_TEXTS, List.of(
                    "ALTER TABLE session_fragments_mv MODIFY QUERY " + ClickHouseSql.sessionFragments("events"),
                    """
                    INSERT INTO session_fragments (project_id, hour, session_h, first_ts, last_ts, events, pageviews, entry_text, exit_text)
                    SELECT project_id, toStartOfHour(ts) AS hour, session_h, min(ts), max(ts), toUInt64(0), toUInt64(0),
                           min(%s), max(%s)
                    FROM events FINAL
                    GROUP BY project_id, hour, session_h""".formatted(FragmentTexts.entryOfEvent(), FragmentTexts.exitOfEvent()),
                    "ALTER TABLE session_fragments DROP COLUMN IF EXISTS entry",
                    "ALTER TABLE session_fragments DROP COLUMN IF EXISTS exit")).flatMap(List::stream).toList()),
            // the collision check after every batch reads kind and h of nearly every granule (a batch's new session
            // hashes fall all over the table), id and ts where they match: in compact parts (one file for all columns,
            // what a part under 10 MB gets) that took 6 times the CPU of wide ones, 750 against 110 ms for 20,000 events
            // on 1.2 M stored. Parts written from now on are wide; those stored become wide as they are merged
            new Migration(16, "wide parts for the id hashes", List.of(
                    "ALTER TABLE id_hashes MODIFY SETTING min_bytes_for_wide_part = 0, min_rows_for_wide_part = 0")),
            // the visitor sketches of whole UTC days beside the hours' (ClickHouseVisitorSketches): a read of whole days
            // unions 24 times fewer sketches for the same estimate. The span column, then the days of the stored hours'
            // rows, built in Java a day at a time. An older node's sketch insert fails once the column is there (it sends
            // no span), and an older node's read would take a day's row for its first hour: stop older nodes entirely
            // (ingest and queries) before a node upgrades
            new Migration(ClickHouseVisitorSketches.DAYS_MIGRATION, "visitor sketches per day",
                    List.of(ClickHouseVisitorSketches.ADD_SPAN), ClickHouseVisitorSketches::backfillDays));

    private ClickHouseMigrations() {
    }

    /** How long a node waits for a migration another node has claimed. */
    static final Duration CLAIM_WAIT = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofMillis(250);

    /** Applies the migrations not yet applied; returns the schema version in force. */
    static int apply(ClickHouseTransport clickhouse) {
        return apply(clickhouse, ALL, CLAIM_WAIT);
    }

    static int apply(ClickHouseTransport clickhouse, List<Migration> migrations, Duration claimWait) {
        clickhouse.query("""
                CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, description String, applied_at DateTime('UTC'))
                ENGINE = MergeTree ORDER BY version""", "TSV");
        int current = recorded(clickhouse);
        for (Migration migration : migrations) {
            if (migration.version() <= current) {
                continue;
            }
            if (claimed(clickhouse, migration)) {
                for (String statement : migration.statements()) {
                    clickhouse.query(statement, "TSV");
                }
                migration.data().accept(clickhouse);
                clickhouse.query("INSERT INTO schema_migrations SELECT {version:UInt32}, {description:String}, now()", "TSV",
                        Map.of("version", Integer.toString(migration.version()), "description", migration.description()));
            } else {
                awaitRecorded(clickhouse, migration, claimWait);
            }
            current = migration.version();
        }
        return current;
    }

    static String claimTable(Migration migration) {
        return "schema_migration_claim_" + migration.version(); // a number of ours, never input
    }

    /** Whether this node won the migration: it created the claim table, which only one creator can. */
    private static boolean claimed(ClickHouseTransport clickhouse, Migration migration) {
        try {
            clickhouse.query("CREATE TABLE " + claimTable(migration)
                    + " (claimed_at DateTime('UTC') DEFAULT now()) ENGINE = MergeTree ORDER BY tuple()", "TSV");
            return true;
        } catch (ClickHouseQueryException e) {
            if (e.getMessage() != null && (e.getMessage().contains("TABLE_ALREADY_EXISTS") || e.getMessage().contains("Code: 57."))) {
                return false;
            }
            throw e;
        }
    }

    private static void awaitRecorded(ClickHouseTransport clickhouse, Migration migration, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (recorded(clickhouse) < migration.version()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("migration " + migration.version() + " (" + migration.description()
                        + ") was claimed by another node (table " + claimTable(migration) + ") and is still not recorded in "
                        + "schema_migrations after " + wait.toSeconds() + " s. If no node is applying it (one stopped "
                        + "half-way), check the schema against the migration, then DROP TABLE " + claimTable(migration)
                        + " and start again.");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for migration " + migration.version(), e);
            }
        }
    }

    private static int recorded(ClickHouseTransport clickhouse) {
        String answer = clickhouse.query("SELECT max(version) FROM schema_migrations", "TSV").strip();
        return answer.isEmpty() ? 0 : Integer.parseInt(answer);
    }
}
