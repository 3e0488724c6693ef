package io.tally.domain.request;

import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.time.TimeRange;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.ViolationKind;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a funnel body: {@code steps} (2–10 of {@code {"event", "filters"}}), {@code conversion_window}
 * ({@code 30m}, {@code 2h}, {@code 14d}; default 14d, at most 365d), {@code date_range} (default {@code last_30d}),
 * {@code timezone}, {@code breakdown} (one event dimension).
 */
public final class FunnelRequest {

    private static final Set<String> FIELDS = Set.of("steps", "conversion_window", "date_range", "timezone", "breakdown");

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
        Optional<Dimension> breakdown = Optional.ofNullable(object.get("breakdown"))
                .map(value -> parts.dimension(value, "breakdown"));
        if (breakdown.filter(d -> d instanceof Dimension.Time).isPresent()) {
            wire.violation("breakdown", ViolationKind.UNSUPPORTED, "a funnel breaks down by an event dimension, not by time");
        }
        if (breakdown.filter(d -> !d.ofOneEvent()).isPresent()) {
            wire.violation("breakdown", ViolationKind.UNSUPPORTED, "a funnel breaks down by an event dimension, not by a session's exit page");
        }
        if (!wire.violations.isEmpty()) {
            return new Validated.Invalid<>(wire.violations);
        }
        return new Validated.Valid<>(new FunnelQuery(context.projectId(), steps, window, range, zone, breakdown));
    }

    static Duration window(Wire wire, Map<String, Object> object) {
        return wire.duration(object, "conversion_window", Duration.ofSeconds(1), Duration.ofDays(365))
                .orElse(FunnelQuery.DEFAULT_WINDOW);
    }
}
