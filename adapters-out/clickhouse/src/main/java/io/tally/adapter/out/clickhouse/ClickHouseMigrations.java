package io.tally.adapter.out.clickhouse;

import java.util.List;

/**
 * The ClickHouse schema as numbered migrations, applied in order at start and recorded in {@code schema_migrations}.
 * A released migration is never edited; a change is a new one.
 */
final class ClickHouseMigrations {

    record Migration(int version, String description, List<String> statements) {
    }

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
                    GROUP BY project_id, hour, event_type""".formatted(ClickHouseExpressions.revenue()), """
                    INSERT INTO rollup_hourly
                    SELECT project_id, toStartOfHour(ts) AS hour, event_type,
                           sumState(toUInt64(1)), sumState(ifNull(%s, toDecimal128(0, 6))), uniqExactState(user_id)
                    FROM events FINAL
                    GROUP BY project_id, hour, event_type""".formatted(ClickHouseExpressions.revenue()))));

    private ClickHouseMigrations() {
    }

    /** Applies the migrations not yet applied; returns the schema version in force. */
    static int apply(EmbeddedClickHouse clickhouse) {
        clickhouse.query("""
                CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, description String, applied_at DateTime('UTC'))
                ENGINE = MergeTree ORDER BY version""", "TSV");
        String answer = clickhouse.query("SELECT max(version) FROM schema_migrations", "TSV").strip();
        int current = answer.isEmpty() ? 0 : Integer.parseInt(answer);
        for (Migration migration : ALL) {
            if (migration.version() <= current) {
                continue;
            }
            for (String statement : migration.statements()) {
                clickhouse.query(statement, "TSV");
            }
            clickhouse.query("INSERT INTO schema_migrations SELECT {version:UInt32}, {description:String}, now()", "TSV",
                    java.util.Map.of("version", Integer.toString(migration.version()), "description", migration.description()));
            current = migration.version();
        }
        return current;
    }
}
