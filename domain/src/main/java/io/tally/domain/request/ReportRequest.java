package io.tally.domain.request;

import io.tally.domain.label.Labels;
import io.tally.domain.query.Accuracy;
import io.tally.domain.query.Compare;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Filter;
import io.tally.domain.query.Kpi;
import io.tally.domain.query.Metric;
import io.tally.domain.query.MetricRef;
import io.tally.domain.query.OrderBy;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.time.TimeBuckets;
import io.tally.domain.time.TimeRange;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.ViolationKind;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a report body: {@code metrics}, {@code dimensions}, {@code filters}, {@code date_range} (default
 * {@code last_7d}), {@code timezone} (default UTC), {@code compare}, {@code order_by} ({@code [["visitors","desc"]]}),
 * {@code limit} (default and most {@value ReportQuery#MAX_LIMIT}), {@code accuracy} ({@code exact}, the default, or
 * {@code approximate}).
 */
public final class ReportRequest {

    public static final int MAX_METRICS = 20;
    public static final int MAX_DIMENSIONS = 4;
    public static final int MAX_BUCKETS = 10_000;
    private static final Set<String> FIELDS = Set.of("metrics", "dimensions", "filters", "date_range", "timezone",
            "compare", "order_by", "limit", "accuracy");

    private ReportRequest() {
    }

    public static Validated<ReportQuery> parse(Object body, RequestContext context) {
        Wire wire = new Wire();
        QueryParts parts = new QueryParts(wire, context);
        Map<String, Object> object = wire.object(body, "", FIELDS);
        List<MetricRef> metrics = metrics(wire, object.get("metrics"), context.definitions());
        List<Dimension> dimensions = dimensions(wire, parts, object.get("dimensions"));
        List<Filter> filters = parts.filters(object.get("filters"), "filters", true, true);
        ZoneId zone = parts.zone(object);
        TimeRange range = parts.range(object, zone, "last_7d");
        Optional<Compare> compare = wire.text(object, "compare", "compare").flatMap(label -> {
            Optional<Compare> known = Compare.fromLabel(label);
            if (known.isEmpty()) {
                wire.violation("compare", ViolationKind.UNSUPPORTED, "must be previous_period or previous_year");
            }
            return known;
        });
        List<OrderBy> order = order(wire, object.get("order_by"), metrics, dimensions);
        int limit = wire.integer(object, "limit", "limit", 1, ReportQuery.MAX_LIMIT).orElse(ReportQuery.MAX_LIMIT);
        Accuracy accuracy = wire.text(object, "accuracy", "accuracy").flatMap(label -> {
            Optional<Accuracy> known = Accuracy.fromLabel(label);
            if (known.isEmpty()) {
                wire.violation("accuracy", ViolationKind.UNSUPPORTED, "must be exact or approximate");
            }
            return known;
        }).orElse(Accuracy.EXACT);
        if (wire.violations.isEmpty()) {
            dimensions.stream().filter(d -> d instanceof Dimension.Time).map(Dimension.Time.class::cast).findFirst()
                    .filter(time -> TimeBuckets.count(range, time.granularity(), zone, MAX_BUCKETS) > MAX_BUCKETS)
                    .ifPresent(time -> wire.violation("dimensions", ViolationKind.TOO_MANY, "the range holds more than "
                            + MAX_BUCKETS + " " + time.granularity().label() + " buckets; choose a wider one or a shorter range"));
        }
        if (!wire.violations.isEmpty()) {
            return new Validated.Invalid<>(wire.violations);
        }
        return new Validated.Valid<>(new ReportQuery(context.projectId(), metrics, dimensions, filters, range, zone,
                compare, order, limit, accuracy));
    }

    static List<MetricRef> metrics(Wire wire, Object value, Definitions definitions) {
        if (value == null) {
            wire.violation("metrics", ViolationKind.MISSING, "name at least one metric, for example [\"visitors\"]");
            return List.of();
        }
        List<Object> items = wire.list(value, "metrics");
        if (items.isEmpty() && value instanceof List) {
            wire.violation("metrics", ViolationKind.MISSING, "name at least one metric");
        }
        if (items.size() > MAX_METRICS) {
            wire.violation("metrics", ViolationKind.TOO_MANY, "at most " + MAX_METRICS + " metrics");
            return List.of();
        }
        List<MetricRef> metrics = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String field = Wire.index("metrics", i);
            if (!(items.get(i) instanceof String label)) {
                wire.violation(field, ViolationKind.WRONG_TYPE, "must be a metric name");
                continue;
            }
            if (!seen.add(label)) {
                wire.violation(field, ViolationKind.MALFORMED, "is named twice");
                continue;
            }
            metric(wire, label, field, definitions).ifPresent(metrics::add);
        }
        return metrics;
    }

    /** A built-in metric or {@code kpi:<name>}, a saved KPI; empty after a violation of {@code field}. */
    static Optional<MetricRef> metric(Wire wire, String label, String field, Definitions definitions) {
        if (label.startsWith("kpi:")) {
            Optional<Kpi> kpi = definitions.kpi(label.substring(4));
            if (kpi.isEmpty()) {
                wire.violation(field, ViolationKind.UNSUPPORTED, "no saved KPI has this name");
            }
            return kpi.map(MetricRef.KpiRef::new);
        }
        Optional<Metric> metric = Metric.fromLabel(label);
        if (metric.isEmpty()) {
            wire.violation(field, ViolationKind.UNSUPPORTED, "unknown metric; known metrics are "
                    + Labels.list(Metric.class) + " and kpi:<name>");
        }
        return metric.map(MetricRef.Builtin::new);
    }

    static List<Dimension> dimensions(Wire wire, QueryParts parts, Object value) {
        List<Object> items = wire.list(value, "dimensions");
        if (items.size() > MAX_DIMENSIONS) {
            wire.violation("dimensions", ViolationKind.TOO_MANY, "at most " + MAX_DIMENSIONS + " dimensions");
            return List.of();
        }
        List<Dimension> dimensions = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Dimension dimension = parts.dimension(items.get(i), Wire.index("dimensions", i));
            if (dimension == null) {
                continue;
            }
            if (dimensions.contains(dimension)
                    || (dimension instanceof Dimension.Time && dimensions.stream().anyMatch(d -> d instanceof Dimension.Time))) {
                wire.violation(Wire.index("dimensions", i), ViolationKind.MALFORMED, "repeats a dimension (one time dimension at most)");
                continue;
            }
            dimensions.add(dimension);
        }
        return dimensions;
    }

    private static List<OrderBy> order(Wire wire, Object value, List<MetricRef> metrics, List<Dimension> dimensions) {
        Set<String> columns = new HashSet<>();
        metrics.forEach(m -> columns.add(m.label()));
        dimensions.forEach(d -> columns.add(d.label()));
        List<OrderBy> order = new ArrayList<>();
        List<Object> items = wire.list(value, "order_by");
        for (int i = 0; i < items.size(); i++) {
            String field = Wire.index("order_by", i);
            if (items.get(i) instanceof List<?> pair && pair.size() == 2 && pair.get(0) instanceof String column
                    && ("asc".equals(pair.get(1)) || "desc".equals(pair.get(1)))) {
                if (columns.contains(column)) {
                    order.add(new OrderBy(column, "desc".equals(pair.get(1))));
                } else {
                    wire.violation(Wire.index(field, 0), ViolationKind.UNSUPPORTED, "orders by a metric or dimension of this report");
                }
            } else {
                wire.violation(field, ViolationKind.MALFORMED, "must be [column, \"asc\" | \"desc\"]");
            }
        }
        return order;
    }
}
