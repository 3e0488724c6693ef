package io.tally.domain.time;

import java.time.ZoneId;
import java.util.Set;

/**
 * The intervals a stickiness or a lifecycle counts users in: hours, days, weeks from Monday or months of a zone's
 * calendar, cut as a report's time buckets are (a minute is too fine to say anything about habits), at most
 * {@value #MAX} of them in a range (the rows of the answer).
 */
public final class ActivityIntervals {

    public static final Set<Granularity> ALLOWED = Set.of(Granularity.HOUR, Granularity.DAY, Granularity.WEEK, Granularity.MONTH);
    public static final int MAX = 10_000;

    private ActivityIntervals() {
    }

    /** How many intervals the range touches, a partial first or last one included; more than {@value #MAX} is refused. */
    public static int count(Granularity interval, TimeRange range, ZoneId zone) {
        if (!ALLOWED.contains(interval)) {
            throw new IllegalArgumentException("users are counted by hours, days, weeks or months, not " + interval);
        }
        int count = TimeBuckets.count(range, interval, zone, MAX);
        if (count > MAX) {
            throw new IllegalArgumentException("the range holds more than " + MAX + " intervals");
        }
        return count;
    }
}
