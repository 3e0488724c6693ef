package io.tally.domain.query;

import io.tally.domain.time.TimeBuckets;
import io.tally.domain.time.TimeRange;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The answer to a {@link ReportQuery}, chart-ready: one row per group with its dimension values (a time bucket
 * as its start {@link Instant}, a property as text or null) and metric values, the totals over all selected
 * events, and for a comparison the previous period's values and the change, row by row.
 */
public record Report(ReportQuery query, List<Row> rows, List<Number> totals, Optional<Comparison> comparison) {

    public record Row(List<Object> dimensions, List<Number> metrics) {
        public Row {
            dimensions = Collections.unmodifiableList(new ArrayList<>(dimensions));
            metrics = Collections.unmodifiableList(new ArrayList<>(metrics));
        }
    }

    /**
     * The previous period: {@code rows} aligned with the report's rows (a time bucket is matched with the bucket
     * at the same position in the previous range), and the change in percent, null where the previous value is
     * zero or undefined.
     */
    public record Comparison(TimeRange range, List<List<Number>> rows, List<Number> totals,
                             List<List<Double>> change, List<Double> totalsChange) {
    }

    /** What the engine counted: groups for the report's range, the ungrouped totals, and the same for the comparison. */
    public record Counts(Map<Group, Aggregates> groups, Aggregates totals) {
    }

    public static Report assemble(ReportQuery query, Counts current, Optional<Counts> previous) {
        int time = query.timeIndex();
        List<Instant> buckets = time < 0 ? List.of() : buckets(query, query.range());
        Map<Group, Aggregates> filled = fillBuckets(current.groups(), time, buckets, query.dimensions().size());
        List<Row> rows = new ArrayList<>();
        filled.forEach((group, aggregates) -> rows.add(new Row(dimensionValues(group, time), values(query, aggregates))));
        rows.sort(order(query));
        List<Row> limited = rows.size() > query.limit() ? rows.subList(0, query.limit()) : rows;
        List<Number> totals = values(query, current.totals());
        Optional<Comparison> comparison = previous.map(counts -> compare(query, limited, totals, buckets, counts));
        return new Report(query, List.copyOf(limited), totals, comparison);
    }

    private static List<Instant> buckets(ReportQuery query, TimeRange range) {
        Dimension.Time dimension = (Dimension.Time) query.dimensions().get(query.timeIndex());
        return TimeBuckets.covering(range, dimension.granularity(), query.zone());
    }

    /** Every combination of the other dimensions seen gets every bucket; with time alone, every bucket appears. */
    private static Map<Group, Aggregates> fillBuckets(Map<Group, Aggregates> groups, int time, List<Instant> buckets,
                                                      int dimensionCount) {
        Map<Group, Aggregates> filled = new LinkedHashMap<>(groups);
        if (time < 0) {
            return filled;
        }
        Set<List<String>> others = new LinkedHashSet<>();
        groups.keySet().forEach(g -> others.add(withTime(g.values(), time, null)));
        if (dimensionCount == 1) {
            others.add(withTime(List.of(""), 0, null));
        }
        for (List<String> other : others) {
            for (Instant bucket : buckets) {
                filled.putIfAbsent(new Group(withTime(other, time, bucket.toString())), Aggregates.ZERO);
            }
        }
        return filled;
    }

    private static List<String> withTime(List<String> values, int time, String bucket) {
        List<String> copy = new ArrayList<>(values);
        copy.set(time, bucket);
        return copy;
    }

    private static List<Object> dimensionValues(Group group, int time) {
        List<Object> values = new ArrayList<>(group.values());
        if (time >= 0) {
            values.set(time, Instant.parse(group.values().get(time)));
        }
        return values;
    }

    private static List<Number> values(ReportQuery query, Aggregates aggregates) {
        List<Number> values = new ArrayList<>();
        for (MetricRef metric : query.metrics()) {
            values.add(metric.of(aggregates));
        }
        return values;
    }

