package io.tally.domain.query;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Estimates a report's visitors and converted visitors from the sketches kept per UTC hour (and day) and event type:
 * each row's sketches are unioned per group (an hour lies wholly in one time bucket when the zone's offset is a whole
 * number of hours, which {@link SourcePlanner#whyNotSketch} asks), converted visitors from the {@code conversion}
 * type's. Every store hands its rows here, so all estimate the same way.
 */
public final class SketchedVisitors {

    private SketchedVisitors() {
    }

    /**
     * The estimated visitors and converted visitors per group (and under {@link Group#NONE} when the query asks for
     * totals) of the sketches whose hour or day lies in the range and whose type passes the filters; every other field
     * is zero. A day's row stands in for its hours' rows of the same type where the day lies wholly in the range and
     * (for a group) in one time bucket: the union, and so the estimate, is the same, from 24 times fewer sketches.
     */
    public static Map<Group, Aggregates> count(AggregateQuery query, Iterable<KeptSketch> rows) {
        return count(query, rows, VisitorSketch.LG_K);
    }

    /** As {@link #count(AggregateQuery, Iterable)}, with sketches of {@code 2^lgK}. */
    public static Map<Group, Aggregates> count(AggregateQuery query, Iterable<KeptSketch> rows, int lgK) {
        Map<Group, Union> groups = new HashMap<>();
        boolean besides = query.totalsBesideGroups();
        Set<TypedDay> daysInGroups = new HashSet<>();
        Set<TypedDay> daysInTotals = new HashSet<>();
        List<KeptSketch> hours = new ArrayList<>();
        for (KeptSketch row : rows) {
            if (query.engaged(row.eventType()) || !passes(query.filters(), row.eventType())) {
                continue; // an engagement event makes no visitor, and the sketches are kept per event type
            }
            if (row.span() == SketchSpan.HOUR) {
                if (query.range().contains(row.start())) {
                    hours.add(row);
                }
                continue;
            }
            if (!query.range().contains(row.start()) || row.end().isAfter(query.range().to())) {
                continue;
            }
            TypedDay day = new TypedDay(row.start(), row.eventType());
            if (inOneBucket(query, row.start(), row.end())) {
                groups.computeIfAbsent(group(query, row), g -> new Union(lgK)).add(row);
                daysInGroups.add(day);
            }
            if (besides) {
                groups.computeIfAbsent(Group.NONE, g -> new Union(lgK)).add(row);
                daysInTotals.add(day);
            }
        }
        for (KeptSketch row : hours) {
            TypedDay day = new TypedDay(SketchSpan.DAY.start(row.start()), row.eventType());
            if (!daysInGroups.contains(day)) {
                groups.computeIfAbsent(group(query, row), g -> new Union(lgK)).add(row);
            }
            if (besides && !daysInTotals.contains(day)) {
                groups.computeIfAbsent(Group.NONE, g -> new Union(lgK)).add(row);
            }
        }
        Map<Group, Aggregates> counted = new HashMap<>();
        groups.forEach((group, union) -> counted.put(group, union.aggregates()));
        return counted;
    }

    /** A UTC day of one event type, whose day row was read in place of its hours' rows. */
    private record TypedDay(Instant day, String eventType) {
    }

    /**
     * The UTC days (counted from the epoch) whose day rows {@link #count} reads in place of every one of their hours'
     * rows: whole in the range, in one bucket of each time dimension, and from {@code horizon} on (a store keeps a day's
     * row wherever it keeps any of its hours', and the retention's horizon is a UTC midnight; a day it cut would have
     * lost its row). A store may leave the hours' rows of these days unread: the answer is the same. At most
     * {@link #MAX_DAYS_READ_WHOLE} days from the first are named (a store reads the hours of any later ones), so the
     * list a store sends stays small whatever the range.
     */
    public static Set<Long> daysReadWhole(AggregateQuery query, Instant horizon) {
        Instant from = query.range().from().isAfter(horizon) ? query.range().from() : horizon;
        Instant day = SketchSpan.DAY.start(from);
        if (day.isBefore(from)) {
            day = SketchSpan.DAY.end(day);
        }
        Set<Long> days = new TreeSet<>();
        for (int examined = 0; examined < MAX_DAYS_READ_WHOLE && !SketchSpan.DAY.end(day).isAfter(query.range().to());
                examined++, day = SketchSpan.DAY.end(day)) {
            if (inOneBucket(query, day, SketchSpan.DAY.end(day))) {
                days.add(day.getEpochSecond() / SECONDS_A_DAY);
            }
        }
        return days;
    }

    /** The days {@link #daysReadWhole} looks at, from the first whole one: more than a year and its comparison's day. */
    public static final int MAX_DAYS_READ_WHOLE = 400;

    /**
     * Whether {@link #count} may read the day row of any day whole in the range, and not only those of
     * {@link #daysReadWhole}: when it counts totals beside its groups, which take every whole day. Otherwise a store
     * need not read the other days' rows.
     */
    public static boolean readsEveryWholeDay(AggregateQuery query) {
        return query.totalsBesideGroups();
    }

    private static final long SECONDS_A_DAY = 86_400;

    /** Whether the first and last hour of [start, end) fall in the same bucket of every time dimension. */
    private static boolean inOneBucket(AggregateQuery query, Instant start, Instant end) {
        Instant lastHour = end.minus(1, ChronoUnit.HOURS);
        for (Dimension dimension : query.dimensions()) {
            if (dimension instanceof Dimension.Time time
                    && !time.granularity().bucketStart(start, query.zone()).equals(time.granularity().bucketStart(lastHour, query.zone()))) {
                return false;
            }
        }
        return true;
    }

    private static Group group(AggregateQuery query, KeptSketch row) {
        List<String> values = new ArrayList<>();
        for (Dimension dimension : query.dimensions()) {
            values.add(switch (dimension) {
                case Dimension.Time time -> time.granularity().bucketStart(row.start(), query.zone()).toString();
                case Dimension.EventType type -> row.eventType();
                case Dimension.Property property ->
                        throw new IllegalArgumentException("sketches are kept by hour and event type, not " + property.label());
                case Dimension.EntryPage entry ->
                        throw new IllegalArgumentException("sketches are kept by hour and event type, not " + entry.label());
                case Dimension.ExitPage exit ->
                        throw new IllegalArgumentException("sketches are kept by hour and event type, not " + exit.label());
                case Dimension.VisitOrigin origin ->
                        throw new IllegalArgumentException("sketches are kept by hour and event type, not " + origin.label());
                case Dimension.Goal goal ->
                        throw new IllegalArgumentException("sketches are kept by hour and event type, not " + goal.label());
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

    /**
     * The union of one group's sketches, all types and the conversions' apart (made only for a group that has any). A
     * group that reads one sketch (a day's by day and type) is estimated from it alone: same number, no union to build.
     */
    private static final class Union {
        private final int lgK;
        private final OneOrMany visitors;
        private OneOrMany converted;

        Union(int lgK) {
            this.lgK = lgK;
            visitors = new OneOrMany(lgK);
        }

        void add(KeptSketch row) {
            visitors.add(row.sketch());
            if (row.eventType().equals(Metric.CONVERSION_EVENT)) {
                if (converted == null) {
                    converted = new OneOrMany(lgK);
                }
                converted.add(row.sketch());
            }
        }

        Aggregates aggregates() {
            return Aggregates.ZERO.withVisitorFacts(visitors.estimate(), converted == null ? 0 : converted.estimate());
        }
    }

    /** The first sketch as it is; a union only once a second arrives. */
    private static final class OneOrMany {
        private final int lgK;
        private byte[] one;
        private VisitorSketch many;

        OneOrMany(int lgK) {
            this.lgK = lgK;
        }

        void add(byte[] sketch) {
            if (many != null) {
                many.merge(sketch);
            } else if (one == null) {
                one = sketch;
            } else {
                many = new VisitorSketch(lgK).merge(one).merge(sketch);
                one = null;
            }
        }

        long estimate() {
            return many != null ? many.estimate() : VisitorSketch.estimateOf(one);
        }
    }
}
