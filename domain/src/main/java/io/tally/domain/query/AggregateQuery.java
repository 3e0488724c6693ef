package io.tally.domain.query;

import io.tally.domain.time.TimeRange;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/** What an engine counts for a report: the events of one project in a range that pass every filter, grouped. */
public record AggregateQuery(String projectId, TimeRange range, ZoneId zone, List<Dimension> dimensions,
                             List<Filter> filters) {
    public AggregateQuery {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(zone, "zone");
        dimensions = List.copyOf(dimensions);
        filters = List.copyOf(filters);
    }

    public AggregateQuery withoutDimensions() {
        return new AggregateQuery(projectId, range, zone, List.of(), filters);
    }

    public AggregateQuery over(TimeRange other) {
        return new AggregateQuery(projectId, other, zone, dimensions, filters);
    }
}
