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

    /** The longest retention: a century (ClickHouse's timestamps start in 1900). */
    public static final int MAX_DAYS = 36_500;

    /** Everything a store can hold: for tools and tests that do not apply a retention. */
    public static final Retention ALL = new Retention(MAX_DAYS);

    public Retention {
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("retention must be 1 to " + MAX_DAYS + " days, not " + days);
        }
    }

    /** The first instant kept at {@code now}: midnight UTC, {@link #days} days before today (UTC). */
    public Instant horizon(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Whether an event at {@code timestamp} is still kept at {@code now}. */
    public boolean keeps(Instant timestamp, Instant now) {
        return !timestamp.isBefore(horizon(now));
    }
}
