package io.tally.domain.goal;

import io.tally.domain.query.CacheKey;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Filter;
import io.tally.domain.query.Metric;
import io.tally.domain.query.MetricRef;
import io.tally.domain.query.ProjectQuery;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.time.TimeRange;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Goal conversions, as Plausible's goal panel: for each goal the visitors who reached it (its unique conversions), its
 * events (total conversions), its revenue and its conversion rate over every visitor of the range, among the events
 * passing {@code filters}. The rate's denominator is not narrowed by the goal: it is the range's visitors.
 */
public record ConversionsQuery(String projectId, List<Goal> goals, List<Filter> filters, TimeRange range, ZoneId zone)
        implements ProjectQuery {

    public static final int MAX_GOALS = 50;

    public ConversionsQuery {
        Objects.requireNonNull(projectId, "projectId");
        goals = List.copyOf(goals);
        filters = List.copyOf(filters);
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(zone, "zone");
        if (goals.size() > MAX_GOALS) {
            throw new IllegalArgumentException("at most " + MAX_GOALS + " goals");
        }
    }

    /** Every visitor of the range with an event passing the filters: the rates' denominator. */
    public ReportQuery visitors() {
        return report(List.of(Metric.VISITORS), filters);
    }

    /** Each goal's visitors, events and revenue, by goal (one report: a row per goal reached); none without goals. */
    public Optional<ReportQuery> byGoal() {
        if (goals.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(report(List.of(Metric.VISITORS, Metric.EVENTS, Metric.REVENUE), List.of(Goal.dimension(goals)), filters));
    }

    private ReportQuery report(List<Metric> metrics, List<Filter> with) {
        return report(metrics, List.of(), with);
    }

    private ReportQuery report(List<Metric> metrics, List<Dimension> dimensions, List<Filter> with) {
        return new ReportQuery(projectId, metrics.stream().<MetricRef>map(MetricRef.Builtin::new).toList(), dimensions, with,
                range, zone, Optional.empty(), List.of(), MAX_GOALS);
    }

    @Override
    public String cacheKey() {
        return CacheKey.of("conversions", projectId, goals, filters, range, zone);
    }
}
