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
 * With a {@link TimeToConvert} asked, the histogram of all users' times (whatever the breakdown). With a breakdown,
 * {@code overall} holds the same counts without it, per trend interval or under {@link Group#NONE} (each user's counted
 * attempt does not depend on the breakdown, so an engine counts both from the same attempts in one pass); empty
 * without a breakdown.
 */
public record FunnelCounts(Map<Group, List<StepCount>> byGroup, Map<Group, List<StepCount>> overall,
                           Optional<ConversionTimes> timeToConvert) {

    public FunnelCounts {
        byGroup = Map.copyOf(byGroup);
        overall = Map.copyOf(overall);
        Objects.requireNonNull(timeToConvert, "timeToConvert");
    }

    /** Counts without the counts over every breakdown value. */
    public FunnelCounts(Map<Group, List<StepCount>> byGroup, Optional<ConversionTimes> timeToConvert) {
        this(byGroup, Map.of(), timeToConvert);
    }

    /** Counts without a histogram, nor the counts over every breakdown value. */
    public FunnelCounts(Map<Group, List<StepCount>> byGroup) {
        this(byGroup, Optional.empty());
    }

    /** The counts over every breakdown value, as counts of their own. */
    public FunnelCounts overallCounts() {
        return new FunnelCounts(overall, timeToConvert);
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
