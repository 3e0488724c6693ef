package io.tally.adapter.out.clickhouse;

import io.tally.adapter.out.memory.RetentionContract;
import io.tally.domain.time.Retention;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention contract on the embedded ClickHouse engine: queries start at the horizon, the TTLs of the events and
 * of the rollup follow the retention (applied here at once, as ClickHouse's merges would), and follow a change of it.
 */
class EmbeddedClickHouseRetentionTest extends RetentionContract {

    @Override
    protected Opened open(Retention retention, Clock clock) {
        EmbeddedClickHouse engine = ChdbLibrary.shared();
        ChdbLibrary.dropSchema(engine);
        ClickHouseStores stores = ClickHouseStores.over(engine, retention, clock);
        return new Opened(stores.eventStore(), stores.analyticsEngine(), Optional.of(stores.rollupStore()),
                stores.eventArchive(), stores.eventExpiry(), () -> materializeTtl(engine));
    }

    @Override
    protected Duration slack() {
        return Duration.ofDays(1);
    }

    private static void materializeTtl(ClickHouseTransport clickhouse) {
        for (String table : new String[]{"events", "rollup_hourly", "session_fragments", "visitor_sketches"}) {
            clickhouse.query("ALTER TABLE " + table + " MATERIALIZE TTL SETTINGS mutations_sync = 1", "TSV");
        }
    }

    private static String ttlOf(ClickHouseTransport clickhouse, String table) {
        String engine = clickhouse.query("SELECT engine_full FROM system.tables WHERE database = currentDatabase() "
                + "AND name = {table:String}", "TSVRaw", Map.of("table", table));
        return engine.substring(engine.indexOf("TTL ") + 4, engine.indexOf(" SETTINGS") > 0 ? engine.indexOf(" SETTINGS") : engine.length()).strip();
    }

    @Test
    void the_tables_ttls_follow_the_configured_retention_and_a_change_of_it() {
        EmbeddedClickHouse engine = ChdbLibrary.shared();
        ChdbLibrary.dropSchema(engine);
        // the first schema (migration 1) deleted events after a fixed 25 months and kept rollup rows for ever
        ClickHouseStores.over(engine, new Retention(761), Clock.systemUTC());
        assertThat(ttlOf(engine, "events")).isEqualTo("toDate(ts) + toIntervalDay(763)");
        assertThat(ttlOf(engine, "rollup_hourly")).isEqualTo("toDate(hour) + toIntervalDay(763)");
        assertThat(ttlOf(engine, "session_fragments")).isEqualTo("toDate(hour) + toIntervalDay(763)");
        assertThat(ttlOf(engine, "visitor_sketches")).isEqualTo("toDate(hour) + toIntervalDay(763)");

        ClickHouseStores.over(engine, new Retention(1000), Clock.systemUTC()); // the next start, with a longer retention
        assertThat(ttlOf(engine, "events")).isEqualTo("toDate(ts) + toIntervalDay(1002)");
        assertThat(ttlOf(engine, "rollup_hourly")).isEqualTo("toDate(hour) + toIntervalDay(1002)");
        assertThat(ttlOf(engine, "session_fragments")).isEqualTo("toDate(hour) + toIntervalDay(1002)");
        assertThat(ttlOf(engine, "visitor_sketches")).isEqualTo("toDate(hour) + toIntervalDay(1002)");
        assertThat(ClickHouseRetention.apply(engine, new Retention(1000))).as("nothing to change the next time").isEmpty();
    }
}
