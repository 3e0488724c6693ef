package io.tally.domain.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * How long events are kept, in whole UTC days: the one rule behind ingest, every table of both stores and every
 * query. At any moment the kept events are those at or after the {@link #horizon(Instant) horizon}: ingest refuses
 * older ones, no query counts them, and the stores delete them (DuckDB at once, ClickHouse by TTL a day later).
 * Cutting at a UTC midnight keeps the hourly rollup and the raw events on the same side of the line.
 *
 * @param days how many whole UTC days before today are kept (today is always kept)
 */
public record Retention(int days) {

    /** 761 days: 25 months and a little, so a month compares with the same month two years before. */
    public static final Retention DEFAULT = new Retention(761);

    /** The longest retention: a century (what is kept starts in 1970 at the earliest; see {@link #horizon}). */
    public static final int MAX_DAYS = 36_500;

    /** Everything a store can hold: for tools and tests that do not apply a retention. */
    public static final Retention ALL = new Retention(MAX_DAYS);

    public Retention {
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("retention must be 1 to " + MAX_DAYS + " days, not " + days);
        }
    }

    /**
     * The first instant kept at {@code now}: midnight UTC, {@link #days} days before today (UTC), and never before
     * 1970: ClickHouse's dates start there (its sort key and TTL cut events by {@code toDate(ts)}), so an event of 1969
     * could be stored by one store and lost by the other.
     */
    public Instant horizon(Instant now) {
        Instant horizon = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant();
        return horizon.isBefore(Instant.EPOCH) ? Instant.EPOCH : horizon;
    }

    /** Whether an event at {@code timestamp} is still kept at {@code now}. */
    public boolean keeps(Instant timestamp, Instant now) {
        return !timestamp.isBefore(horizon(now));
    }
}
