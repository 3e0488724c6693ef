-- The Tally schema on the two-shard, two-replica cluster "tally" (remote-servers.xml).
-- Each node keeps its shard in *_local tables replicated through Keeper; the Distributed tables route
-- reads to every shard and writes by user_h (the hash of user_id), so a user's events (and so their sessions,
-- funnels and retention) live on one shard. A session shared by several users may span shards.
-- This is the layout of single-node migration 17 (typed events, sessions per hour with entries and exits as text, visitor
-- sketches per hour and per day with generations); a cluster made before 10 is migrated by hand:
-- create these tables under new names, INSERT … SELECT with TypedEventsMigration's expressions, then EXCHANGE.
-- A cluster made at 10 gets the session_fragments tables and view below, then, once, on one node:
-- INSERT INTO session_fragments with ClickHouseSql.sessionFragments("events FINAL") (migration 11's backfill).
-- A cluster made at 11 gets the exit column and the view's new query as migration 12 does (ADD COLUMN exit … ON CLUSTER
-- on session_fragments_local and session_fragments, MODIFY QUERY on session_fragments_mv ON CLUSTER), then, once, on
-- one node, migration 12's backfill (ClickHouseMigrations: fragments of the stored events carrying only their exits).
-- A cluster made at 13 gets the generation column as migration 14 does (ADD COLUMN generation UInt32 DEFAULT 0 ON CLUSTER
-- on visitor_sketches_local and visitor_sketches). The sketches are not compacted on a cluster yet: reads union the rows.
-- A cluster made at 14 gets the entry_text and exit_text columns and the view's new query as migration 15 does (ADD COLUMN
-- … ON CLUSTER on session_fragments_local and session_fragments, MODIFY QUERY on session_fragments_mv ON CLUSTER), then,
-- once, on one node, migration 15's backfill (ClickHouseMigrations), then DROP COLUMN entry and exit ON CLUSTER on both.
-- A cluster made at 15 or 16 gets the hours column as migration 17 does, in this order: stop every node (ingest and
-- queries: an older node would read a day's row as its first hour's), ADD COLUMN hours UInt8 DEFAULT 1 ON CLUSTER on
-- visitor_sketches_local and visitor_sketches, run ClickHouseVisitorSketches.backfillDays once on one node (until it
-- ends, approximate visitors would leave out stored days), then start the new version.
-- The writer checks id_hashes right after inserting into it: set insert_distributed_sync = 1 for the tally user,
-- so that check sees the rows it just wrote. Column types and codecs are those of the single-node schema (ClickHouseSql as
-- changed by ClickHouseMigrations); a test in adapters-out/clickhouse checks they stay equal.

