package io.tally.adapter.out.duckdb;

import io.tally.domain.time.Granularity;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every SQL text the DuckDB engine runs. Identifiers are fixed here; user values reach DuckDB only as
 * named parameters ({@code :zone}, {@code :from_us}, …); no {@code ::} casts, which the DB client would take for a parameter.
 */
final class DuckDbSql {

    private DuckDbSql() {
    }

    /** The local wall-clock time of {@code ts} (a UTC TIMESTAMP) in the zone bound as {@code :zone}. */
    private static String local(String ts) {
        return "timezone(:zone, timezone('UTC', " + ts + "))";
    }

    /**
     * The bucket start of {@code ts} as epoch milliseconds. Minute and hour buckets subtract the local
     * remainder, so the two repeated hours of a DST fall-back stay apart (as in the reference engine); day,
     * week and month buckets truncate the local date and map its midnight back to an instant.
     */
    static String bucketStartMillis(String ts, Granularity granularity, ZoneId zone) {
        boolean twice = MIDNIGHT_TWICE.computeIfAbsent(zone, DuckDbSql::midnightHappensTwice);

        return switch (granularity) {
            case MINUTE -> subtractLocalRemainder(ts, 60_000L);
            case HOUR -> subtractLocalRemainder(ts, 3_600_000L);
            case DAY -> localMidnight(ts, "day", twice);
            case WEEK -> localMidnight(ts, "week", twice);
            case MONTH -> localMidnight(ts, "month", twice);
        };
    }

    private static final Map<ZoneId, Boolean> MIDNIGHT_TWICE = new ConcurrentHashMap<>();

    /** Whether summer time ends at midnight in the zone (from 1970 to 2100), repeating the hour after a midnight. */
    static boolean midnightHappensTwice(ZoneId zone) {
        ZoneRules rules = zone.getRules();
        Instant end = Instant.parse("2100-01-01T00:00:00Z");
        for (ZoneOffsetTransition t = rules.nextTransition(Instant.EPOCH); t != null && t.getInstant().isBefore(end);
             t = rules.nextTransition(t.getInstant())) {
            if (t.isOverlap() && !t.getDateTimeAfter().toLocalDate().equals(t.getDateTimeBefore().minusNanos(1).toLocalDate())
                    || t.isOverlap() && t.getDateTimeAfter().toLocalTime().equals(LocalTime.MIDNIGHT)) {
                return true;
            }
        }
        return false;
    }

    private static String subtractLocalRemainder(String ts, long unitMillis) {
        return "(epoch_ms(" + ts + ") - (((epoch_ms(" + local(ts) + ") % " + unitMillis + ") + " + unitMillis
                + ") % " + unitMillis + "))";
    }

    /**
     * A midnight that happens twice (summer time ending at midnight, as in Havana, Gaza or the Azores) is the first
     * of the two, as in java.time; DuckDB alone maps it to the second. Only those zones pay for the check (it made
     * day buckets about 60% dearer); DuckDbTimeZonesTest holds every zone to java.time.
     */
    private static String localMidnight(String ts, String part, boolean twice) {
        String midnight = "date_trunc('" + part + "', " + local(ts) + ")";
        String start = "timezone(:zone, " + midnight + ")";
        if (!twice) {
            return "epoch_ms(" + start + ")";
        }
        String hourEarlier = "(" + start + " - INTERVAL 1 HOUR)";
        return "epoch_ms(CASE WHEN timezone(:zone, " + hourEarlier + ") = " + midnight + " THEN " + hourEarlier
                + " ELSE " + start + " END)";
    }

}
