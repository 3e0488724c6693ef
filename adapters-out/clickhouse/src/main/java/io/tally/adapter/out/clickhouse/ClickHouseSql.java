package io.tally.adapter.out.clickhouse;

import io.tally.domain.event.EventColumns;
import io.tally.domain.query.Metric;
import io.tally.domain.time.Granularity;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Every SQL text the ClickHouse engine runs. User values reach ClickHouse only as server-side parameters
 * ({@code {project:String}}, {@code {zone:String}}, …), bound after parsing.
 */
final class ClickHouseSql {

    private ClickHouseSql() {
    }

    /** Deduplicating on the sorting key, which ends in event_id: a re-sent event collapses at merge and under FINAL. */
    static final String CREATE_EVENTS = """
            CREATE TABLE IF NOT EXISTS events (
                project_id  LowCardinality(String),
                event_id    String CODEC(ZSTD(1)),
                user_id     String CODEC(ZSTD(1)),
                session_id  String CODEC(ZSTD(1)),
                event_type  LowCardinality(String),
                ts          DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
                properties  String CODEC(ZSTD(3)),
                user_agent  LowCardinality(String),
                ip_address  String CODEC(ZSTD(1)),
                received_at DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD(1))
            )
            ENGINE = ReplacingMergeTree
            PARTITION BY toYYYYMM(ts)
            ORDER BY (project_id, toDate(ts), event_type, user_id, event_id)
            TTL toDateTime(ts) + INTERVAL 25 MONTH""";

    /**
     * The typed events (migration 10), created under {@code %1$s}: hashed ids to count by, a column per promoted
     * property ({@code EventColumns.PROMOTED_KEYS}, in that order) holding its text, the counted revenue, and the
     * properties no column holds alone. Rows sit by project and hour, and the key still ends in event_id so a
     * concurrent re-send collapses under FINAL. EventRows writes the columns in this order.
     */
    static final String CREATE_TYPED_EVENTS = """
            CREATE TABLE IF NOT EXISTS %1$s (
                project_id   LowCardinality(String),
                ts           DateTime64(3, 'UTC') CODEC(Delta, ZSTD(3)),
                event_type   LowCardinality(String),
                user_h       UInt64 CODEC(ZSTD(1)),
                session_h    UInt64 CODEC(ZSTD(1)),
                event_id     String CODEC(ZSTD(3)),
                user_id      String CODEC(ZSTD(3)),
                session_id   String CODEC(ZSTD(3)),
                path         LowCardinality(Nullable(String)),
                referrer     Nullable(String) CODEC(ZSTD(3)),
                utm_source   LowCardinality(Nullable(String)),
                utm_medium   LowCardinality(Nullable(String)),
                utm_campaign LowCardinality(Nullable(String)),
                country      LowCardinality(Nullable(String)),
                region       LowCardinality(Nullable(String)),
                city         LowCardinality(Nullable(String)),
                browser      LowCardinality(Nullable(String)),
                os           LowCardinality(Nullable(String)),
                device       LowCardinality(Nullable(String)),
                revenue      Nullable(Decimal128(6)),
                properties   String CODEC(ZSTD(6)),
                user_agent   LowCardinality(String),
                ip_address   String CODEC(ZSTD(3)),
                received_at  DateTime64(3, 'UTC') CODEC(Delta, ZSTD(3))
            )
            ENGINE = ReplacingMergeTree
            PARTITION BY toYYYYMM(ts)
            ORDER BY (project_id, toStartOfHour(ts), event_type, user_h, event_id)
            SETTINGS min_bytes_for_wide_part = 0, min_rows_for_wide_part = 0, non_replicated_deduplication_window = 1000""";

    /** The typed columns in table order, for inserts that name them. */
    static final String TYPED_COLUMNS = "project_id, ts, event_type, user_h, session_h, event_id, user_id, session_id, "
            + String.join(", ", EventColumns.PROMOTED_KEYS) + ", revenue, properties, user_agent, ip_address, received_at";

