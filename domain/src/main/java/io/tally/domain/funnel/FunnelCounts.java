package io.tally.domain.funnel;

import io.tally.domain.query.Group;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an engine counts for a funnel, per group: the trend interval's start (ISO-8601 UTC) when the query has a trend,
 * then the breakdown's value when it has one ({@link Group#NONE} with neither). For each
 * step, the users whose furthest step is at least this one, and the median and the sum of their times from the
 * previous step in milliseconds (null for step 1). A median of an even count is the mean of the two middle values.
 * With a {@link TimeToConvert} asked, the histogram of all users' times (whatever the breakdown).
 */
public record FunnelCounts(Map<Group, List<StepCount>> byGroup, Optional<ConversionTimes> timeToConvert) {

    public FunnelCounts {
        byGroup = Map.copyOf(byGroup);
        Objects.requireNonNull(timeToConvert, "timeToConvert");
    }

    /** Counts without a histogram. */
    public FunnelCounts(Map<Group, List<StepCount>> byGroup) {
        this(byGroup, Optional.empty());
    }

    /** The sum, not the mean, so that every engine's mean is the same division of the same whole number. */
    public record StepCount(long users, Double medianMillisFromPrevious, Long totalMillisFromPrevious) {

        public static StepCount first(long users) {
            return new StepCount(users, null, null);
        }

        /** The mean time from the previous step in milliseconds; null for step 1 or without users. */
        public Double meanMillisFromPrevious() {
            return totalMillisFromPrevious == null || users == 0 ? null : (double) totalMillisFromPrevious / users;
        }
    }
}
