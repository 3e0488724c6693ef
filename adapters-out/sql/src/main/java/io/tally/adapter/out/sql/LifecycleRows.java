package io.tally.adapter.out.sql;

import io.tally.domain.lifecycle.LifecycleCounts;
import io.tally.domain.lifecycle.LifecycleQuery;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A lifecycle statement's rows read by column name: {@code interval_start} (epoch milliseconds), {@code active_users},
 * {@code first_time_users} and {@code stayed_users} (also active in the interval before), then turned into stages:
 * new are the first-time users, returning those who stayed, resurrecting the rest of the active, and dormant those
 * active in the interval before who did not stay.
 */
public final class LifecycleRows {

    public static final String INTERVAL = "interval_start";
    public static final String ACTIVE = "active_users";
    public static final String FIRSTS = "first_time_users";
    public static final String STAYED = "stayed_users";

    private record Counts(long active, long firsts, long stayed) {
    }

    private final Map<Instant, Counts> byStart = new HashMap<>();

    /** Adds one row: an interval's counts. */
    public void add(ResultRow row) {
        byStart.put(Instant.ofEpochMilli(row.whole(INTERVAL)), new Counts(row.whole(ACTIVE), row.whole(FIRSTS), row.whole(STAYED)));
    }

    /** The stages of every interval of the query's range. */
    public LifecycleCounts counts(LifecycleQuery query) {
        Counts none = new Counts(0, 0, 0);
        Map<Instant, LifecycleCounts.Stages> stages = new HashMap<>();
        long activeBefore = byStart.getOrDefault(query.before(), none).active();
        for (Instant start : query.intervals()) {
            Counts counts = byStart.getOrDefault(start, none);
            long resurrecting = counts.active() - counts.firsts() - counts.stayed();
            long dormant = activeBefore - counts.stayed();
            if (resurrecting < 0 || dormant < 0) {
                throw new IllegalStateException("the counts of the interval at " + start + " leave a stage below zero: " + counts);
            }
            stages.put(start, new LifecycleCounts.Stages(counts.firsts(), counts.stayed(), resurrecting, dormant));
            activeBefore = counts.active();
        }
        return new LifecycleCounts(stages);
    }
}
