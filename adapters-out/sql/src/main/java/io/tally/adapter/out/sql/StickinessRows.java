package io.tally.adapter.out.sql;

import io.tally.domain.stickiness.StickinessCounts;

import java.util.HashMap;
import java.util.Map;

/** A stickiness statement's rows read by column name: {@code intervals} (n) and {@code users} (active in exactly n). */
public final class StickinessRows {

    public static final String INTERVALS = "intervals";
    public static final String USERS = "users";

    private final Map<Integer, Long> usersByIntervals = new HashMap<>();

    /** Adds one row: the users active in exactly n intervals. */
    public void add(ResultRow row) {
        usersByIntervals.put(Math.toIntExact(row.whole(INTERVALS)), row.whole(USERS));
    }

    public StickinessCounts counts() {
        return new StickinessCounts(usersByIntervals);
    }
}
