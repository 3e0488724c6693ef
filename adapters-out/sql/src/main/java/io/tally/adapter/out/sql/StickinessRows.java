package io.tally.adapter.out.sql;

import java.util.Map;

/** A stickiness statement's rows read by column name: {@code intervals} (n) and {@code users} (active in exactly n). */
public final class StickinessRows {

    public static final String INTERVALS = "intervals";
    public static final String USERS = "users";

    private StickinessRows() {
    }

    /** Adds one row's count to the answer. */
    public static void add(ResultRow row, Map<Integer, Long> usersByIntervals) {
        usersByIntervals.put(Math.toIntExact(row.whole(INTERVALS)), row.whole(USERS));
    }
}
