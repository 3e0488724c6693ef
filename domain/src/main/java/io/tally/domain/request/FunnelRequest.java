package io.tally.domain.request;

import io.tally.domain.funnel.Attribution;
import io.tally.domain.funnel.FunnelCounting;
import io.tally.domain.funnel.FunnelExclusion;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.funnel.StepOrder;
import io.tally.domain.funnel.TimeToConvert;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.time.ActivityIntervals;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeBuckets;
import io.tally.domain.time.TimeRange;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.ViolationKind;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a funnel body: {@code steps} (2–10 of {@code {"event", "filters"}}), {@code conversion_window}
 * ({@code 30m}, {@code 2h}, {@code 14d}; default 14d, at most 365d), {@code date_range} (default {@code last_30d}),
 * {@code timezone}, {@code breakdown} (one event dimension, or an array of up to {@value FunnelQuery#MAX_BREAKDOWNS}),
 * {@code time_to_convert} (asks for the histogram of
 * conversion times: {@code {"from_step", "to_step", "bins"}}, steps numbered from 1, by default from step 1 to the
 * last step in 10 bins, at most 90), {@code interval} (asks for the conversion trend: hour, day, week or month, at
 * most {@link ActivityIntervals#MAX} in the range), {@code step_order} ({@code ordered}, the default,
 * {@code strict}: each later step the user's very next event, or {@code unordered}: the steps in any order),
 * {@code exclusions} (up to 5 of {@code {"event",
 * "filters", "from_step", "to_step"}}, steps by default the first and the last: an attempt with such an event
 * strictly between those steps' events is dropped), {@code breakdown_attribution} (with a breakdown: whose value
 * groups a user, {@code first_touch} by default, {@code last_touch} or {@code step} with
 * {@code breakdown_attribution_step}, a step number from 1), {@code counting} ({@code users}, the default, or
 * {@code conversions}: every attempt, not each user's counted one; not with unordered steps).
 */
public final class FunnelRequest {

    private static final Set<String> FIELDS = Set.of("steps", "conversion_window", "date_range", "timezone", "breakdown",
            "time_to_convert", "interval", "step_order", "exclusions", "breakdown_attribution", "breakdown_attribution_step",
            "counting");
    private static final Set<String> EXCLUSION_FIELDS = Set.of("event", "filters", "from_step", "to_step");
    private static final Set<String> TIME_TO_CONVERT_FIELDS = Set.of("from_step", "to_step", "bins");

    private FunnelRequest() {
    }

    public static Validated<FunnelQuery> parse(Object body, RequestContext context) {
        Wire wire = new Wire();
        QueryParts parts = new QueryParts(wire, context);
        Map<String, Object> object = wire.object(body, "", FIELDS);
        List<Object> items = wire.list(object.get("steps"), "steps");
        if (items.size() < FunnelQuery.MIN_STEPS || items.size() > FunnelQuery.MAX_STEPS) {
            wire.violation("steps", items.size() > FunnelQuery.MAX_STEPS ? ViolationKind.TOO_MANY : ViolationKind.MISSING,
                    "a funnel has 2 to 10 steps");
        }
        List<EventCriteria> steps = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            steps.add(parts.criteria(items.get(i), Wire.index("steps", i), false));
        }
        Duration window = window(wire, object);
        ZoneId zone = parts.zone(object);
        TimeRange range = parts.range(object, zone, "last_30d");
        List<Dimension> breakdown = parts.breakdown(object.get("breakdown"), FunnelQuery.MAX_BREAKDOWNS, FunnelRequest::refusal);
        Optional<TimeToConvert> timeToConvert = Optional.ofNullable(object.get("time_to_convert"))
                .flatMap(value -> timeToConvert(wire, value, items.size()));
        Optional<Granularity> trend = Optional.ofNullable(object.get("interval")).flatMap(value -> trend(wire, object, range, zone));
        StepOrder order = wire.text(object, "step_order", "step_order").map(label -> StepOrder.fromLabel(label).orElseGet(() -> {
            wire.violation("step_order", ViolationKind.UNSUPPORTED, "must be ordered, strict or unordered");
            return StepOrder.ORDERED;
        })).orElse(StepOrder.ORDERED);
        List<FunnelExclusion> exclusions = object.containsKey("exclusions")
                ? exclusions(wire, parts, object.get("exclusions"), items.size()) : List.of();
        // a breakdown named but refused is reported at breakdown alone
        Attribution attribution = attribution(wire, object, object.get("breakdown") != null, items.size());
        if (order == StepOrder.UNORDERED) {
            if (!exclusions.isEmpty()) {
                wire.violation("exclusions", ViolationKind.UNSUPPORTED, "an unordered funnel has no steps to exclude between");
            }
            if (!(attribution instanceof Attribution.FirstTouch)) {
                wire.violation(object.containsKey("breakdown_attribution") ? "breakdown_attribution" : "breakdown_attribution_step",
                        ViolationKind.UNSUPPORTED, "an unordered funnel's breakdown is its attempt's first event's");
            }
        }
        FunnelCounting counting = wire.text(object, "counting", "counting").map(label -> FunnelCounting.fromLabel(label)
                .orElseGet(() -> {
                    wire.violation("counting", ViolationKind.UNSUPPORTED, "must be users or conversions");
                    return FunnelCounting.USERS;
                })).orElse(FunnelCounting.USERS);
        if (counting == FunnelCounting.CONVERSIONS && order == StepOrder.UNORDERED) {
            wire.violation("counting", ViolationKind.UNSUPPORTED,
                    "an unordered funnel counts users: any step event would start an attempt");
        }
        if (!wire.violations.isEmpty()) {
            return new Validated.Invalid<>(wire.violations);
        }
        return new Validated.Valid<>(new FunnelQuery(context.projectId(), steps, window, range, zone, breakdown,
                timeToConvert, trend, order, exclusions, attribution, counting));
    }

    /** Why a dimension cannot group a funnel's users: a time or a session's value is no one event's. */
    private static Optional<String> refusal(Dimension dimension) {
        if (dimension instanceof Dimension.Time) {
            return Optional.of("a funnel breaks down by an event dimension, not by time");
        }
        return dimension.ofOneEvent() ? Optional.empty()
                : Optional.of("a funnel breaks down by an event's own value, not by " + dimension.label()
                        + " (a session's value, or the goals an event completes)");
    }

    /** The breakdown's attribution over a funnel of {@code steps} steps; first touch (with violations) when refused. */
    private static Attribution attribution(Wire wire, Map<String, Object> object, boolean brokenDown, int steps) {
        String field = "breakdown_attribution";
        String stepField = "breakdown_attribution_step";
        int before = wire.violations.size();
        Optional<String> label = wire.text(object, field, field);
        int last = Math.clamp(steps, FunnelQuery.MIN_STEPS, FunnelQuery.MAX_STEPS);
        Optional<Integer> step = wire.integer(object, stepField, stepField, 1, last);
        if (wire.violations.size() > before || label.isEmpty() && step.isEmpty()) {
            return Attribution.FIRST_TOUCH;
        }
        Attribution attribution = switch (label.orElse("step")) {
            case "first_touch" -> Attribution.FIRST_TOUCH;
            case "last_touch" -> new Attribution.LastTouch();
            case "step" -> step.<Attribution>map(Attribution.AtStep::new).orElse(null);
            default -> {
                wire.violation(field, ViolationKind.UNSUPPORTED, "must be first_touch, last_touch or step");
                yield Attribution.FIRST_TOUCH;
            }
        };
        if (attribution == null) {
            wire.violation(stepField, ViolationKind.MISSING, "breakdown_attribution step names its step");
            return Attribution.FIRST_TOUCH;
        }
        if (step.isPresent() && !(attribution instanceof Attribution.AtStep)) {
            wire.violation(stepField, ViolationKind.UNSUPPORTED, "only breakdown_attribution step names a step");
            return Attribution.FIRST_TOUCH;
        }
        if (!brokenDown && !(attribution instanceof Attribution.FirstTouch)) {
            wire.violation(label.isPresent() ? field : stepField, ViolationKind.UNSUPPORTED,
                    "an attribution chooses a breakdown's value: name a breakdown");
            return Attribution.FIRST_TOUCH;
        }
        return attribution;
    }

    /** The histogram's span over a funnel of {@code steps} steps; empty (with violations) when refused. */
    private static Optional<TimeToConvert> timeToConvert(Wire wire, Object value, int steps) {
        String field = "time_to_convert";
        int before = wire.violations.size();
        Map<String, Object> object = wire.object(value, field, TIME_TO_CONVERT_FIELDS);
        // a funnel of too few or too many steps is refused already; the bounds here stay those of a possible funnel
        int last = Math.clamp(steps, FunnelQuery.MIN_STEPS, FunnelQuery.MAX_STEPS);
        Optional<Integer> from = wire.integer(object, "from_step", Wire.join(field, "from_step"), 1, last - 1);
        Optional<Integer> to = wire.integer(object, "to_step", Wire.join(field, "to_step"), 2, last);
        int bins = wire.integer(object, "bins", Wire.join(field, "bins"), 1, TimeToConvert.MAX_BINS)
                .orElse(TimeToConvert.DEFAULT_BINS);
        if (wire.violations.size() > before) {
            return Optional.empty();
        }
        int fromStep = from.orElse(1);
        int toStep = to.orElse(last);
        if (toStep <= fromStep) {
            wire.violation(Wire.join(field, "from_step"), ViolationKind.OUT_OF_RANGE,
                    "must be an earlier step than to_step (" + toStep + ")");
            return Optional.empty();
        }
        return Optional.of(new TimeToConvert(fromStep, toStep, bins));
    }

    /** The exclusion steps over a funnel of {@code steps} steps; those refused are left out, with violations. */
    private static List<FunnelExclusion> exclusions(Wire wire, QueryParts parts, Object value, int steps) {
        List<Object> items = wire.list(value, "exclusions");
        if (items.size() > FunnelQuery.MAX_EXCLUSIONS) {
            wire.violation("exclusions", ViolationKind.TOO_MANY, "a funnel has at most " + FunnelQuery.MAX_EXCLUSIONS + " exclusions");
            return List.of();
        }
        int last = Math.clamp(steps, FunnelQuery.MIN_STEPS, FunnelQuery.MAX_STEPS);
        List<FunnelExclusion> exclusions = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String field = Wire.index("exclusions", i);
            int before = wire.violations.size();
            Map<String, Object> object = wire.object(items.get(i), field, EXCLUSION_FIELDS);
            if (!(items.get(i) instanceof Map)) {
                continue; // refused by the read already
            }
            Map<String, Object> criteria = new HashMap<>();
            for (String key : List.of("event", "filters")) {
                if (object.containsKey(key)) {
                    criteria.put(key, object.get(key));
                }
            }
            EventCriteria event = parts.criteria(criteria, field, false);
            int from = wire.integer(object, "from_step", Wire.join(field, "from_step"), 1, last - 1).orElse(1);
            int to = wire.integer(object, "to_step", Wire.join(field, "to_step"), 2, last).orElse(last);
            if (wire.violations.size() == before && to <= from) {
                wire.violation(Wire.join(field, "from_step"), ViolationKind.OUT_OF_RANGE,
                        "must be an earlier step than to_step (" + to + ")");
            }
            if (wire.violations.size() == before) {
                exclusions.add(new FunnelExclusion(event, from, to));
            }
        }
        return exclusions;
    }

    /** The trend's interval; empty (with a violation) when refused. */
    private static Optional<Granularity> trend(Wire wire, Map<String, Object> object, TimeRange range, ZoneId zone) {
        Optional<String> label = wire.text(object, "interval", "interval");
        if (label.isEmpty()) {
            return Optional.empty(); // not a string: refused by the read already
        }
        Optional<Granularity> interval = Granularity.fromLabel(label.get()).filter(ActivityIntervals.ALLOWED::contains);
        if (interval.isEmpty()) {
            wire.violation("interval", ViolationKind.UNSUPPORTED, "must be hour, day, week or month");
        } else if (range != null && TimeBuckets.count(range, interval.get(), zone, ActivityIntervals.MAX) > ActivityIntervals.MAX) {
            wire.violation("interval", ViolationKind.TOO_MANY, "the range holds more than " + ActivityIntervals.MAX + " "
                    + interval.get().label() + " intervals; choose a wider one or a shorter range");
            return Optional.empty();
        }
        return interval;
    }

    static Duration window(Wire wire, Map<String, Object> object) {
        return wire.duration(object, "conversion_window", Duration.ofSeconds(1), Duration.ofDays(365))
                .orElse(FunnelQuery.DEFAULT_WINDOW);
    }
}
