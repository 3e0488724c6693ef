package io.tally.domain.query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Counts a query grouped by goal ({@link Dimension.Goal}). By definition ({@link #perGoal}) it is one query per goal:
 * that goal's events (its goal filter added to the query's filters), grouped by the other dimensions, each row put
 * under the goal's name; the totals over the events of any of the goals, each event once. A goal no selected event
 * completes has no row. When the query reads neither session facts nor a session's values ({@link #inOnePass}), each
 * row is a sum or distinct count over the goal's events alone, so an engine grouping every event once per goal it
 * completes gives the same rows in one pass ({@link #count}); the totals are then one more query over any goal.
 */
public final class GoalBreakdown {

    private GoalBreakdown() {
    }

    /**
     * The query's rows from {@code count}: grouped by goal by {@code count} itself when that takes one pass (so
     * {@code count} must group by goal then), else once per goal; once more for the totals.
     */
    public static Map<Group, Aggregates> count(AggregateQuery query, Function<AggregateQuery, Map<Group, Aggregates>> count) {
        int position = position(query.dimensions());
        if (position < 0) {
            return count.apply(query);
        }
        if (!inOnePass(query)) {
            return perGoal(query, count);
        }
        Dimension.Goal goal = (Dimension.Goal) query.dimensions().get(position);
        Map<Group, Aggregates> rows = new HashMap<>(count.apply(query.withoutTotals()));
        if (query.totals()) {
            rows.put(Group.NONE, totals(query, goal, count));
        }
        return rows;
    }

    /**
     * Whether the rows by goal take one pass: no session facts (a session counts in the row of its first event of the
     * goal) and no session's values (its entry page is that of its first event of the goal).
     */
    public static boolean inOnePass(AggregateQuery query) {
        return !query.counts(Aggregates.Part.SESSIONS) && query.dimensions().stream().allMatch(
                dimension -> dimension.ofOneEvent() || dimension instanceof Dimension.Goal);
    }

    /** The definition: {@code count} called once per goal (and once more for the totals), never grouping by goal. */
    public static Map<Group, Aggregates> perGoal(AggregateQuery query, Function<AggregateQuery, Map<Group, Aggregates>> count) {
        int position = position(query.dimensions());
        if (position < 0) {
            return count.apply(query);
        }
        Dimension.Goal goal = (Dimension.Goal) query.dimensions().get(position);
        List<Dimension> others = new ArrayList<>(query.dimensions());
        others.remove(position);
        Map<Group, Aggregates> rows = new HashMap<>();
        for (int i = 0; i < goal.names().size(); i++) {
            String name = goal.names().get(i);
            count.apply(narrowed(query, others, goal.goal(i))).forEach((group, facts) -> {
                if (facts.events() > 0) { // ungrouped, an engine answers zeros for a goal nobody completed
                    rows.put(withGoal(group, position, name), facts);
                }
            });
        }
        if (query.totals()) {
            rows.put(Group.NONE, totals(query, goal, count));
        }
        return rows;
    }

    /** The facts of the events of any goal, each once. */
    private static Aggregates totals(AggregateQuery query, Dimension.Goal goal, Function<AggregateQuery, Map<Group, Aggregates>> count) {
        return count.apply(narrowed(query, List.of(), goal.anyGoal())).getOrDefault(Group.NONE, Aggregates.ZERO);
    }

    /** Whether the query groups by goal. */
    public static boolean groupsByGoal(List<Dimension> dimensions) {
        return position(dimensions) >= 0;
    }

    /** The goal dimension among {@code dimensions}, if any. */
    public static Optional<Dimension.Goal> goal(List<Dimension> dimensions) {
        int position = position(dimensions);
        return position < 0 ? Optional.empty() : Optional.of((Dimension.Goal) dimensions.get(position));
    }

    private static int position(List<Dimension> dimensions) {
        for (int i = 0; i < dimensions.size(); i++) {
            if (dimensions.get(i) instanceof Dimension.Goal) {
                return i;
            }
        }
        return -1;
    }

    private static AggregateQuery narrowed(AggregateQuery query, List<Dimension> dimensions, Filter goal) {
        List<Filter> filters = new ArrayList<>(query.filters());
        filters.add(goal);
        return new AggregateQuery(query.projectId(), query.range(), query.zone(), dimensions, filters, query.parts(), false,
                query.engagement());
    }

    private static Group withGoal(Group group, int position, String name) {
        List<String> values = new ArrayList<>(group.values());
        values.add(position, name);
        return new Group(values);
    }
}