    /** Feeds event_ids from every insert into events. */
    static final String CREATE_EVENT_IDS_MV =
            "CREATE MATERIALIZED VIEW IF NOT EXISTS event_ids_mv TO event_ids AS SELECT project_id, event_id, ts FROM events";

    /** Folds every insert into events into the hourly rollup, revenue from its typed column. */
    static final String CREATE_ROLLUP_MV = """
            CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_hourly_mv TO rollup_hourly AS
            SELECT project_id, toStartOfHour(ts) AS hour, event_type,
                   sumState(toUInt64(1)) AS events,
                   sumState(ifNull(revenue, toDecimal128(0, 6))) AS revenue,
                   uniqExactState(user_id) AS users
            FROM events
            GROUP BY project_id, hour, event_type""";

    /**
     * The entry values a session fragment keeps of its first event: event_type, then every promoted column in
     * {@code EventColumns.PROMOTED_KEYS} order, as one tuple so that a NULL value is picked, not skipped.
     */
    static final String ENTRY_TYPE = "Tuple(String" + ", Nullable(String)".repeat(EventColumns.PROMOTED_KEYS.size()) + ")";

    /**
     * Sessions kept per (project, UTC hour, session hash), migration 11: each row a fragment, the events of one
     * session in one hour as some inserts brought them, merged by the engine (and by every read) into the hour's
     * whole fragment. Merging a range's whole hours gives the session clipped to the range: the min of the first
     * times, the max of the last, the sums, the entry of the earliest (ts, event_id) and (since migration 12, which
     * adds the column {@code exit} of {@link #EXIT_TYPE}) the exit page of the latest. The first and last keep their
     * time alone: the events' ids matter only to pick the entry and exit, which argMin's and argMax's states compare by.
     */
    static final String CREATE_SESSION_FRAGMENTS = """
            CREATE TABLE IF NOT EXISTS session_fragments (
                project_id LowCardinality(String),
                hour       DateTime('UTC'),
                session_h  UInt64,
                first_ts   SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
                last_ts    SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
                events     SimpleAggregateFunction(sum, UInt64),
                pageviews  SimpleAggregateFunction(sum, UInt64),
                entry      AggregateFunction(argMin, %s, Tuple(DateTime64(3, 'UTC'), String))
            )
            ENGINE = AggregatingMergeTree
            PARTITION BY toYYYYMM(hour)
            ORDER BY (project_id, hour, session_h)
            SETTINGS non_replicated_deduplication_window = 1000""".formatted(ENTRY_TYPE);

    private static String entryOfEvent() {
        return "CAST(tuple(toString(event_type), " + EventColumns.PROMOTED_KEYS.stream()
                .map(key -> "toNullable(toString(" + key + "))").collect(Collectors.joining(", "))
                + ") AS " + ENTRY_TYPE + ")";
    }

    /** Migration 11's fragment of the rows {@code from} names, without the exit (migration 12): frozen with it. */
    static String sessionFragmentsBefore12(String from) {
        return """
                SELECT project_id, toStartOfHour(ts) AS hour, session_h, min(ts) AS first_ts, max(ts) AS last_ts,
                       toUInt64(count()) AS events, toUInt64(countIf(event_type = '%s')) AS pageviews,
                       argMinState(%s, (ts, event_id)) AS entry
                FROM %s
                GROUP BY project_id, hour, session_h""".formatted(Metric.PAGE_VIEW_EVENT, entryOfEvent(), from);
    }

    /**
     * The path a session fragment keeps of its last event, its exit page (migration 12), in a tuple so that a NULL
     * path is picked, not skipped; argMax's state compares (ts, event_id).
     */
    static final String EXIT_TYPE = "Tuple(Nullable(String))";

    /** The exit state of the rows grouped: the path of the greatest (ts, event_id). */
    static final String EXIT_STATE = "argMaxState(CAST(tuple(toNullable(toString(path))) AS " + EXIT_TYPE + "), (ts, event_id))";

