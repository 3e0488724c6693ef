package io.tally.adapter.out.duckdb;

import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
        return bucketStartMillis(ts, granularity, zone, Optional.empty());
    }

    /**
     * The same for events of {@code range}: where the zone keeps one offset from the start of the bucket holding
     * the range's start to its end (UTC always, most ranges), the bucket is {@code date_trunc} of {@code ts} shifted
     * by that offset, with no per-row conversion through ICU; otherwise the zone-aware expression above.
     */
    static String bucketStartMillis(String ts, Granularity granularity, ZoneId zone, Optional<TimeRange> range) {
        Optional<Integer> offset = range.flatMap(r -> constantOffsetSeconds(zone, r, bucketReach(granularity)));
        if (offset.isPresent()) {
            String part = granularity.name().toLowerCase(Locale.ROOT);
            int seconds = offset.get();
            return seconds == 0 ? "epoch_ms(date_trunc('" + part + "', " + ts + "))"
                    : "(epoch_ms(date_trunc('" + part + "', " + shifted(ts, seconds) + ")) - " + seconds * 1000L + ")";
        }
        boolean twice = MIDNIGHT_TWICE.computeIfAbsent(zone, DuckDbSql::midnightHappensTwice);

        return switch (granularity) {
            case MINUTE -> subtractLocalRemainder(ts, 60_000L);
            case HOUR -> subtractLocalRemainder(ts, 3_600_000L);
            case DAY -> localMidnight(ts, "day", twice);
            case WEEK -> localMidnight(ts, "week", twice);
            case MONTH -> localMidnight(ts, "month", twice);
        };
    }

    /**
     * The local date of {@code ts} in the zone bound as {@code :zone}; for events of {@code range} in a zone of one
     * offset over it, plain arithmetic on {@code ts}.
     */
    static String localDate(String ts, ZoneId zone, TimeRange range) {
        return constantOffsetSeconds(zone, range, Duration.ZERO)
                .map(seconds -> "CAST(" + (seconds == 0 ? ts : shifted(ts, seconds)) + " AS DATE)")
                .orElse("CAST(" + local(ts) + " AS DATE)");
    }

    private static String shifted(String ts, int seconds) {
        return "(" + ts + " + INTERVAL (" + seconds + ") SECOND)";
    }

    /** How long before an event its bucket may start (a month's bucket starts at most 31 local days earlier). */
    private static Duration bucketReach(Granularity granularity) {
        return switch (granularity) {
            case MINUTE, HOUR, DAY -> Duration.ofDays(2);
            case WEEK -> Duration.ofDays(8);
            case MONTH -> Duration.ofDays(33);
        };
    }

    /** The zone's offset in seconds if it holds from {@code reach} before the range's start to its end. */
    static Optional<Integer> constantOffsetSeconds(ZoneId zone, TimeRange range, Duration reach) {
        ZoneRules rules = zone.getRules();
        Instant from = range.from().minus(reach);
        if (rules.isFixedOffset()) {
            return Optional.of(rules.getOffset(from).getTotalSeconds());
        }
        ZoneOffsetTransition next = rules.nextTransition(from);
        if (next != null && next.getInstant().isBefore(range.to())) {
            return Optional.empty();
        }
        return Optional.of(rules.getOffset(from).getTotalSeconds());
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
