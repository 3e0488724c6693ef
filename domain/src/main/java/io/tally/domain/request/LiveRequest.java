package io.tally.domain.request;

import io.tally.domain.live.LiveQuery;
import io.tally.domain.live.LiveTail;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Filter;
import io.tally.domain.query.Metric;
import io.tally.domain.query.MetricRef;
import io.tally.domain.time.Granularity;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.ViolationKind;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a live subscription: a report body without a date range ({@code metrics}, {@code dimensions},
 * {@code filters}, {@code timezone}) plus {@code window} (whole minutes, default 30m, at most 24h) and
 * {@code interval} (default 5s, at least 1s). Live metrics are the ones events decide alone; time buckets are
 * minutes or hours. Also reads a raw event tail: {@code filters}, {@code sample} (0 to 1) and {@code interval}.
 */
public final class LiveRequest {

    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(30);
    public static final Duration MAX_WINDOW = Duration.ofHours(24);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    public static final Duration MAX_INTERVAL = Duration.ofMinutes(10);
    /** Metrics that events decide one at a time; session metrics wait for a session's end and are not live. */
    public static final Set<Metric> LIVE_METRICS = Set.of(Metric.EVENTS, Metric.VISITORS, Metric.PAGEVIEWS,
            Metric.CONVERSIONS, Metric.CONVERSION_RATE, Metric.REVENUE, Metric.ARPU);
    private static final Set<String> FIELDS = Set.of("metrics", "dimensions", "filters", "timezone", "window", "interval");
    private static final Set<String> TAIL_FIELDS = Set.of("filters", "sample", "interval");

    private LiveRequest() {
    }

    public static Validated<LiveQuery> parse(Object body, RequestContext context) {
        Wire wire = new Wire();
        QueryParts parts = new QueryParts(wire, context);
        Map<String, Object> object = wire.object(body, "", FIELDS);
        List<MetricRef> metrics = ReportRequest.metrics(wire, object.get("metrics"), context.definitions());
        for (int i = 0; i < metrics.size(); i++) {
            if (!(metrics.get(i) instanceof MetricRef.Builtin builtin) || !LIVE_METRICS.contains(builtin.metric())) {
                wire.violation("metrics", ViolationKind.UNSUPPORTED, metrics.get(i).label() + " is not live; live metrics are "
                        + String.join(", ", LIVE_METRICS.stream().map(Metric::label).sorted().toList()));
            }
        }
        List<Dimension> dimensions = ReportRequest.dimensions(wire, parts, object.get("dimensions"));
        for (Dimension dimension : dimensions) {
            if (dimension instanceof Dimension.Time time && time.granularity() != Granularity.MINUTE
                    && time.granularity() != Granularity.HOUR) {
                wire.violation("dimensions", ViolationKind.UNSUPPORTED, "live time buckets are time:minute or time:hour");
            }
            if (!dimension.ofOneEvent()) {
                wire.violation("dimensions", ViolationKind.UNSUPPORTED, "a live view counts events as they come, not by "
                        + dimension.label() + ", which the session's later events may change");
            }
        }
        List<Filter.Match> filters = parts.valueFilters(object.get("filters"), "filters");
        ZoneId zone = parts.zone(object);
        Duration window = wire.duration(object, "window", Duration.ofMinutes(1), MAX_WINDOW).orElse(DEFAULT_WINDOW);
        if (window.toSeconds() % 60 != 0) {
            wire.violation("window", ViolationKind.MALFORMED, "must be whole minutes, for example 30m");
        }
        Duration interval = interval(wire, object);
        if (!wire.violations.isEmpty()) {
            return new Validated.Invalid<>(wire.violations);
        }
        return new Validated.Valid<>(new LiveQuery(new LiveQuery.Scope(context.projectId(), dimensions, filters, zone, window),
                metrics, interval));
    }

    public static Validated<LiveTail> parseTail(Object body, RequestContext context) {
        Wire wire = new Wire();
        QueryParts parts = new QueryParts(wire, context);
        Map<String, Object> object = wire.object(body, "", TAIL_FIELDS);
        List<Filter.Match> filters = parts.valueFilters(object.get("filters"), "filters");
        double sample = 1.0;
        if (object.get("sample") instanceof Number n && n.doubleValue() > 0 && n.doubleValue() <= 1) {
            sample = n.doubleValue();
        } else if (object.containsKey("sample")) {
            wire.violation("sample", ViolationKind.OUT_OF_RANGE, "must be a number above 0 and at most 1");
        }
        Duration interval = interval(wire, object);
        if (!wire.violations.isEmpty()) {
            return new Validated.Invalid<>(wire.violations);
        }
        return new Validated.Valid<>(new LiveTail(context.projectId(), filters, sample, interval));
    }

    private static Duration interval(Wire wire, Map<String, Object> object) {
        return wire.duration(object, "interval", LiveQuery.MIN_INTERVAL, MAX_INTERVAL).orElse(DEFAULT_INTERVAL);
    }
}
