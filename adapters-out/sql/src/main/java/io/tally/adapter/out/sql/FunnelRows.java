package io.tally.adapter.out.sql;

import io.tally.domain.funnel.FunnelCounts;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.query.Group;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A funnel statement's rows read by column name: {@code p} (with a trend only: the interval's start in epoch
 * milliseconds), {@code b} (the breakdown value, NULL without one or where the attempt's attributed event has none;
 * with several dimensions their values in one text, {@link #breakdownKey}), {@code users1…usersN} (the users reaching
 * at least each step) and
 * {@code median2…medianN} and {@code total2…totalN} (the median and the sum of the milliseconds from the previous
 * step, NULL where no user reached the step), and with a breakdown {@value #WHOLE} (1 on the rows over every value). The
 * statements differ by store (each plays to its engine's strengths), their columns do not.
 */
public final class FunnelRows {

    public static final String BREAKDOWN = "b";
    public static final String INTERVAL = "p";
    /** With a breakdown: 1 on a row over every value (the grouping set without {@code b}), 0 on a value's row. */
    public static final String WHOLE = "whole";

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

    /**
     * The SQL of one breakdown key for the values of the breakdown's dimensions: the value itself for one dimension
     * ({@code none} without a breakdown); for several, each value as {@code -} (NULL) or {@code x} and the hex digits
     * of its UTF-8 bytes, comma-separated, and NULL when every value is (the text {@code -,-…}): a text that stands for
     * exactly one list of values and is spelled alike by both engines ({@code ||}, {@code hex}, {@code coalesce},
     * {@code nullif}), each value read once, so attempts carry one column whatever the breakdown.
     */
    public static String breakdownKey(List<String> values, String none) {
        if (values.size() <= 1) {
            return values.isEmpty() ? none : values.getFirst();
        }
        List<String> parts = new ArrayList<>();
        for (String value : values) {
            parts.add("coalesce('x' || hex(" + value + "), '-')");
        }
        return "nullif(" + String.join(" || ',' || ", parts) + ", '" + String.join(",", Collections.nCopies(values.size(), "-"))
                + "')";
    }

    /** The values of a row's breakdown key ({@link #breakdownKey}) over {@code dimensions} dimensions. */
    static List<String> breakdownValues(String key, int dimensions) {
        if (dimensions == 1) {
            return Collections.singletonList(key);
        }
        List<String> values = new ArrayList<>(Collections.nCopies(dimensions, (String) null));
        if (key != null) {
            String[] parts = key.split(",", -1);
            for (int i = 0; i < dimensions; i++) {
                values.set(i, parts[i].equals("-") ? null : new String(HexFormat.of().parseHex(parts[i].substring(1)), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    /**
     * What follows a funnel statement's {@code GROUP BY} over its counted attempts: by interval (with a trend) and
     * breakdown key, and with a breakdown by interval alone too (or nothing), so the counts over every value come in the
     * same pass; then no row without attempts (the empty grouping set answers a row even over none).
     */
    public static String groupBy(FunnelQuery query) {
        String interval = query.trend().isPresent() ? INTERVAL : "";
        String byValue = query.trend().isPresent() ? INTERVAL + ", " + BREAKDOWN : BREAKDOWN;
        return (query.brokenDown() ? "GROUPING SETS ((" + byValue + "), (" + interval + "))" : byValue) + " HAVING count(*) > 0";
    }

    /** The {@value #WHOLE} column with a leading comma, with a breakdown (nothing without one). */
    public static String wholeColumn(FunnelQuery query) {
        return query.brokenDown() ? ", grouping(" + BREAKDOWN + ") AS " + WHOLE : "";
    }

    /**
     * Adds one row, a group's steps (trend interval, breakdown value; {@link Group#NONE} without either), to the answer,
     * or a row over every value ({@value #WHOLE}) to {@code overall}.
     */
    public static void add(FunnelQuery query, ResultRow row, Map<Group, List<FunnelCounts.StepCount>> answer,
                           Map<Group, List<FunnelCounts.StepCount>> overall) {
        if (query.brokenDown() && row.whole(WHOLE) == 1) {
            add(query.withoutBreakdown(), row, overall);
        } else {
            add(query, row, answer);
        }
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
        if (query.brokenDown()) {
            group.addAll(breakdownValues(row.text(BREAKDOWN), query.breakdown().size()));
        }
        answer.put(new Group(group), steps);
    }
}
