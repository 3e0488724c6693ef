package io.tally.domain.time;

import io.tally.domain.label.Labelled;
import io.tally.domain.label.Labels;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;

/**
 * The width of a time bucket. Minute and hour buckets are exact durations aligned to the zone's local clock
 * (so a repeated hour at the end of summer time is two buckets); day, week and month buckets follow the
 * calendar of the zone, so a day across a DST change lasts 23 or 25 hours. Weeks start on Monday.
 */
public enum Granularity implements Labelled {
    MINUTE, HOUR, DAY, WEEK, MONTH;

    public static Optional<Granularity> fromLabel(String label) {
        return Labels.find(Granularity.class, label);
    }

    /** The start of the bucket holding {@code instant}, in {@code zone}. */
    public Instant bucketStart(Instant instant, ZoneId zone) {
        ZonedDateTime local = instant.atZone(zone);
        return switch (this) {
            case MINUTE -> local.truncatedTo(ChronoUnit.MINUTES).toInstant();
            case HOUR -> local.truncatedTo(ChronoUnit.HOURS).toInstant();
            case DAY -> local.toLocalDate().atStartOfDay(zone).toInstant();
            case WEEK -> local.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                    .atStartOfDay(zone).toInstant();
            case MONTH -> local.toLocalDate().withDayOfMonth(1).atStartOfDay(zone).toInstant();
        };
    }

    /**
     * The first bucket start after {@code bucketStart}, a {@code step} on and further if needed: where a zone turns its
     * clock back by less than the step (Lord Howe's half hour), the local hour a step on is truncated back to the same
     * start, so the step is taken again in halves until the start moves.
     */
    private Instant after(Instant bucketStart, Duration step, ZoneId zone) {
        Instant at = bucketStart.plus(step);
        Instant next = bucketStart(at, zone);
        while (!next.isAfter(bucketStart)) {
            at = at.plus(step.dividedBy(2));
            next = bucketStart(at, zone);
        }
        return next;
    }

    /** The start of the bucket after the one starting at {@code bucketStart}. */
    public Instant next(Instant bucketStart, ZoneId zone) {
        return switch (this) {
            case MINUTE -> after(bucketStart, Duration.ofMinutes(1), zone);
            case HOUR -> after(bucketStart, Duration.ofHours(1), zone);
            case DAY -> bucketStart.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
            case WEEK -> bucketStart.atZone(zone).toLocalDate().plusWeeks(1).atStartOfDay(zone).toInstant();
            case MONTH -> bucketStart.atZone(zone).toLocalDate().plusMonths(1).atStartOfDay(zone).toInstant();
        };
    }
}
