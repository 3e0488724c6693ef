package io.tally.domain.query;

import io.tally.domain.time.TimeRange;

import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What an engine counts for a report: the events of one project in a range that pass every filter, grouped.
 * {@code parts} are the costly parts of {@link Aggregates} to count; an engine may leave the others at zero.
 * With {@code totals}, the answer also holds the facts of all selected events under {@link Group#NONE}, counted in
 * the same pass as the groups (an engine computes both in one statement, so a report scans its events once).
 * {@code engagement} names the event types that count as events but in no visitor or session fact (docs/analytics.md
 * "Engagement events"): selected, they count in {@code events} and {@code revenue}, yet make no visitor, no session,
 * and neither lengthen a session nor keep it from bouncing.
 */
public record AggregateQuery(String projectId, TimeRange range, ZoneId zone, List<Dimension> dimensions,
                             List<Filter> filters, Set<Aggregates.Part> parts, boolean totals, Set<String> engagement) {
    public AggregateQuery {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(zone, "zone");
        dimensions = List.copyOf(dimensions);
        filters = List.copyOf(filters);
        parts = Set.copyOf(parts);
        engagement = Set.copyOf(engagement);
    }

    /** No engagement events. */
    public AggregateQuery(String projectId, TimeRange range, ZoneId zone, List<Dimension> dimensions,
                          List<Filter> filters, Set<Aggregates.Part> parts, boolean totals) {
        this(projectId, range, zone, dimensions, filters, parts, totals, Set.of());
    }

    /** The groups alone. */
    public AggregateQuery(String projectId, TimeRange range, ZoneId zone, List<Dimension> dimensions,
                          List<Filter> filters, Set<Aggregates.Part> parts) {
        this(projectId, range, zone, dimensions, filters, parts, false);
    }

    /** Every fact counted, the groups alone. */
    public AggregateQuery(String projectId, TimeRange range, ZoneId zone, List<Dimension> dimensions, List<Filter> filters) {
        this(projectId, range, zone, dimensions, filters, EnumSet.allOf(Aggregates.Part.class));
    }

    public boolean counts(Aggregates.Part part) {
        return parts.contains(part);
    }

    /** Totals alone: one group, {@link Group#NONE}. */
    public AggregateQuery withoutDimensions() {
        return new AggregateQuery(projectId, range, zone, List.of(), filters, parts, false, engagement);
    }

    /** The same groups, with the totals beside them under {@link Group#NONE}. */
    public AggregateQuery withTotals() {
        return new AggregateQuery(projectId, range, zone, dimensions, filters, parts, true, engagement);
    }

    /** The same groups without the totals. */
    public AggregateQuery withoutTotals() {
        return new AggregateQuery(projectId, range, zone, dimensions, filters, parts, false, engagement);
    }

    /**
     * Whether the answer holds the totals as a row of its own beside the groups: asked for, and grouped (ungrouped,
     * the one group already is the totals).
     */
    public boolean totalsBesideGroups() {
        return totals && !dimensions.isEmpty();
    }

    /** The same query without one costly part: another source counts it. */
    public AggregateQuery without(Aggregates.Part part) {
        return without(Set.of(part));
    }

    /** The same query without some costly parts: another source counts them. */
    public AggregateQuery without(Set<Aggregates.Part> others) {
        Set<Aggregates.Part> rest = EnumSet.noneOf(Aggregates.Part.class);
        rest.addAll(parts);
        rest.removeAll(others);
        return new AggregateQuery(projectId, range, zone, dimensions, filters, rest, totals, engagement);
    }

    public AggregateQuery over(TimeRange other) {
        return new AggregateQuery(projectId, other, zone, dimensions, filters, parts, totals, engagement);
    }

    /** The same query with {@code types} as its engagement events. */
    public AggregateQuery withEngagement(Set<String> types) {
        return new AggregateQuery(projectId, range, zone, dimensions, filters, parts, totals, types);
    }

    /** Whether an event of this type is an engagement event, in no visitor or session fact. */
    public boolean engaged(String eventType) {
        return engagement.contains(eventType);
    }
}
