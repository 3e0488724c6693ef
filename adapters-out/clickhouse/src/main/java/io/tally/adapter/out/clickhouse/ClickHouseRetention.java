package io.tally.adapter.out.clickhouse;

import io.tally.domain.time.Retention;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps the tables' TTLs on the configured retention, at every start: {@code ALTER TABLE … MODIFY TTL} when the
 * retention changed (ClickHouse then rewrites the parts in the background). The TTL deletes a day after the
 * {@link Retention#horizon horizon} passes a row: queries stop counting it at the horizon itself, so a clock that
 * differs a little between Tally and the server never lets the events and the rollup disagree.
 */
final class ClickHouseRetention {

    private static final System.Logger LOG = System.getLogger(ClickHouseRetention.class.getName());

    /** A table holding events or rows derived from them, and the expression of the time each row belongs to. */
    record ExpiringTable(String name, String time) {
    }

    static final List<ExpiringTable> TABLES = List.of(
            new ExpiringTable("events", "ts"),
            new ExpiringTable("rollup_hourly", "hour"),
            new ExpiringTable("session_fragments", "hour"),
            new ExpiringTable("visitor_sketches", "hour"),
            new ExpiringTable("event_ids", "ts"),
            new ExpiringTable("id_hashes", "ts"),
            new ExpiringTable("hash_collisions", "ts"));

    private ClickHouseRetention() {
    }

    /** The TTL expression for a table under a retention: a row's UTC day, plus the kept days, plus a day of slack. */
    static String ttl(ExpiringTable table, Retention retention) {
        return "toDate(" + table.time() + ") + toIntervalDay(" + (retention.days() + 2) + ")";
    }

    /** Sets every table's TTL to the retention where it differs; returns the tables it changed. */
    static List<String> apply(ClickHouseTransport clickhouse, Retention retention) {
        List<String> changed = new ArrayList<>();
        for (ExpiringTable table : TABLES) {
            String engine = clickhouse.query("SELECT engine_full FROM system.tables WHERE database = currentDatabase() "
                    + "AND name = {table:String}", "TSVRaw", Map.of("table", table.name())).strip();
            String wanted = ttl(table, retention);
            if (engine.startsWith("Distributed")) {
                // a cluster's schema is the operator's (ops/clickhouse/cluster/schema.sql): say what to run
                LOG.log(System.Logger.Level.WARNING, "{0} is Distributed: set its retention on every shard with "
                        + "ALTER TABLE {0}_local ON CLUSTER tally MODIFY TTL {1}", table.name(), wanted);
            } else if (!engine.contains("TTL " + wanted)) {
                clickhouse.query("ALTER TABLE " + table.name() + " MODIFY TTL " + wanted, "TSV"); // names and numbers of ours
                changed.add(table.name());
            }
        }
        return changed;
    }
}
