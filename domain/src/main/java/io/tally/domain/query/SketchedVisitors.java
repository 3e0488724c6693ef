package io.tally.domain.query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Estimates a report's visitors and converted visitors from the sketches kept per UTC hour and event type: each
 * row's sketches are unioned per group (an hour lies wholly in one time bucket when the zone's offset is a whole
 * number of hours, which {@link SourcePlanner#whyNotSketch} asks), converted visitors from the {@code conversion}
 * type's. Every store hands its rows here, so all estimate the same way.
 */
public final class SketchedVisitors {

    private SketchedVisitors() {
    }

    /**
     * The estimated visitors and converted visitors per group (and under {@link Group#NONE} when the query asks for
     * totals) of the sketches whose hour lies in the range and whose type passes the filters; every other field is zero.
     */
    public static Map<Group, Aggregates> count(AggregateQuery query, Iterable<HourSketch> rows) {
        return count(query, rows, VisitorSketch.LG_K);
    }

    /** As {@link #count(AggregateQuery, Iterable)}, with sketches of {@code 2^lgK}. */
    public static Map<Group, Aggregates> count(AggregateQuery query, Iterable<HourSketch> rows, int lgK) {
        Map<Group, Union> groups = new HashMap<>();
        boolean besides = query.totalsBesideGroups();
        for (HourSketch row : rows) {
            if (!query.range().contains(row.hour()) || !passes(query.filters(), row.eventType())) {
                continue;
            }
            groups.computeIfAbsent(group(query, row), g -> new Union(lgK)).add(row);
            if (besides) {
                groups.computeIfAbsent(Group.NONE, g -> new Union(lgK)).add(row);
            }
        }
        Map<Group, Aggregates> counted = new HashMap<>();
        groups.forEach((group, union) -> counted.put(group, union.aggregates()));
        return counted;
    }

    private static Group group(AggregateQuery query, HourSketch row) {
        List<String> values = new ArrayList<>();
        for (Dimension dimension : query.dimensions()) {
            values.add(switch (dimension) {
                case Dimension.Time time -> time.granularity().bucketStart(row.hour(), query.zone()).toString();
                case Dimension.EventType type -> row.eventType();
                case Dimension.Property property ->
                        throw new IllegalArgumentException("sketches are kept by hour and event type, not " + property.label());
                case Dimension.ExitPage exit ->
                        throw new IllegalArgumentException("sketches are kept by hour and event type, not " + exit.label());
            });
        }
        return new Group(values);
    }

    private static boolean passes(List<Filter> filters, String eventType) {
        for (Filter filter : filters) {
            if (!(filter instanceof Filter.Match match && match.dimension() instanceof Dimension.EventType)) {
                throw new IllegalArgumentException("sketches can only be filtered by event_type");
            }
            boolean listed = match.values().contains(eventType);
            boolean kept = switch (match.op()) {
                case IS -> listed;
                case IS_NOT -> !listed;
                default -> throw new IllegalArgumentException("sketches can only be filtered by event_type is / is_not");
            };
            if (!kept) {
                return false;
            }
        }
        return true;
    }

    /** The union of one group's sketches, all types and the conversions' apart (made only for a group that has any). */
    private static final class Union {
        private final int lgK;
        private final VisitorSketch visitors;
        private VisitorSketch converted;

        Union(int lgK) {
            this.lgK = lgK;
            visitors = new VisitorSketch(lgK);
        }

        void add(HourSketch row) {
            visitors.merge(row.sketch());
            if (row.eventType().equals(Metric.CONVERSION_EVENT)) {
                if (converted == null) {
                    converted = new VisitorSketch(lgK);
                }
                converted.merge(row.sketch());
            }
        }

        Aggregates aggregates() {
            return Aggregates.ZERO.withVisitorFacts(visitors.estimate(), converted == null ? 0 : converted.estimate());
        }
    }
}
