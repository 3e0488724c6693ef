package io.tally.adapter.out.duckdb;

import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Group;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Migration 4 keeps every event and folds the rollup again, so revenue folded through a double becomes exact. */
class RevenueMigrationTest {

    @Test
    void a_rollup_folded_before_exact_revenue_is_folded_again_from_the_kept_events(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("old.duckdb");
        try (Connection old = DriverManager.getConnection("jdbc:duckdb:" + file); Statement sql = old.createStatement()) {
            Migrations.apply(old, Migrations.ALL.subList(0, 3));
            // an event as version 3 stored it, and the hour its refresh folded, revenue read through a double
            sql.execute("""
                    INSERT INTO events VALUES ('p', 'e1', 'u1', 's1', 'purchase', TIMESTAMP '2026-09-21 09:30:00',
                        '{"revenue":99999999999999.999999}', '', '', TIMESTAMP '2026-09-21 09:30:00', nextval('events_seq'))""");
            sql.execute("INSERT INTO rollup_hourly VALUES ('p', TIMESTAMP '2026-09-21 09:00:00', 'purchase', 1, 100000000000000)");
            sql.execute("UPDATE rollup_state SET watermark = 1");
        }
        try (DuckDbStores stores = DuckDbStores.open(DuckDbConfig.at(file))) {
            assertThat(stores.schemaVersion()).isEqualTo(Migrations.ALL.getLast().version());
            AggregateQuery byHour = new AggregateQuery("p", new TimeRange(Instant.parse("2026-09-21T00:00:00Z"),
                    Instant.parse("2026-09-22T00:00:00Z")), ZoneId.of("UTC"), List.of(new Dimension.Time(Granularity.HOUR)), List.of());
            Group nine = Group.of("2026-09-21T09:00:00Z");
            BigDecimal exact = new BigDecimal("99999999999999.999999");
            assertThat(stores.rollupStore().aggregate(byHour).get(nine).revenue()).isEqualTo(exact); // raw until refreshed
            assertThat(stores.rollupStore().refresh()).isEqualTo(1);
            assertThat(stores.rollupStore().aggregate(byHour).get(nine).revenue()).isEqualTo(exact);
            assertThat(stores.analyticsEngine().aggregate(byHour).get(nine).events()).isEqualTo(1);
        }
    }
}
