package io.tally.domain.request;

import io.tally.domain.alert.AlertRule;
import io.tally.domain.alert.Condition;
import io.tally.domain.delivery.Delivery;
import io.tally.domain.label.Labels;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.time.TimeRange;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Reads and writes alert rules: {@code {"name", "description", "metric", "filters", "breakdown", "timezone",
 * "condition": {"type": "above"|"below", "threshold", "recovery"} | {"type": "change", "percent", "direction"} |
 * {"type": "anomaly", "weeks", "tolerance"}, "window": "1h", "every": "5m", "fire_after": 1, "resolve_after": 2,
 * "notify": [...]}}. The metric, filters and breakdown are read by the report rules, so any report metric or KPI
 * works.
 */
public final class AlertRequests {

    private static final Set<String> FIELDS = Set.of("name", "description", "metric", "filters", "breakdown", "timezone",
            "condition", "window", "every", "fire_after", "resolve_after", "notify");
    private static final Set<String> SIGNAL_FIELDS = Set.of("metric", "filters", "breakdown", "timezone");
    private static final Set<String> CONDITION_FIELDS = Set.of("type", "threshold", "recovery", "percent", "direction",
            "weeks", "tolerance");

    private AlertRequests() {
    }

    public static Validated<AlertRule> parse(Object body, RequestContext context) {
        Wire wire = new Wire();
        Map<String, Object> object = wire.object(body, "", FIELDS);
        String name = DashboardRequests.name(wire, object, "name");
        String description = wire.text(object, "description", "description").orElse("");
        Map<String, Object> signal = new LinkedHashMap<>();
        object.forEach((key, value) -> {
            if (SIGNAL_FIELDS.contains(key) && value != null) {
                signal.put(key, value);
            }
        });
        if (!object.containsKey("metric")) {
            wire.violation("metric", ViolationKind.MISSING, "is required: a report metric or a KPI");
        } else {
            wire.violations.addAll(signalViolations(signal, context));
        }
        Optional<String> breakdown = wire.text(object, "breakdown", "breakdown");
        breakdown.filter(b -> b.startsWith("time")).ifPresent(b ->
                wire.violation("breakdown", ViolationKind.UNSUPPORTED, "an alert is broken down by a property, not by time"));
        Condition condition = condition(wire, object.get("condition"));
        Duration window = wire.duration(object, "window", AlertRule.MIN_WINDOW, AlertRule.MAX_WINDOW).orElse(Duration.ofHours(1));
        Duration every = wire.duration(object, "every", AlertRule.MIN_EVERY, AlertRule.MAX_EVERY).orElse(Duration.ofMinutes(5));
        int fireAfter = wire.integer(object, "fire_after", "fire_after", 1, AlertRule.MAX_COUNT).orElse(1);
        int resolveAfter = wire.integer(object, "resolve_after", "resolve_after", 1, AlertRule.MAX_COUNT).orElse(2);
        List<Delivery> notify = DeliveryRequests.parse(wire, object.get("notify"), "notify");
        if (!wire.violations.isEmpty()) {
            return new Validated.Invalid<>(wire.violations);
        }
        return new Validated.Valid<>(new AlertRule(name, description, signal, breakdown, condition, window, every,
                fireAfter, resolveAfter, notify));
    }

    /** The rule's signal as a report query over {@code range}: one metric, broken down or not. */
    public static Validated<ReportQuery> query(AlertRule rule, TimeRange range, RequestContext context) {
        return ReportRequest.parse(reportBody(rule.signal(), range), context);
    }

    /** How many events the project received in {@code range}, whatever the rule counts: was there data at all? */
    public static Validated<ReportQuery> activity(TimeRange range, RequestContext context) {
        return ReportRequest.parse(reportBody(Map.of("metric", "events"), range), context);
    }

