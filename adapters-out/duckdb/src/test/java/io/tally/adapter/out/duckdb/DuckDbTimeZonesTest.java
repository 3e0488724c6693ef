package io.tally.adapter.out.duckdb;

import io.tally.adapter.out.memory.ZoneSamples;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeZones;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** DuckDB cuts every granularity's buckets as java.time does, in every zone a query may name. */
class DuckDbTimeZonesTest {

    @Test
    void every_accepted_zone_cuts_buckets_where_java_does() throws SQLException {
        List<ZoneId> zones = ZoneSamples.zones();
        try (DuckDBConnection duck = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = duck.createStatement()) {
            statement.execute("CREATE TABLE samples (z INTEGER, zone VARCHAR, ms BIGINT)");
            try (DuckDBAppender appender = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "samples")) {
                for (int z = 0; z < zones.size(); z++) {
                    for (long ms : ZoneSamples.instants(zones.get(z))) {
                        appender.beginRow().append(z).append(TimeZones.storeName(zones.get(z))).append(ms).endRow();
                    }
                }
            }
            List<String> differing = new ArrayList<>();
            int[] compared = {0};
            // the engine's own bucket SQL, with the zone taken from each row instead of the :zone parameter; the SQL
            // differs only for zones whose summer time ends at midnight, so one statement for those, one for the rest
            for (boolean twice : new boolean[]{false, true}) {
                List<Integer> some = IntStream.range(0, zones.size())
                        .filter(z -> DuckDbSql.midnightHappensTwice(zones.get(z)) == twice).boxed().toList();
                ZoneId like = zones.get(some.getFirst());
                String buckets = Arrays.stream(Granularity.values())
                        .map(g -> DuckDbSql.bucketStartMillis("make_timestamp(ms * 1000)", g, like).replace(":zone", "zone"))
                        .collect(Collectors.joining(", "));
                String in = some.stream().map(String::valueOf).collect(Collectors.joining(", "));
                differing.addAll(differences(statement, "SELECT z, ms, " + buckets + " FROM samples WHERE z IN (" + in + ")", zones,
                        compared));
            }
            assertThat(differing).as("zones whose buckets DuckDB cuts elsewhere").isEmpty();
            assertThat(compared[0]).isEqualTo(zones.stream().mapToInt(zone -> ZoneSamples.instants(zone).length).sum());
        }
    }

    @Test
    void only_zones_whose_summer_time_ends_at_midnight_pay_for_the_first_of_two_midnights() {
        assertThat(DuckDbSql.midnightHappensTwice(ZoneId.of("America/Havana"))).isTrue();   // 01:00 back to 00:00
        assertThat(DuckDbSql.midnightHappensTwice(ZoneId.of("Atlantic/Azores"))).isTrue();
        assertThat(DuckDbSql.midnightHappensTwice(ZoneId.of("Europe/Berlin"))).isFalse();   // 03:00 back to 02:00
        assertThat(DuckDbSql.midnightHappensTwice(ZoneId.of("America/Santiago"))).isFalse(); // 00:00 back to 23:00
        assertThat(DuckDbSql.bucketStartMillis("ts", Granularity.DAY, ZoneId.of("Europe/Berlin"))).doesNotContain("CASE");
    }

    /** The first instant per zone and granularity whose bucket differs from java.time's. */
    private static List<String> differences(Statement statement, String sql, List<ZoneId> zones, int[] compared)
            throws SQLException {
        List<String> differing = new ArrayList<>();
        boolean[] reported = new boolean[zones.size() * Granularity.values().length];
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                compared[0]++;
                ZoneId zone = zones.get(rows.getInt(1));
                long ms = rows.getLong(2);
                for (Granularity granularity : Granularity.values()) {
                    long expected = ZoneSamples.bucketStart(ms, granularity, zone);
                    long actual = rows.getLong(3 + granularity.ordinal());
                    int key = rows.getInt(1) * Granularity.values().length + granularity.ordinal();
                    if (actual != expected && !reported[key]) {
                        reported[key] = true;
                        differing.add(zone + " " + granularity + " at " + Instant.ofEpochMilli(ms) + ": "
                                + Instant.ofEpochMilli(actual) + ", java.time " + Instant.ofEpochMilli(expected));
                    }
                }
            }
        }
        return differing;
    }
}
