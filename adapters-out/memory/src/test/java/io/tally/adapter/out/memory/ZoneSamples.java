package io.tally.adapter.out.memory;

import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeZones;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Instants at which a store's time-zone rules could part from java.time's, for every zone {@link TimeZones} accepts:
 * either side of each transition and of the local midnights around it, and every two weeks, from 2020 to 2036 (older
 * data is far outside the default retention of 25 months). A store test cuts every granularity's bucket at
 * each of them with its own SQL and compares with {@link Granularity#bucketStart}.
 */
public final class ZoneSamples {

    public static final Instant FROM = Instant.parse("2020-01-01T00:00:00Z");
    public static final Instant TO = Instant.parse("2036-01-01T00:00:00Z");

    private ZoneSamples() {
    }

    /** Every region on the list, and every whole-hour offset. */
    public static List<ZoneId> zones() {
        List<ZoneId> zones = new ArrayList<>();
        TimeZones.regions().forEach(name -> zones.add(ZoneId.of(name)));
        for (int hours = -12; hours <= 14; hours++) {
            if (hours != 0) {
                zones.add(ZoneOffset.ofHours(hours));
            }
        }
        return zones;
    }

    /** Epoch milliseconds to check in {@code zone}, in order. */
    public static long[] instants(ZoneId zone) {
        TreeSet<Long> millis = new TreeSet<>();
        for (Instant at = FROM; at.isBefore(TO); at = at.plus(Duration.ofDays(14))) {
            millis.add(at.plus(Duration.ofHours(12)).toEpochMilli());
        }
        ZoneRules rules = zone.getRules();
        for (ZoneOffsetTransition t = rules.nextTransition(FROM); t != null && t.getInstant().isBefore(TO);
             t = rules.nextTransition(t.getInstant())) {
            long at = t.getInstant().toEpochMilli();
            for (long delta : new long[]{-3_600_000, -1, 0, 1_800_000, 3_600_000}) {
                millis.add(at + delta);
            }
            for (int days = -1; days <= 1; days++) { // the local midnights around the change, either side
                long midnight = t.getInstant().atZone(zone).toLocalDate().plusDays(days).atStartOfDay(zone).toInstant().toEpochMilli();
                millis.add(midnight - 1);
                millis.add(midnight);
            }
        }
        return millis.stream().mapToLong(Long::longValue).toArray();
    }

    /** Where java.time starts the bucket holding {@code millis}. */
    public static long bucketStart(long millis, Granularity granularity, ZoneId zone) {
        return granularity.bucketStart(Instant.ofEpochMilli(millis), zone).toEpochMilli();
    }
}