    /** The requested order, then time ascending, then the first metric descending, then dimension values: one fixed order. */
    private static Comparator<Row> order(ReportQuery query) {
        List<Comparator<Row>> keys = new ArrayList<>();
        for (OrderBy order : query.orderBy()) {
            Comparator<Row> key = column(query, order.column());
            keys.add(order.descending() ? key.reversed() : key);
        }
        int time = query.timeIndex();
        if (time >= 0) {
            keys.add(dimensionKey(time));
        }
        keys.add(metricKey(0).reversed());
        for (int i = 0; i < query.dimensions().size(); i++) {
            keys.add(dimensionKey(i));
        }
        return keys.stream().reduce(Comparator::thenComparing).orElseThrow();
    }

    private static Comparator<Row> column(ReportQuery query, String label) {
        for (int i = 0; i < query.metrics().size(); i++) {
            if (query.metrics().get(i).label().equals(label)) {
                return metricKey(i);
            }
        }
        for (int i = 0; i < query.dimensions().size(); i++) {
            if (query.dimensions().get(i).label().equals(label)) {
                return dimensionKey(i);
            }
        }
        throw new IllegalArgumentException("not a column of the report: " + label);
    }

    /** Nulls sort as the smallest value. */
    private static Comparator<Row> metricKey(int index) {
        return Comparator.comparing(row -> toDecimal(row.metrics().get(index)), Comparator.nullsFirst(Comparator.naturalOrder()));
    }

    /** Missing values sort last. */
    @SuppressWarnings("unchecked")
    private static Comparator<Row> dimensionKey(int index) {
        return Comparator.comparing(row -> (Comparable<Object>) row.dimensions().get(index),
                Comparator.nullsLast(Comparator.naturalOrder()));
    }

    private static BigDecimal toDecimal(Number number) {
        return switch (number) {
            case null -> null;
            case BigDecimal d -> d;
            case Long l -> BigDecimal.valueOf(l);
            case Double d -> new BigDecimal(d);
            default -> new BigDecimal(number.toString());
        };
    }

    private static Comparison compare(ReportQuery query, List<Row> rows, List<Number> totals, List<Instant> buckets,
                                      Counts previous) {
        TimeRange previousRange = query.compare().orElseThrow().shift(query.range(), query.zone());
        int time = query.timeIndex();
        List<Instant> previousBuckets = time < 0 ? List.of() : buckets(query, previousRange);
        Map<Instant, Integer> position = new HashMap<>();
        for (int i = 0; i < buckets.size(); i++) {
            position.put(buckets.get(i), i);
        }
        List<List<Number>> previousRows = new ArrayList<>();
        List<List<Double>> change = new ArrayList<>();
        for (Row row : rows) {
            List<String> key = new ArrayList<>();
            boolean aligned = true;
            for (int i = 0; i < row.dimensions().size(); i++) {
                Object value = row.dimensions().get(i);
                if (i == time) {
                    int at = position.getOrDefault((Instant) value, -1);
                    aligned = at >= 0 && at < previousBuckets.size();
                    key.add(aligned ? previousBuckets.get(at).toString() : null);
                } else {
                    key.add((String) value);
                }
            }
            Aggregates before = aligned ? previous.groups().getOrDefault(new Group(key), Aggregates.ZERO) : Aggregates.ZERO;
            List<Number> values = values(query, before);
            previousRows.add(values);
            change.add(changes(row.metrics(), values));
        }
        List<Number> previousTotals = values(query, previous.totals());
        return new Comparison(previousRange, previousRows, previousTotals, change, changes(totals, previousTotals));
    }

    private static List<Double> changes(List<Number> now, List<Number> before) {
        List<Double> changes = new ArrayList<>();
        for (int i = 0; i < now.size(); i++) {
            Number a = now.get(i);
            Number b = before.get(i);
            changes.add(a == null || b == null || b.doubleValue() == 0 ? null
                    : (a.doubleValue() - b.doubleValue()) * 100 / b.doubleValue());
        }
        return changes;
    }
}
