package io.tally.domain.lifecycle;

import io.tally.domain.query.CacheKey;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.ProjectQuery;
import io.tally.domain.time.ActivityIntervals;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeBuckets;
import io.tally.domain.time.TimeRange;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * Lifecycle: in each interval the range touches ({@link ActivityIntervals}: hours, days, weeks from Monday or months
 * of {@code zone}'s calendar), the users doing the event for the first time (new), again after doing it in
 * the interval before (returning), again after a gap (resurrecting), and those who did it in the interval before but
 * not in this one (dormant). A user is active in an interval with a matching event anywhere in it: the range picks
 * the intervals, which count whole (a partial first or last one too). "First time" looks at every earlier event the
 * retention keeps; the interval before the range's first is read for the first interval's returning and dormant users.
 */
public record LifecycleQuery(String projectId, EventCriteria event, Granularity interval, TimeRange range, ZoneId zone)
        implements ProjectQuery {

    public LifecycleQuery {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(zone, "zone");
        ActivityIntervals.count(interval, range, zone);
    }

    /** The starts of the intervals the range touches, oldest first. */
    public List<Instant> intervals() {
        return TimeBuckets.covering(range, interval, zone);
    }

    /** The start of the interval before the range's first. */
    public Instant before() {
        return interval.bucketStart(interval.bucketStart(range.from(), zone).minusMillis(1), zone);
    }

    /** The end of the range's last interval (the one holding the range's last instant): no event from then on is read. */
    public Instant end() {
        return interval.next(interval.bucketStart(range.to().minusNanos(1), zone), zone);
    }

    @Override
    public String cacheKey() {
        return CacheKey.of("lifecycle", projectId, event, interval, range, zone);
    }
}
