package io.tally.domain.trend;

import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Group;
import io.tally.domain.query.MetricRef;
import io.tally.domain.time.TimeBuckets;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The answer to a {@link TrendQuery}: every bucket of the range ({@code periods}, zeros where nothing happened) and one
 * line per series, then one per formula, each with a value per period and a total over the range. With a breakdown, a
 * series has a line per value (with several dimensions, per combination of values) among its {@code breakdownLimit}
 * largest totals (ties by the values in the dimensions' order, a missing value last),
 * and a formula a line per value that any series it reads shows: the first series' values, then the next one's not
 * listed yet.
 */
public record Trend(TrendQuery query, List<Instant> periods, List<Line> lines) {

    public Trend {
        Objects.requireNonNull(query, "query");
        periods = List.copyOf(periods);
        lines = List.copyOf(lines);
    }

    public enum Kind { SERIES, FORMULA }

    /**
     * One line: a series (named by its letter) or a formula (by its name), for one breakdown value when the trend has a
     * breakdown. {@code values} follow the periods; null where a value is undefined (a rate over nothing, a division by 0).
     * With a comparison, {@code previous} holds the same line over the compared range.
     */
    public record Line(Kind kind, String name, Optional<BreakdownValue> breakdown, List<Number> values, Number total,
                       Optional<Previous> previous) {
        public Line {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(breakdown, "breakdown");
            values = Collections.unmodifiableList(new ArrayList<>(values));
            Objects.requireNonNull(previous, "previous");
        }

        /**
         * The change of the total from the previous one, in percent; null without a comparison, or where either is
         * undefined or the previous one is 0.
         */
        public Double totalChangePercent() {
            return previous.map(before -> change(total, before.total())).orElse(null);
        }
    }

    /**
     * A line over the compared range: the value of its i-th period beside the current i-th (null past the end of the shorter
     * range, as a month of 28 days against one of 31), and its total.
     */
    public record Previous(List<Number> values, Number total) {
        public Previous {
            values = Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    /** A line's value of each breakdown dimension, in the query's order; null for events without one. */
    public record BreakdownValue(List<String> values) {
        public BreakdownValue {
            values = Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    /** What a line measures, from the facts of each series (by position) in one group. */
    private record Measure(Kind kind, String name, Optional<BreakdownValue> value, Function<IntFunction<Aggregates>, Number> of) {
    }

    /** A trend without a comparison. */
    public static Trend assemble(TrendQuery query, List<SeriesCounts> counts) {
        return assemble(query, counts, Optional.empty());
    }

    /**
     * The lines laid out from each series' counts, in the order of the query's series, and with a comparison from the
     * counts over the previous range too (the breakdown values shown are the current range's).
     */
    public static Trend assemble(TrendQuery query, List<SeriesCounts> counts, Optional<List<SeriesCounts>> previous) {
        if (counts.size() != query.series().size() || previous.filter(p -> p.size() != counts.size()).isPresent()
                || previous.isPresent() != query.compare().isPresent()) {
            throw new IllegalArgumentException("one count per series, for the range and for a comparison's range");
        }
        List<Instant> periods = TimeBuckets.covering(query.range(), query.interval(), query.zone());
        List<Instant> previousPeriods = query.previousRange()
                .map(range -> TimeBuckets.covering(range, query.interval(), query.zone())).orElse(List.of());
        List<Line> lines = new ArrayList<>();
        for (Measure measure : measures(query, counts)) {
            Optional<Previous> before = previous.map(earlier -> new Previous(
                    values(measure, earlier, previousPeriods, periods.size()), total(measure, earlier)));
            lines.add(new Line(measure.kind(), measure.name(), measure.value(), values(measure, counts, periods, periods.size()),
                    total(measure, counts), before));
        }
        return new Trend(query, periods, lines);
    }

    /** Each series per shown breakdown value, then each formula per value any series it reads shows. */
    private static List<Measure> measures(TrendQuery query, List<SeriesCounts> counts) {
        List<Measure> measures = new ArrayList<>();
        List<List<BreakdownValue>> shown = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            int series = i;
            MetricRef metric = query.series().get(i).metric();
            List<BreakdownValue> values = query.brokenDown()
                    ? top(metric, counts.get(i).values(), query.breakdownLimit()) : List.of();
            shown.add(values);
            for (Optional<BreakdownValue> value : linesOf(query, values)) {
                measures.add(new Measure(Kind.SERIES, TrendSeries.name(i), value, facts -> metric.of(facts.apply(series))));
            }
        }
        for (TrendFormula formula : query.formulas()) {
            Set<BreakdownValue> union = new LinkedHashSet<>();
            new TreeSet<>(formula.formula().variables()).forEach(i -> union.addAll(shown.get(i)));
            for (Optional<BreakdownValue> value : linesOf(query, List.copyOf(union))) {
                measures.add(new Measure(Kind.FORMULA, formula.name(), value, facts -> formula.formula().evaluate(
                        i -> query.series().get(i).metric().of(facts.apply(i)))));
            }
        }
        return measures;
    }

    /** The measure at each of {@code periods}, padded with nulls to {@code length}. */
    private static List<Number> values(Measure measure, List<SeriesCounts> counts, List<Instant> periods, int length) {
        List<Number> values = new ArrayList<>();
        for (int p = 0; p < length; p++) {
            Instant period = p < periods.size() ? periods.get(p) : null;
            values.add(period == null ? null : measure.of().apply(i -> at(counts.get(i), period, measure.value())));
        }
        return values;
    }

    private static Number total(Measure measure, List<SeriesCounts> counts) {
        return measure.of().apply(i -> total(counts.get(i), measure.value()));
    }

    /** The change from {@code before} to {@code now} in percent; null where either is undefined or {@code before} is 0. */
    static Double change(Number now, Number before) {
        return now == null || before == null || before.doubleValue() == 0 ? null
                : (now.doubleValue() - before.doubleValue()) * 100 / before.doubleValue();
    }

    /** Without a breakdown, one line with no value; with one, a line per value. */
    private static List<Optional<BreakdownValue>> linesOf(TrendQuery query, List<BreakdownValue> values) {
        return query.brokenDown() ? values.stream().map(Optional::of).toList() : List.of(Optional.empty());
    }

    private static Aggregates at(SeriesCounts series, Instant period, Optional<BreakdownValue> value) {
        List<String> key = new ArrayList<>();
        key.add(period.toString());
        value.ifPresent(v -> key.addAll(v.values()));
        return series.periods().groups().getOrDefault(new Group(key), Aggregates.ZERO);
    }

    private static Aggregates total(SeriesCounts series, Optional<BreakdownValue> value) {
        return value.map(v -> series.values().getOrDefault(new Group(v.values()), Aggregates.ZERO))
                .orElse(series.periods().totals());
    }

    /**
     * The values (or combinations) with the largest totals: larger first (an undefined one smallest), then by the values
     * in the dimensions' order, a missing one last.
     */
    private static List<BreakdownValue> top(MetricRef metric, Map<Group, Aggregates> values, int limit) {
        Comparator<Map.Entry<Group, Aggregates>> byTotal = Comparator.comparing(
                (Map.Entry<Group, Aggregates> e) -> decimal(metric.of(e.getValue())), Comparator.nullsFirst(Comparator.naturalOrder()))
                .reversed();
        Comparator<List<String>> byValues = (a, b) -> {
            Comparator<String> each = Comparator.nullsLast(Comparator.naturalOrder());
            for (int i = 0; i < a.size(); i++) {
                int order = each.compare(a.get(i), b.get(i));
                if (order != 0) {
                    return order;
                }
            }
            return 0;
        };
        return values.entrySet().stream().sorted(byTotal.thenComparing(e -> e.getKey().values(), byValues)).limit(limit)
                .map(e -> new BreakdownValue(e.getKey().values())).toList();
    }

    private static BigDecimal decimal(Number number) {
        return switch (number) {
            case null -> null;
            case BigDecimal d -> d;
            case Long l -> BigDecimal.valueOf(l);
            case Integer n -> BigDecimal.valueOf(n);
            case Double d -> d.isNaN() || d.isInfinite() ? null : new BigDecimal(d);
            default -> new BigDecimal(number.toString());
        };
    }
}
