package io.tally.adapter.out.memory;

import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Filter;
import io.tally.domain.query.Metric;
import io.tally.domain.query.MetricRef;
import io.tally.domain.time.TimeBuckets;
import io.tally.domain.trend.TrendQuery;
import io.tally.domain.trend.TrendSeries;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleBinaryOperator;

/**
 * A trend worked out with plain loops over the events, without the report machinery: for series counting events,
 * visitors or revenue over an event type (or any) with {@code is} filters on properties, broken down by properties
 * or not, and formulas of two series given as Java arithmetic. Each line is (name, breakdown values or none, the
 * values along the periods, the total), as {@code Trend}'s lines are once written the same way.
 */
public final class TrendDefinition {

    /** The breakdown values of a line without a breakdown. */
    public static final List<String> NONE = List.of();

    private TrendDefinition() {
    }

    /** One line: {@code value} holds each breakdown dimension's value (null for events without it), or is {@link #NONE}. */
    public record Line(String name, List<String> value, List<Number> values, Number total) {
    }

    /** A formula {@code name} over series A (left) and B (right). */
    public record TwoSeriesFormula(String name, DoubleBinaryOperator operator) {
    }

    public static List<Line> lines(List<Event> events, TrendQuery query, List<TwoSeriesFormula> formulas) {
        List<Instant> periods = TimeBuckets.covering(query.range(), query.interval(), query.zone());
        List<Map<List<String>, Number[]>> bySeries = new ArrayList<>(); // value → per-period values, then the total last
        List<Line> lines = new ArrayList<>();
        for (int s = 0; s < query.series().size(); s++) {
            TrendSeries series = query.series().get(s);
            Map<List<String>, List<Event>> byValue = new HashMap<>();
            for (Event event : events) {
                if (event.projectId().equals(query.projectId()) && query.range().contains(event.timestamp())
                        && series.event().eventType().map(event.eventType()::equals).orElse(true)
                        && PlainLoops.passes(event, query.filters()) && PlainLoops.passes(event, series.event().filters())) {
                    byValue.computeIfAbsent(value(event, query), k -> new ArrayList<>()).add(event);
                }
            }
            Metric metric = ((MetricRef.Builtin) series.metric()).metric();
            Map<List<String>, Number[]> numbers = new HashMap<>();
            byValue.forEach((value, selected) -> {
                Number[] row = new Number[periods.size() + 1];
                for (int p = 0; p < periods.size(); p++) {
                    Instant start = periods.get(p);
                    Instant end = p + 1 < periods.size() ? periods.get(p + 1) : query.range().to();
                    row[p] = measure(metric, selected.stream().filter(e -> !e.timestamp().isBefore(start) && e.timestamp().isBefore(end)).toList());
                }
                row[periods.size()] = measure(metric, selected);
                numbers.put(value, row);
            });
            bySeries.add(numbers);
            for (List<String> value : shown(numbers, query, periods.size())) {
                Number[] row = numbers.get(value);
                lines.add(new Line(TrendSeries.name(s), value, List.of(row).subList(0, periods.size()), row[periods.size()]));
            }
        }
        for (TwoSeriesFormula formula : formulas) {
            Set<List<String>> values = new LinkedHashSet<>(shown(bySeries.get(0), query, periods.size()));
            values.addAll(shown(bySeries.get(1), query, periods.size()));
            for (List<String> value : values) {
                Number[] a = bySeries.get(0).get(value);
                Number[] b = bySeries.get(1).get(value);
                List<Number> row = new ArrayList<>();
                for (int p = 0; p <= periods.size(); p++) {
                    double left = a == null ? 0 : a[p].doubleValue();
                    double right = b == null ? 0 : b[p].doubleValue();
                    double result = formula.operator().applyAsDouble(left, right);
                    row.add(Double.isFinite(result) ? result : null);
                }
                lines.add(new Line(formula.name(), value, row.subList(0, periods.size()), row.get(periods.size())));
            }
        }
        return lines;
    }

    /**
     * Without a breakdown the one line; with one, the values (combinations) of the largest totals, ties by the first
     * dimension's value, then the next one's, a missing one last.
     */
    private static List<List<String>> shown(Map<List<String>, Number[]> numbers, TrendQuery query, int totalAt) {
        if (query.breakdown().isEmpty()) {
            return List.of(NONE);
        }
        Comparator<List<String>> byTotal = Comparator.comparing(v -> new BigDecimal(numbers.get(v)[totalAt].toString()));
        Comparator<List<String>> byValues = Comparator.comparing(v -> v.get(0), Comparator.nullsLast(Comparator.<String>naturalOrder()));
        for (int i = 1; i < query.breakdown().size(); i++) {
            int at = i;
            byValues = byValues.thenComparing(v -> v.get(at), Comparator.nullsLast(Comparator.<String>naturalOrder()));
        }
        return numbers.keySet().stream().sorted(byTotal.reversed().thenComparing(byValues)).limit(query.breakdownLimit()).toList();
    }

    /** The event's value of each breakdown property, in order (null where it has none). */
    private static List<String> value(Event event, TrendQuery query) {
        List<String> values = new ArrayList<>();
        for (Dimension dimension : query.breakdown()) {
            PropertyValue value = event.properties().get(((Dimension.Property) dimension).key());
            values.add(value == null ? null : value.text());
        }
        return values;
    }

    private static Number measure(Metric metric, List<Event> events) {
        return switch (metric) {
            case EVENTS -> (long) events.size();
            case VISITORS -> (long) new HashSet<>(events.stream().map(Event::userId).toList()).size();
            case REVENUE -> PlainLoops.revenue(events);
            default -> throw new IllegalArgumentException("the definition counts events, visitors and revenue alone");
        };
    }

    static boolean definable(TrendQuery query) {
        return query.series().stream().allMatch(s -> s.metric() instanceof MetricRef.Builtin b
                && Set.of(Metric.EVENTS, Metric.VISITORS, Metric.REVENUE).contains(b.metric()))
                && query.breakdown().stream().allMatch(d -> d instanceof Dimension.Property)
                && query.filters().stream().allMatch(f -> f instanceof Filter.Match); // the loops test one event at a time
    }
}
