package io.tally.domain.trend;

import io.tally.domain.query.CacheKey;
import io.tally.domain.query.Compare;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Filter;
import io.tally.domain.query.ProjectQuery;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A multi-series trend: several series (each a metric over its own events) on one time axis of {@code interval}
 * buckets, formulas across them, optionally broken down by up to {@value #MAX_BREAKDOWNS} dimensions (each series
 * showing its {@code breakdownLimit} values, or combinations of values, with the largest total over the range).
 * {@code filters} apply to every series. With {@code compare}, each line also has its values over the previous period
 * or year, period by period.
 * Each series is a report ({@link #periods}, and with a breakdown {@link #values}), so it counts what a report counts.
 */
public record TrendQuery(String projectId, List<TrendSeries> series, List<TrendFormula> formulas, List<Filter> filters,
                         Granularity interval, TimeRange range, ZoneId zone, List<Dimension> breakdown,
                         int breakdownLimit, Optional<Compare> compare) implements ProjectQuery {

    public static final int MAX_SERIES = 10;
    public static final int MAX_FORMULAS = 5;
    public static final int MAX_BREAKDOWN_LIMIT = 100;
    public static final int DEFAULT_BREAKDOWN_LIMIT = 25;
    public static final int MAX_BREAKDOWNS = 3;

    public TrendQuery {
        Objects.requireNonNull(projectId, "projectId");
        series = List.copyOf(series);
        formulas = List.copyOf(formulas);
        filters = List.copyOf(filters);
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(zone, "zone");
        breakdown = List.copyOf(breakdown);
        Objects.requireNonNull(compare, "compare");
        if (series.isEmpty() || series.size() > MAX_SERIES) {
            throw new IllegalArgumentException("a trend has 1 to " + MAX_SERIES + " series");
        }
        if (formulas.size() > MAX_FORMULAS) {
            throw new IllegalArgumentException("a trend has at most " + MAX_FORMULAS + " formulas");
        }
        int seriesCount = series.size();
        for (TrendFormula formula : formulas) {
            if (formula.formula().variables().stream().anyMatch(v -> v < 0 || v >= seriesCount)) {
                throw new IllegalArgumentException("formula " + formula.expression() + " reads a series the trend lacks");
            }
        }
        if (breakdown.stream().anyMatch(d -> d instanceof Dimension.Time)) {
            throw new IllegalArgumentException("a trend's time axis is its interval, not a breakdown");
        }
        if (breakdown.size() > MAX_BREAKDOWNS || breakdown.stream().distinct().count() < breakdown.size()) {
            throw new IllegalArgumentException("a trend breaks down by up to " + MAX_BREAKDOWNS + " different dimensions");
        }
        if (breakdownLimit < 1 || breakdownLimit > MAX_BREAKDOWN_LIMIT) {
            throw new IllegalArgumentException("breakdown limit out of range");
        }
    }

    /** A trend without a comparison, broken down by one dimension or none. */
    public TrendQuery(String projectId, List<TrendSeries> series, List<TrendFormula> formulas, List<Filter> filters,
                      Granularity interval, TimeRange range, ZoneId zone, Optional<Dimension> breakdown, int breakdownLimit) {
        this(projectId, series, formulas, filters, interval, range, zone, breakdown.stream().toList(), breakdownLimit,
                Optional.empty());
    }

    /** Whether the trend has a breakdown. */
    public boolean brokenDown() {
        return !breakdown.isEmpty();
    }

    /** The same trend without its comparison. */
    public TrendQuery withoutCompare() {
        return new TrendQuery(projectId, series, formulas, filters, interval, range, zone, breakdown, breakdownLimit, Optional.empty());
    }

    /** The same trend over another range. */
    public TrendQuery over(TimeRange other) {
        return new TrendQuery(projectId, series, formulas, filters, interval, other, zone, breakdown, breakdownLimit, compare);
    }

    /** The range compared with, when there is a comparison. */
    public Optional<TimeRange> previousRange() {
        return compare.map(c -> c.shift(range, zone));
    }

    /** Series {@code index} per time bucket (and breakdown value): a report of its metric over its events. */
    public ReportQuery periods(int index) {
        List<Dimension> dimensions = new ArrayList<>();
        dimensions.add(new Dimension.Time(interval));
        dimensions.addAll(breakdown);
        return report(index, dimensions);
    }

    /** Series {@code index} per breakdown value (or combination) over the whole range; present only with a breakdown. */
    public Optional<ReportQuery> values(int index) {
        return brokenDown() ? Optional.of(report(index, breakdown)) : Optional.empty();
    }

    private ReportQuery report(int index, List<Dimension> dimensions) {
        List<Filter> all = new ArrayList<>(filters);
        all.addAll(series.get(index).event().asFilters());
        return new ReportQuery(projectId, List.of(series.get(index).metric()), dimensions, all, range, zone, Optional.empty(), List.of(),
                ReportQuery.MAX_LIMIT);
    }

    @Override
    public String cacheKey() {
        if (compare.isPresent()) {
            return CacheKey.of("trend", projectId, series, formulas, filters, interval, range, zone, breakdown, breakdownLimit, compare);
        }
        return CacheKey.of("trend", projectId, series, formulas, filters, interval, range, zone, breakdown, breakdownLimit);
    }
}