CREATE TABLE IF NOT EXISTS events_local ON CLUSTER tally (
    project_id   LowCardinality(String),
    ts           DateTime64(3, 'UTC') CODEC(Delta, ZSTD(3)),
    event_type   LowCardinality(String),
    user_h       UInt64 CODEC(ZSTD(1)),   -- IdHash of user_id: visitors, cohorts, funnels, retention count by it
    session_h    UInt64 CODEC(ZSTD(1)),   -- IdHash of session_id
    event_id     String CODEC(ZSTD(3)),
    user_id      String CODEC(ZSTD(3)),
    session_id   String CODEC(ZSTD(3)),
    path         LowCardinality(Nullable(String)),   -- the promoted properties' text (EventColumns.PROMOTED_KEYS)
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
    revenue      Nullable(Decimal128(6)),            -- the counted amount (Revenue.amount)
    properties   String CODEC(ZSTD(6)),              -- every property no column holds alone
    user_agent   LowCardinality(String),
    ip_address   String CODEC(ZSTD(3)),
    received_at  DateTime64(3, 'UTC') CODEC(Delta, ZSTD(3))
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/events', '{replica}')
PARTITION BY toYYYYMM(ts)
ORDER BY (project_id, toStartOfHour(ts), event_type, user_h, event_id)
TTL toDate(ts) + toIntervalDay(763)  -- ingest.retention-days + 2; see the README's Retention section
SETTINGS min_bytes_for_wide_part = 0, min_rows_for_wide_part = 0;

CREATE TABLE IF NOT EXISTS events ON CLUSTER tally AS events_local
ENGINE = Distributed(tally, currentDatabase(), events_local, user_h);

-- every event's id sorted by it, for the re-send check (ClickHouseSql.STORED_IDS): fed on each shard by the inserts
-- that land there, so a re-send (same user, same shard) is found on the shard that holds the first copy
CREATE TABLE IF NOT EXISTS event_ids_local ON CLUSTER tally (
    project_id LowCardinality(String),
    event_id   String CODEC(ZSTD(3)),
    ts         DateTime64(3, 'UTC') CODEC(Delta, ZSTD(3))
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/event_ids', '{replica}')
ORDER BY (project_id, event_id)
TTL toDate(ts) + toIntervalDay(763)  -- the same retention as events_local
SETTINGS index_granularity = 256;

CREATE MATERIALIZED VIEW IF NOT EXISTS event_ids_mv ON CLUSTER tally TO event_ids_local AS
SELECT project_id, event_id, ts FROM events_local;

CREATE TABLE IF NOT EXISTS event_ids ON CLUSTER tally AS event_ids_local
ENGINE = Distributed(tally, currentDatabase(), event_ids_local);

CREATE TABLE IF NOT EXISTS rollup_hourly_local ON CLUSTER tally (
    project_id LowCardinality(String),
    hour       DateTime('UTC'),
    event_type LowCardinality(String),
    events     AggregateFunction(sum, UInt64),
    revenue    AggregateFunction(sum, Decimal128(6)),
    users      AggregateFunction(uniqExact, String)
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/rollup_hourly', '{replica}')
PARTITION BY toYYYYMM(hour)
ORDER BY (project_id, hour, event_type)
-- the same retention as events_local
TTL toDate(hour) + toIntervalDay(763);

-- fed on each shard by the inserts that land there; revenue from its typed column
CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_hourly_mv ON CLUSTER tally TO rollup_hourly_local AS
SELECT project_id, toStartOfHour(ts) AS hour, event_type,
       sumState(toUInt64(1)) AS events,
       sumState(ifNull(revenue, toDecimal128(0, 6))) AS revenue,
       uniqExactState(user_id) AS users
FROM events_local
GROUP BY project_id, hour, event_type;

CREATE TABLE IF NOT EXISTS rollup_hourly ON CLUSTER tally AS rollup_hourly_local
ENGINE = Distributed(tally, currentDatabase(), rollup_hourly_local);

-- sessions per (project, UTC hour, session hash): fragments merged by the engine and by every read (single-node
-- migration 11, ClickHouseSql.CREATE_SESSION_FRAGMENTS). A session shared by users on two shards has fragments on
-- both; the read groups by session_h on the initiator, so they still merge into one session
CREATE TABLE IF NOT EXISTS session_fragments_local ON CLUSTER tally (
    project_id LowCardinality(String),
    hour       DateTime('UTC'),
    session_h  UInt64,
    first_ts   SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_ts    SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
    events     SimpleAggregateFunction(sum, UInt64),
    pageviews  SimpleAggregateFunction(sum, UInt64),
    -- the entry and the exit as text (single-node migration 15, FragmentTexts): the first event by (ts, event_id) with its
    -- event_type and promoted columns, the last with its path; NULL in fragments stored before the texts
    entry_text SimpleAggregateFunction(min, Nullable(String)),
    exit_text  SimpleAggregateFunction(max, Nullable(String))
)
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/session_fragments', '{replica}')
PARTITION BY toYYYYMM(hour)
ORDER BY (project_id, hour, session_h)
-- the same retention as events_local
TTL toDate(hour) + toIntervalDay(763);

-- fed on each shard by the inserts that land there (only the events the writer added: re-sends never reach it)
CREATE MATERIALIZED VIEW IF NOT EXISTS session_fragments_mv ON CLUSTER tally TO session_fragments_local AS
SELECT project_id, toStartOfHour(ts) AS hour, session_h, min(ts) AS first_ts, max(ts) AS last_ts,
       toUInt64(count()) AS events, toUInt64(countIf(event_type = 'page_view')) AS pageviews,
       min(concat(leftPad(toString(toUnixTimestamp64Milli(ts)), 20, '0'), hex(event_id), '\x01', ifNull(concat('v', replaceAll(replaceAll(toString(event_type), '%', '%25'), '\x01', '%01')), ''), '\x01', ifNull(concat('v', replaceAll(replaceAll(toString(path), '%', '%25'), '\x01', '%01')), ''), '\x01', ifNull(concat('v', replaceAll(replaceAll(toString(referrer), '%', '%25'), '\x01', '%01')), ''), '\x01', ifNull(concat('v', replaceAll(replaceAll(toString(utm_source), '%', '%25'), '\x01', '%01')), ''), '\x01', ifNull(concat('v', replaceAll(replaceAll(toString(utm_medium), '%', '%25'), '\x01', '%01')), ''), '\x01', ifNull(concat('v', replaceAll(replaceAll(toString(utm_campaign), '%', '%25'), '\x01', '%01')), ''), '\x01', ifNull(concat('v', replaceAll(replaceAll(toString(country), '%', '%25'), '\x01', '%01')), ''), '\x01', ifNull(concat('v', replaceAll(replaceAll(toString(region), '%', '%25'), '\x01', '%01')), ''), '\x01', ifNull(concat('v', replaceAll(replaceAll(toString(city), '%', '%25'), '\x01', '%01')), ''), '\x01', ifNull(concat('v', replaceAll(replaceAll(toString(browser), '%', '%25'), '\x01', '%01')), ''), '\x01', ifNull(concat('v', replaceAll(replaceAll(toString(os), '%', '%25'), '\x01', '%01')), ''), '\x01', ifNull(concat('v', replaceAll(replaceAll(toString(device), '%', '%25'), '\x01', '%01')), ''))) AS entry_text,
       max(concat(leftPad(toString(toUnixTimestamp64Milli(ts)), 20, '0'), hex(event_id), '\x01', ifNull(concat('v', replaceAll(replaceAll(toString(path), '%', '%25'), '\x01', '%01')), ''))) AS exit_text
FROM events_local
GROUP BY project_id, hour, session_h;

CREATE TABLE IF NOT EXISTS session_fragments ON CLUSTER tally AS session_fragments_local
ENGINE = Distributed(tally, currentDatabase(), session_fragments_local);

CREATE TABLE IF NOT EXISTS definitions_local ON CLUSTER tally (
    project_id LowCardinality(String),
    kind       LowCardinality(String),
    name       String,
    body       String,
    version    UInt64,
    deleted    UInt8
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/definitions', '{replica}', version)
ORDER BY (project_id, kind, name);

-- definitions are few: one shard holds them all (a constant sharding key)
CREATE TABLE IF NOT EXISTS definitions ON CLUSTER tally AS definitions_local
ENGINE = Distributed(tally, currentDatabase(), definitions_local, 0);

-- (project, kind, hash, id) for every id stored, written by the writer before the events (kind 1 user, 2 session).
-- Sharded by the hash, so the ids sharing one meet on one shard
CREATE TABLE IF NOT EXISTS id_hashes_local ON CLUSTER tally (
    project_id LowCardinality(String),
    kind       UInt8,
    h          UInt64,
    id         String CODEC(ZSTD(3)),
    ts         DateTime64(3, 'UTC') CODEC(Delta, ZSTD(3))
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/id_hashes', '{replica}', ts)
ORDER BY (project_id, kind, h, id)
TTL toDate(ts) + toIntervalDay(763)  -- the same retention as events_local
-- wide parts: the collision check reads a few columns of most granules
SETTINGS index_granularity = 256, min_bytes_for_wide_part = 0, min_rows_for_wide_part = 0;

CREATE TABLE IF NOT EXISTS id_hashes ON CLUSTER tally AS id_hashes_local
ENGINE = Distributed(tally, currentDatabase(), id_hashes_local, h);

-- hashes standing for more than one id: a project with any is counted by the ids as text. Few: one shard
CREATE TABLE IF NOT EXISTS hash_collisions_local ON CLUSTER tally (
    project_id LowCardinality(String),
    kind       UInt8,
    h          UInt64,
    ts         DateTime64(3, 'UTC')
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/hash_collisions', '{replica}', ts)
ORDER BY (project_id, kind, h)
-- the same retention as events_local
TTL toDate(ts) + toIntervalDay(763);

CREATE TABLE IF NOT EXISTS hash_collisions ON CLUSTER tally AS hash_collisions_local
ENGINE = Distributed(tally, currentDatabase(), hash_collisions_local, 0);

-- visitor sketches per (project, UTC hour or day, event type): Theta sketch bytes the writer builds in Java (migrations 13
-- and 17, ClickHouseVisitorSketches). Any shard will do: a read unions every row of a key, wherever it lies. A cluster made
-- before 13 gets these two tables, then its sketches once from one node (ClickHouseVisitorSketches.backfill)
CREATE TABLE IF NOT EXISTS visitor_sketches_local ON CLUSTER tally (
    project_id LowCardinality(String),
    hour       DateTime('UTC'),
    event_type LowCardinality(String),
    sketch     String CODEC(NONE),
    generation UInt32 DEFAULT 0, -- 0 for a writer's row, higher for a merged one (ClickHouseVisitorSketches.compact)
    hours      UInt8 DEFAULT 1 -- 1: the UTC hour starting at hour, 24: the UTC day
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/visitor_sketches', '{replica}')
PARTITION BY toYYYYMM(hour)
ORDER BY (project_id, hour, event_type)
-- the same retention as events_local
TTL toDate(hour) + toIntervalDay(763);

CREATE TABLE IF NOT EXISTS visitor_sketches ON CLUSTER tally AS visitor_sketches_local
ENGINE = Distributed(tally, currentDatabase(), visitor_sketches_local, rand());
