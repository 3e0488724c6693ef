package io.tally.adapter.out.clickhouse;

import io.tally.adapter.out.memory.ZoneSamples;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeZones;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** ClickHouse cuts every granularity's buckets as java.time does, in every zone a query may name. */
class ClickHouseTimeZonesTest {

    private static final int ZONES_A_STATEMENT = 80; // a zone must be a constant: one SELECT each, within max_query_size

    @Test
    void every_accepted_zone_cuts_buckets_where_java_does() {
        List<ZoneId> zones = ZoneSamples.zones();
        List<String> differing = new ArrayList<>();
        for (int first = 0; first < zones.size(); first += ZONES_A_STATEMENT) {
            List<ZoneId> some = zones.subList(first, Math.min(zones.size(), first + ZONES_A_STATEMENT));
            Map<String, String> parameters = new HashMap<>();
            List<String> selects = new ArrayList<>();
            for (int z = 0; z < some.size(); z++) {
                String zone = "{zone" + z + ":String}";
                String ts = "{ts" + z + ":Array(Int64)}";
                selects.add("SELECT " + z + ", " + Arrays.stream(Granularity.values())
                        .map(g -> "arrayMap(t -> " + ClickHouseSql.bucket("fromUnixTimestamp64Milli(t, 'UTC')", g)
                                .replace("{zone:String}", zone) + ", " + ts + ")")
                        .collect(Collectors.joining(", ")));
                parameters.put("zone" + z, TimeZones.storeName(some.get(z)));
                parameters.put("ts" + z, Arrays.toString(ZoneSamples.instants(some.get(z))).replace(" ", ""));
            }
            String answer = ChdbLibrary.shared().query(String.join("\nUNION ALL\n", selects), "TSV", parameters).strip();
            assertThat(answer.split("\n")).hasSize(some.size());
            for (String row : answer.split("\n")) {
                String[] columns = row.split("\t");
                differing.addAll(differences(some.get(Integer.parseInt(columns[0])), columns));
            }
        }
        assertThat(differing).as("zones whose buckets ClickHouse cuts elsewhere").isEmpty();
    }

    /** The first instant per granularity whose bucket differs from java.time's, if any. */
    private static List<String> differences(ZoneId zone, String[] columns) {
        List<String> differing = new ArrayList<>();
        long[] instants = ZoneSamples.instants(zone);
        for (Granularity granularity : Granularity.values()) {
            String[] starts = columns[1 + granularity.ordinal()].replaceAll("[\\[\\]]", "").split(",");
            for (int i = 0; i < instants.length; i++) {
                long expected = ZoneSamples.bucketStart(instants[i], granularity, zone);
                if (Long.parseLong(starts[i]) != expected) {
                    differing.add(zone + " " + granularity + " at " + Instant.ofEpochMilli(instants[i]) + ": "
                            + Instant.ofEpochMilli(Long.parseLong(starts[i])) + ", java.time " + Instant.ofEpochMilli(expected));
                    break;
                }
            }
        }
        return differing;
    }
}
