package io.tally.domain.stickiness;

import io.tally.domain.query.CacheKey;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.ProjectQuery;
import io.tally.domain.time.ActivityIntervals;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;

import java.time.ZoneId;
import java.util.Objects;

/**
 * Stickiness: how many users did the event in exactly 1, 2, … N of the range's intervals ({@link ActivityIntervals}:
 * hours, days, weeks from Monday or months of {@code zone}'s calendar). N counts every
 * interval the range touches, a partial first or last one included. Only events inside the range count; a user with
 * none is in no row.
 */
public record StickinessQuery(String projectId, EventCriteria event, Granularity interval, TimeRange range, ZoneId zone)
        implements ProjectQuery {

    public StickinessQuery {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(zone, "zone");
        ActivityIntervals.count(interval, range, zone);
    }

    /** N: the intervals the range touches. */
    public int intervals() {
        return ActivityIntervals.count(interval, range, zone);
    }

    @Override
    public String cacheKey() {
        return CacheKey.of("stickiness", projectId, event, interval, range, zone);
    }
}
