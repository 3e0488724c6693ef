package io.tally.domain.query;

import io.tally.domain.time.TimeRange;

import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A custom report: metrics by dimensions over the events passing the filters, in a range and a time zone.
 * {@code accuracy} {@link Accuracy#APPROXIMATE} lets its visitor counts be estimated where {@link SourcePlanner} allows.
 */
public record ReportQuery(String projectId, List<MetricRef> metrics, List<Dimension> dimensions, List<Filter> filters,
                          TimeRange range, ZoneId zone, Optional<Compare> compare, List<OrderBy> orderBy, int limit,
                          Accuracy accuracy) implements ProjectQuery {

    public static final int MAX_LIMIT = 10_000;

    public ReportQuery {
        Objects.requireNonNull(projectId, "projectId");
        metrics = List.copyOf(metrics);
        dimensions = List.copyOf(dimensions);
        filters = List.copyOf(filters);
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(compare, "compare");
        orderBy = List.copyOf(orderBy);
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("a report needs a metric");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit out of range");
        }
        Objects.requireNonNull(accuracy, "accuracy");
    }

    /** An exact report. */
    public ReportQuery(String projectId, List<MetricRef> metrics, List<Dimension> dimensions, List<Filter> filters,
                       TimeRange range, ZoneId zone, Optional<Compare> compare, List<OrderBy> orderBy, int limit) {
        this(projectId, metrics, dimensions, filters, range, zone, compare, orderBy, limit, Accuracy.EXACT);
    }

    /** The same report with visitor counts as exact as {@code wanted}. */
    public ReportQuery withAccuracy(Accuracy wanted) {
        return new ReportQuery(projectId, metrics, dimensions, filters, range, zone, compare, orderBy, limit, wanted);
    }

    /** What the engine counts for this report: only the costly parts that its metrics read. */
    public AggregateQuery aggregation() {
        Set<Aggregates.Part> parts = EnumSet.noneOf(Aggregates.Part.class);
        metrics.forEach(metric -> parts.addAll(metric.parts()));
        return new AggregateQuery(projectId, range, zone, dimensions, filters, parts);
    }

    /** The time dimension's position, or -1. */
    public int timeIndex() {
        for (int i = 0; i < dimensions.size(); i++) {
            if (dimensions.get(i) instanceof Dimension.Time) {
                return i;
            }
        }
        return -1;
    }

    /** An exact report keeps the key it had before accuracy could be asked; an approximate one has a part more. */
    @Override
    public String cacheKey() {
        if (accuracy == Accuracy.APPROXIMATE) {
            return CacheKey.of("report", projectId, metrics, dimensions, filters, range, zone, compare, orderBy, limit, accuracy);
        }
        return CacheKey.of("report", projectId, metrics, dimensions, filters, range, zone, compare, orderBy, limit);
    }
}