    private static Map<String, Object> reportBody(Map<String, Object> signal, TimeRange range) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("metrics", List.of(signal.get("metric")));
        Object breakdown = signal.get("breakdown");
        body.put("dimensions", breakdown == null ? List.of() : List.of(breakdown));
        if (signal.containsKey("filters")) {
            body.put("filters", signal.get("filters"));
        }
        if (signal.containsKey("timezone")) {
            body.put("timezone", signal.get("timezone"));
        }
        body.put("date_range", List.of(range.from().toString().replace("Z", "+00:00"), range.to().toString().replace("Z", "+00:00")));
        body.put("limit", ReportQuery.MAX_LIMIT);
        return body;
    }

    /** The report rules' verdict on the signal, named by the alert's fields. */
    private static List<Violation> signalViolations(Map<String, Object> signal, RequestContext context) {
        TimeRange any = new TimeRange(context.now().minus(Duration.ofHours(1)), context.now());
        Validated<ReportQuery> parsed = ReportRequest.parse(reportBody(signal, any), context);
        List<Violation> renamed = new ArrayList<>();
        if (parsed instanceof Validated.Invalid<ReportQuery> invalid) {
            for (Violation v : invalid.violations()) {
                String field = v.field().replaceFirst("^metrics(\\[0])?", "metric").replaceFirst("^dimensions(\\[0])?", "breakdown");
                renamed.add(new Violation(field, v.kind(), v.message()));
            }
        }
        return renamed;
    }

    private static Condition condition(Wire wire, Object body) {
        if (body == null) {
            wire.violation("condition", ViolationKind.MISSING, "is required: above, below, change or anomaly");
            return null;
        }
        Map<String, Object> object = wire.object(body, "condition", CONDITION_FIELDS);
        String type = wire.requiredText(object, "type", "condition.type");
        if (type == null) {
            return null;
        }
        try {
            return switch (type) {
                case "above", "below" -> {
                    Optional<Double> threshold = number(wire, object, "threshold", true);
                    Optional<Double> recovery = number(wire, object, "recovery", false);
                    if (threshold.isEmpty()) {
                        yield null;
                    }
                    OptionalDouble back = recovery.map(OptionalDouble::of).orElse(OptionalDouble.empty());
                    yield type.equals("above") ? new Condition.Above(threshold.get(), back) : new Condition.Below(threshold.get(), back);
                }
                case "change" -> {
                    Optional<Double> percent = number(wire, object, "percent", true);
                    String direction = wire.text(object, "direction", "condition.direction").orElse("either");
                    Optional<Condition.Direction> way = Labels.find(Condition.Direction.class, direction);
                    if (way.isEmpty()) {
                        wire.violation("condition.direction", ViolationKind.MALFORMED, "must be up, down or either");
                    }
                    yield percent.isPresent() && way.isPresent() ? new Condition.Change(percent.get(), way.get()) : null;
                }
                case "anomaly" -> {
                    int weeks = wire.integer(object, "weeks", "condition.weeks", Condition.Anomaly.MIN_HISTORY, 12).orElse(4);
                    double tolerance = number(wire, object, "tolerance", false).orElse(3.0);
                    yield new Condition.Anomaly(weeks, tolerance);
                }
                default -> {
                    wire.violation("condition.type", ViolationKind.MALFORMED, "must be above, below, change or anomaly");
                    yield null;
                }
            };
        } catch (IllegalArgumentException e) {
            wire.violation("condition", ViolationKind.OUT_OF_RANGE, e.getMessage());
            return null;
        }
    }

    private static Optional<Double> number(Wire wire, Map<String, Object> object, String key, boolean required) {
        Object value = object.get(key);
        if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            return Optional.of(n.doubleValue());
        }
        if (value != null || required) {
            wire.violation("condition." + key, value == null ? ViolationKind.MISSING : ViolationKind.WRONG_TYPE, "must be a number");
        }
        return Optional.empty();
    }

    public static Map<String, Object> wire(AlertRule rule) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("name", rule.name());
        wire.put("description", rule.description());
        wire.putAll(rule.signal());
        Map<String, Object> condition = new LinkedHashMap<>();
        switch (rule.condition()) {
            case Condition.Above above -> {
                condition.put("type", "above");
                condition.put("threshold", above.threshold());
                above.recovery().ifPresent(r -> condition.put("recovery", r));
            }
            case Condition.Below below -> {
                condition.put("type", "below");
                condition.put("threshold", below.threshold());
                below.recovery().ifPresent(r -> condition.put("recovery", r));
            }
            case Condition.Change change -> {
                condition.put("type", "change");
                condition.put("percent", change.percent());
                condition.put("direction", change.direction().label());
            }
            case Condition.Anomaly anomaly -> {
                condition.put("type", "anomaly");
                condition.put("weeks", anomaly.weeks());
                condition.put("tolerance", anomaly.tolerance());
            }
        }
        wire.put("condition", condition);
        wire.put("window", Wire.words(rule.window()));
        wire.put("every", Wire.words(rule.every()));
        wire.put("fire_after", rule.fireAfter());
        wire.put("resolve_after", rule.resolveAfter());
        wire.put("notify", DeliveryRequests.wire(rule.deliveries()));
        return wire;
    }
}
