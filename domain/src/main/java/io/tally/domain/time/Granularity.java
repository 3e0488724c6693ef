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

    /** The start of the bucket after the one starting at {@code bucketStart}. */
    public Instant next(Instant bucketStart, ZoneId zone) {
        return switch (this) {
            case MINUTE -> bucketStart(bucketStart.plus(Duration.ofMinutes(1)), zone);
            case HOUR -> bucketStart(bucketStart.plus(Duration.ofHours(1)), zone);
            case DAY -> bucketStart.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
            case WEEK -> bucketStart.atZone(zone).toLocalDate().plusWeeks(1).atStartOfDay(zone).toInstant();
            case MONTH -> bucketStart.atZone(zone).toLocalDate().plusMonths(1).atStartOfDay(zone).toInstant();
        };
    }
}
