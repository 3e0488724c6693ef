package io.tally.domain.path;

import java.util.List;
import java.util.Map;

/**
 * What an engine counts for paths: {@code steps.get(k - 1)} maps each node value at position k (null for a missing
 * property, stored under the key {@link #NONE}) to the number of anchor occurrences having it; {@code anchors}
 * is the number of anchor occurrences.
 */
public record PathCounts(long anchors, List<Map<String, Long>> steps) {
    /** The key standing for a missing node value. */
    public static final String NONE = "\u0000none";

    public PathCounts {
        steps = steps.stream().map(Map::copyOf).toList();
    }
}
