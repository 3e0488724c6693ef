-- The Tally schema on the two-shard, two-replica cluster "tally" (remote-servers.xml).
-- Each node keeps its shard in *_local tables replicated through Keeper; the Distributed tables route
-- reads to every shard and writes by a hash of user_id, so a user's events (and so their sessions, funnels and
-- retention) live on one shard. Column types and codecs are those of the single-node schema (ClickHouseSql as
-- changed by ClickHouseMigrations); a test in adapters-out/clickhouse checks they stay equal.

CREATE TABLE IF NOT EXISTS events_local ON CLUSTER tally (
    project_id  LowCardinality(String),
    event_id    String CODEC(ZSTD(3)),
    user_id     String CODEC(ZSTD(3)),
    session_id  String CODEC(ZSTD(3)),
    event_type  LowCardinality(String),
    ts          DateTime64(3, 'UTC') CODEC(Delta, ZSTD(3)),
    properties  String CODEC(ZSTD(6)),
    user_agent  LowCardinality(String),
    ip_address  String CODEC(ZSTD(3)),
    received_at DateTime64(3, 'UTC') CODEC(Delta, ZSTD(3)),
    INDEX event_id_bloom event_id TYPE bloom_filter(0.001) GRANULARITY 1  -- the re-send check by event id
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/events', '{replica}')
PARTITION BY toYYYYMM(ts)
ORDER BY (project_id, toDate(ts), event_type, user_id, event_id)
TTL toDate(ts) + toIntervalDay(763)  -- ingest.retention-days + 2; see the README's Retention section
SETTINGS min_bytes_for_wide_part = 0, min_rows_for_wide_part = 0;

CREATE TABLE IF NOT EXISTS events ON CLUSTER tally AS events_local
ENGINE = Distributed(tally, currentDatabase(), events_local, cityHash64(user_id));

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

-- fed on each shard by the inserts that land there; revenue is read exactly from the JSON text (as
-- ClickHouseExpressions.revenue does). A cluster made before single-node migration 8 read it through a double: run
-- this SELECT as ALTER TABLE rollup_hourly_mv ON CLUSTER tally MODIFY QUERY <SELECT>, then migration 8's correction.
CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_hourly_mv ON CLUSTER tally TO rollup_hourly_local AS
SELECT project_id, toStartOfHour(ts) AS hour, event_type,
       sumState(toUInt64(1)) AS events,
       sumState(ifNull(if(abs(round(toDecimal128OrNull(extract(properties, '[{,]"revenue":(-?[0-9]+([.][0-9]+)?)[,}]'), 7), 6)) < 1000000000000000,
                          toDecimal128(round(toDecimal128OrNull(extract(properties, '[{,]"revenue":(-?[0-9]+([.][0-9]+)?)[,}]'), 7), 6), 6),
                          CAST(NULL AS Nullable(Decimal128(6)))), toDecimal128(0, 6))) AS revenue,
       uniqExactState(user_id) AS users
FROM events_local
GROUP BY project_id, hour, event_type;

CREATE TABLE IF NOT EXISTS rollup_hourly ON CLUSTER tally AS rollup_hourly_local
ENGINE = Distributed(tally, currentDatabase(), rollup_hourly_local);

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