    /** Migration 12's fragment of the rows {@code from} names, entry and exit as states: frozen with it. */
    static String sessionFragmentsBefore15(String from) {
        return """
                SELECT project_id, toStartOfHour(ts) AS hour, session_h, min(ts) AS first_ts, max(ts) AS last_ts,
                       toUInt64(count()) AS events, toUInt64(countIf(event_type = '%s')) AS pageviews,
                       argMinState(%s, (ts, event_id)) AS entry,
                       %s AS exit
                FROM %s
                GROUP BY project_id, hour, session_h""".formatted(Metric.PAGE_VIEW_EVENT, entryOfEvent(), EXIT_STATE, from);
    }

    /**
     * The columns migration 15 gives {@code session_fragments} for the entry and the exit as {@link FragmentTexts}: Nullable,
     * so the fragments stored before (NULL there) never win a min or max.
     */
    static final List<String> ADD_FRAGMENT_TEXTS = List.of(
            "ALTER TABLE session_fragments ADD COLUMN IF NOT EXISTS entry_text SimpleAggregateFunction(min, Nullable(String))",
            "ALTER TABLE session_fragments ADD COLUMN IF NOT EXISTS exit_text SimpleAggregateFunction(max, Nullable(String))");

    /** A fragment per (project, hour, session) of the rows {@code from} names (events; events FINAL for the backfill). */
    static String sessionFragments(String from) {
        return """
                SELECT project_id, toStartOfHour(ts) AS hour, session_h, min(ts) AS first_ts, max(ts) AS last_ts,
                       toUInt64(count()) AS events, toUInt64(countIf(event_type = '%s')) AS pageviews,
                       min(%s) AS entry_text,
                       max(%s) AS exit_text
                FROM %s
                GROUP BY project_id, hour, session_h""".formatted(Metric.PAGE_VIEW_EVENT, FragmentTexts.entryOfEvent(),
                FragmentTexts.exitOfEvent(), from);
    }

    /** Folds every insert into events into the session fragments: only the rows the writer actually added (migration 11). */
    static final String CREATE_SESSION_FRAGMENTS_MV =
            "CREATE MATERIALIZED VIEW IF NOT EXISTS session_fragments_mv TO session_fragments AS\n" + sessionFragmentsBefore12("events");

    /** The batch's projects, their UTF-8 bytes in hex, comma-separated: a lookup's projects, of any text. */
    static final String HEX_PROJECTS = "(SELECT unhex(arrayJoin(splitByChar(',', {hex_projects:String}))))";

    /** Which id a hash stands for: kind 1 a user, 2 a session. */
    static final int USER = 1;
    static final int SESSION = 2;

    /**
     * Every (project, kind, hash, id) stored, written by the writer before the events that carry it, so a second id
     * under one hash is found before it is counted. {@code ts} is the latest event seen with it, for the TTL.
     */
    static final String CREATE_ID_HASHES = """
            CREATE TABLE IF NOT EXISTS id_hashes (
                project_id LowCardinality(String),
                kind       UInt8,
                h          UInt64,
                id         String CODEC(ZSTD(3)),
                ts         DateTime64(3, 'UTC') CODEC(Delta, ZSTD(3))
            )
            ENGINE = ReplacingMergeTree(ts)
            ORDER BY (project_id, kind, h, id)
            SETTINGS index_granularity = 256""";

    /** Hashes that stand for more than one id: a project with any is counted by the ids themselves. */
    static final String CREATE_HASH_COLLISIONS = """
            CREATE TABLE IF NOT EXISTS hash_collisions (
                project_id LowCardinality(String),
                kind       UInt8,
                h          UInt64,
                ts         DateTime64(3, 'UTC')
            )
            ENGINE = ReplacingMergeTree(ts)
            ORDER BY (project_id, kind, h)""";

