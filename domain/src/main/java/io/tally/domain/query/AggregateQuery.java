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
 */
public record AggregateQuery(String projectId, TimeRange range, ZoneId zone, List<Dimension> dimensions,
                             List<Filter> filters, Set<Aggregates.Part> parts) {
    public AggregateQuery {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(zone, "zone");
        dimensions = List.copyOf(dimensions);
        filters = List.copyOf(filters);
        parts = Set.copyOf(parts);
    }

    /** Every fact counted. */
    public AggregateQuery(String projectId, TimeRange range, ZoneId zone, List<Dimension> dimensions, List<Filter> filters) {
        this(projectId, range, zone, dimensions, filters, EnumSet.allOf(Aggregates.Part.class));
    }

    public boolean counts(Aggregates.Part part) {
        return parts.contains(part);
    }

    public AggregateQuery withoutDimensions() {
        return new AggregateQuery(projectId, range, zone, List.of(), filters, parts);
    }

    public AggregateQuery over(TimeRange other) {
        return new AggregateQuery(projectId, other, zone, dimensions, filters, parts);
    }
}
