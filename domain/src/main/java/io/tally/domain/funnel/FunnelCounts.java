package io.tally.domain.funnel;

import io.tally.domain.query.Group;

import java.util.List;
import java.util.Map;

/**
 * What an engine counts for a funnel, per breakdown value ({@link Group#NONE} without a breakdown): for each
 * step, the users whose furthest step is at least this one, and the median of their times from the previous
 * step in milliseconds (null for step 1). A median of an even count is the mean of the two middle values.
 */
public record FunnelCounts(Map<Group, List<StepCount>> byGroup) {

    public FunnelCounts {
        byGroup = Map.copyOf(byGroup);
    }

    public record StepCount(long users, Double medianMillisFromPrevious) {
    }
}
