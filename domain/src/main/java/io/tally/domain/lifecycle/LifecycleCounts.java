package io.tally.domain.lifecycle;

import java.time.Instant;
import java.util.Map;

/** What an engine counts for a lifecycle: the stages of every interval of the range, by the interval's start. */
public record LifecycleCounts(Map<Instant, Stages> byInterval) {

    public LifecycleCounts {
        byInterval = Map.copyOf(byInterval);
    }

    /**
     * @param newUsers     active for the first time
     * @param returning    active in this interval and the one before
     * @param resurrecting active in this interval, not in the one before, but in an earlier one
     * @param dormant      active in the interval before, not in this one
     */
    public record Stages(long newUsers, long returning, long resurrecting, long dormant) {

        public static final Stages NONE = new Stages(0, 0, 0, 0);

        /** The users active in the interval. */
        public long active() {
            return newUsers + returning + resurrecting;
        }
    }
}
