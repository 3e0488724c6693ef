package io.tally.domain.path;

import io.tally.domain.query.CacheKey;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.ProjectQuery;
import io.tally.domain.time.TimeRange;

import java.time.ZoneId;
import java.util.Objects;

/**
 * Paths from (or to) an anchor event: for every event in the range matching {@code anchor}, the events of the
 * same session in the range, ordered by time then event id, one to {@code steps} positions after (or before) it.
 * Each position is described by {@code node} (the event type by default, or for example {@code prop:path}).
 */
public record PathsQuery(String projectId, EventCriteria anchor, PathDirection direction, int steps, int top,
                         Dimension node, TimeRange range, ZoneId zone) implements ProjectQuery {

    public static final int MAX_STEPS = 5;
    public static final int MAX_TOP = 100;

    public PathsQuery {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(zone, "zone");
        if (steps < 1 || steps > MAX_STEPS || top < 1 || top > MAX_TOP) {
            throw new IllegalArgumentException("steps must be 1 to 5 and top 1 to 100");
        }
        if (node instanceof Dimension.Time || !node.ofOneEvent()) {
            throw new IllegalArgumentException("a path node is an event dimension, not time");
        }
    }

    @Override
    public String cacheKey() {
        return CacheKey.of("paths", projectId, anchor, direction, steps, top, node, range, zone);
    }
}
