package io.tally.domain.query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Counts a query grouped by goal ({@link Dimension.Goal}) as one query per goal: that goal's events (its goal filter
 * added to the query's filters), grouped by the other dimensions, each row put under the goal's name; the totals over
 * the events of any of the goals, each event once. Every engine counts goal filters alike, so every engine answers a
 * breakdown by goal alike without a statement of its own. A goal no selected event completes has no row.
 */
public final class GoalBreakdown {

    private GoalBreakdown() {
    }

    /** The query's rows from {@code count}, which is called once per goal (and once more for the totals). */
    public static Map<Group, Aggregates> count(AggregateQuery query, Function<AggregateQuery, Map<Group, Aggregates>> count) {
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
            Map<Group, Aggregates> all = count.apply(narrowed(query, List.of(), goal.anyGoal()));
            rows.put(Group.NONE, all.getOrDefault(Group.NONE, Aggregates.ZERO));
        }
        return rows;
    }

    /** Whether the query groups by goal. */
    public static boolean groupsByGoal(List<Dimension> dimensions) {
        return position(dimensions) >= 0;
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
