package io.tally.domain.stickiness;

import java.util.Map;

/** What an engine counts for a stickiness: the users active in exactly n intervals, for each n that has any. */
public record StickinessCounts(Map<Integer, Long> usersByIntervals) {

    public StickinessCounts {
        usersByIntervals = Map.copyOf(usersByIntervals);
    }
}