    /**
     * Records which of the batch's hashes ({@code kind:hash} pairs, comma-separated) now stand for more than one id in
     * any of the batch's projects ({@link #HEX_PROJECTS}), one statement for them all. A pair of one project is also
     * looked up in the others: whatever it finds there is a collision all the same, and recording one is never wrong.
     * A prefix of id_hashes' primary key, so it reads only the granules the hashes fall in.
     */
    static final String RECORD_COLLISIONS = """
            INSERT INTO hash_collisions
            SELECT project_id, kind, h, max(ts) FROM id_hashes
            WHERE project_id IN %s
              AND (kind, h) IN (SELECT toUInt8(splitByChar(':', x)[1]), toUInt64(splitByChar(':', x)[2])
                                FROM (SELECT arrayJoin(splitByChar(',', {hashes:String})) AS x))
            GROUP BY project_id, kind, h HAVING uniqExact(id) > 1""".formatted(HEX_PROJECTS);

    /** Whether a project has a hash standing for two ids, so that its ids must be counted as text. */
    static final String HAS_COLLISIONS = "SELECT count() > 0 FROM hash_collisions WHERE project_id = {project:String}";

    /** Whether a project has a session hash standing for two ids, so that its session fragments mix sessions. */
    static final String HAS_SESSION_COLLISIONS =
            "SELECT count() > 0 FROM hash_collisions WHERE project_id = {project:String} AND kind = " + SESSION;

    /**
     * Every stored event's id, sorted by it, for the re-send check. Small granules (256 rows, not 8,192) because a
     * lookup of n random ids reads at most n granules: the cost per event stays bounded as the table grows. Kept as
     * long as the events (ClickHouseRetention).
     */
    static final String CREATE_EVENT_IDS = """
            CREATE TABLE IF NOT EXISTS event_ids (
                project_id LowCardinality(String),
                event_id   String CODEC(ZSTD(3)),
                ts         DateTime64(3, 'UTC') CODEC(Delta, ZSTD(3))
            )
            ENGINE = ReplacingMergeTree
            ORDER BY (project_id, event_id)
            SETTINGS index_granularity = 256""";

    /**
     * The batch's ids already stored, whatever their timestamps: a re-sent event is found even when its time
     * changed (an event without a timestamp takes its arrival time, so a retry can fall on another day). The primary
     * key holds the ids, so ClickHouse reads only the granules that may hold one of the batch's ids. The ids come as
     * one string of comma-separated hex (UTF-8 bytes) read by a subquery: {@code event_id IN {ids:Array(String)}}
     * with 50,000 ids ran for minutes in chDB on 3 M stored ids (binding the array alone took 0.1 s), this form
     * 0.2 to 0.5 s; hex needs no escaping. One statement for all the batch's projects ({@link #HEX_PROJECTS}): an id
     * it finds under another of them than its event's is no re-send, which the writer sorts out by the pair.
     */
    static final String STORED_IDS = """
            SELECT project_id, event_id FROM event_ids
            WHERE project_id IN %s
              AND event_id IN (SELECT unhex(arrayJoin(splitByChar(',', {hex_ids:String}))))
            GROUP BY project_id, event_id""".formatted(HEX_PROJECTS);

    /** Bucket start in epoch milliseconds, cut on the local clock of {zone}. */
    static String bucket(String ts, Granularity granularity) {
        String local = switch (granularity) {
            case MINUTE -> "toStartOfMinute(" + ts + ", {zone:String})";
            case HOUR -> "toStartOfHour(" + ts + ", {zone:String})";
            case DAY -> "toStartOfDay(" + ts + ", {zone:String})";
            case WEEK -> "toDateTime(toMonday(" + ts + ", {zone:String}), {zone:String})";
            case MONTH -> "toDateTime(toStartOfMonth(" + ts + ", {zone:String}), {zone:String})";
        };
        return "toUnixTimestamp(" + local + ") * 1000";
    }

}
