package io.tally.adapter.out.sql;

import io.tally.domain.funnel.FunnelCounts;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.query.Group;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A funnel statement's rows read by column name: {@code p} (with a trend only: the interval's start in epoch
 * milliseconds), {@code b} (the breakdown value, NULL without one or where the user's first step has none), {@code users1…usersN} (the users reaching at least each step) and
 * {@code median2…medianN} and {@code total2…totalN} (the median and the sum of the milliseconds from the previous
 * step, NULL where no user reached the step). The
 * statements differ by store (each plays to its engine's strengths), their columns do not.
 */
public final class FunnelRows {

    public static final String BREAKDOWN = "b";
    public static final String INTERVAL = "p";

    private FunnelRows() {
    }

    /** The users reaching at least {@code step} (from 1). */
    public static String users(int step) {
        return "users" + step;
    }

    /** The median milliseconds from step {@code step - 1} to {@code step} (from 2). */
    public static String median(int step) {
        return "median" + step;
    }

    /** The sum of the milliseconds from step {@code step - 1} to {@code step} (from 2), for the mean. */
    public static String total(int step) {
        return "total" + step;
    }

    /** Adds one row, a group's steps (trend interval, breakdown value; {@link Group#NONE} without either), to the answer. */
    public static void add(FunnelQuery query, ResultRow row, Map<Group, List<FunnelCounts.StepCount>> answer) {
        List<FunnelCounts.StepCount> steps = new ArrayList<>();
        steps.add(FunnelCounts.StepCount.first(row.whole(users(1))));
        for (int k = 2; k <= query.steps().size(); k++) {
            String median = row.text(median(k));
            String total = row.text(total(k));
            steps.add(new FunnelCounts.StepCount(row.whole(users(k)), median == null ? null : Double.parseDouble(median),
                    total == null ? null : Long.valueOf(total)));
        }
        List<String> group = new ArrayList<>();
        query.trend().ifPresent(t -> group.add(Instant.ofEpochMilli(row.whole(INTERVAL)).toString()));
        query.breakdown().ifPresent(d -> group.add(row.text(BREAKDOWN)));
        answer.put(new Group(group), steps);
    }
}
