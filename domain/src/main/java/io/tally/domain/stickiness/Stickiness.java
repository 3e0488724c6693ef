package io.tally.domain.stickiness;

import java.util.ArrayList;
import java.util.List;

/**
 * The answer to a stickiness: one row for every n from 1 to the range's intervals, and the users active at all.
 *
 * @param users the users active in at least one interval
 */
public record Stickiness(StickinessQuery query, long users, List<Row> rows) {

    /**
     * @param intervals    n
     * @param users        users active in exactly n intervals
     * @param usersAtLeast users active in n intervals or more (the cumulative view)
     * @param percent      {@code users} as a percentage of all active users; null when there are none
     */
    public record Row(int intervals, long users, long usersAtLeast, Double percent) {
    }

    public Stickiness {
        rows = List.copyOf(rows);
    }

    public static Stickiness assemble(StickinessQuery query, StickinessCounts counts) {
        int n = query.intervals();
        long[] exactly = new long[n + 1];
        counts.usersByIntervals().forEach((intervals, users) -> {
            if (intervals < 1 || intervals > n) {
                throw new IllegalStateException("a user active in " + intervals + " of " + n + " intervals");
            }
            exactly[intervals] = users;
        });
        long total = 0;
        for (int k = 1; k <= n; k++) {
            total += exactly[k];
        }
        List<Row> rows = new ArrayList<>();
        long atLeast = total;
        for (int k = 1; k <= n; k++) {
            rows.add(new Row(k, exactly[k], atLeast, total == 0 ? null : exactly[k] * 100.0 / total));
            atLeast -= exactly[k];
        }
        return new Stickiness(query, total, rows);
    }
}
