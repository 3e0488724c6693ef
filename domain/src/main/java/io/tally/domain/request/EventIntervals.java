package io.tally.domain.request;

import io.tally.domain.query.EventCriteria;
import io.tally.domain.time.ActivityIntervals;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeBuckets;
import io.tally.domain.time.TimeRange;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.ViolationKind;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The body a stickiness and a lifecycle share: {@code event} (an event type; left out, any event) and {@code filters},
 * {@code interval} (hour, day (default), week, month), {@code date_range} (default {@code last_30d}), {@code timezone}.
 */
record EventIntervals(EventCriteria event, Granularity interval, TimeRange range, ZoneId zone) {

    private static final Set<String> FIELDS = Set.of("event", "filters", "interval", "date_range", "timezone");

    /** The body read, at most {@link ActivityIntervals#MAX} intervals in its range. */
    static Validated<EventIntervals> parse(Object body, RequestContext context) {
        Wire wire = new Wire();
        QueryParts parts = new QueryParts(wire, context);
        Map<String, Object> object = wire.object(body, "", FIELDS);
        Map<String, Object> criteria = new HashMap<>();
        for (String key : Set.of("event", "filters")) {
            if (object.containsKey(key)) {
                criteria.put(key, object.get(key));
            }
        }
        EventCriteria event = parts.criteria(criteria, "", true);
        Granularity interval = wire.text(object, "interval", "interval").map(label -> Granularity.fromLabel(label)
                .filter(ActivityIntervals.ALLOWED::contains).orElseGet(() -> {
                    wire.violation("interval", ViolationKind.UNSUPPORTED, "must be hour, day, week or month");
                    return Granularity.DAY;
                })).orElse(Granularity.DAY);
        ZoneId zone = parts.zone(object);
        TimeRange range = parts.range(object, zone, "last_30d");
        if (wire.violations.isEmpty() && TimeBuckets.count(range, interval, zone, ActivityIntervals.MAX) > ActivityIntervals.MAX) {
            wire.violation("interval", ViolationKind.TOO_MANY, "the range holds more than " + ActivityIntervals.MAX + " "
                    + interval.label() + " intervals; choose a wider one or a shorter range");
        }
        if (!wire.violations.isEmpty()) {
            return new Validated.Invalid<>(wire.violations);
        }
        return new Validated.Valid<>(new EventIntervals(event, interval, range, zone));
    }
}
