package io.tally.domain.request;

import io.tally.domain.path.PathDirection;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.time.TimeRange;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.ViolationKind;

import java.time.ZoneId;
import java.util.Map;
import java.util.Set;

/**
 * Reads a paths body: {@code anchor} ({@code {"event", "filters"}}), {@code direction} (next (default) or
 * previous), {@code steps} (1–5, default 3), {@code top} (1–100, default 5), {@code node} (an event dimension,
 * default {@code event_type}), {@code date_range} (default {@code last_7d}), {@code timezone}.
 */
public final class PathsRequest {

    private static final Set<String> FIELDS = Set.of("anchor", "direction", "steps", "top", "node", "date_range", "timezone");

    private PathsRequest() {
    }

    public static Validated<PathsQuery> parse(Object body, RequestContext context) {
        Wire wire = new Wire();
        QueryParts parts = new QueryParts(wire, context);
        Map<String, Object> object = wire.object(body, "", FIELDS);
        if (!object.containsKey("anchor")) {
            wire.violation("anchor", ViolationKind.MISSING, "is required, for example {\"event\": \"page_view\"}");
        }
        EventCriteria anchor = object.containsKey("anchor") ? parts.criteria(object.get("anchor"), "anchor", false) : null;
        PathDirection direction = wire.text(object, "direction", "direction").map(label -> PathDirection.fromLabel(label)
                .orElseGet(() -> {
                    wire.violation("direction", ViolationKind.UNSUPPORTED, "must be next or previous");
                    return PathDirection.NEXT;
                })).orElse(PathDirection.NEXT);
        int steps = wire.integer(object, "steps", "steps", 1, PathsQuery.MAX_STEPS).orElse(3);
        int top = wire.integer(object, "top", "top", 1, PathsQuery.MAX_TOP).orElse(5);
        Dimension node = object.containsKey("node") ? parts.dimension(object.get("node"), "node") : new Dimension.EventType();
        if (node instanceof Dimension.Time) {
            wire.violation("node", ViolationKind.UNSUPPORTED, "a path node is an event dimension, not time");
        }
        if (node != null && !node.ofOneEvent()) {
            wire.violation("node", ViolationKind.UNSUPPORTED, "a path node is an event's own value, not " + node.label()
                    + " (a session's value, or the goals an event completes)");
        }
        ZoneId zone = parts.zone(object);
        TimeRange range = parts.range(object, zone, "last_7d");
        if (!wire.violations.isEmpty()) {
            return new Validated.Invalid<>(wire.violations);
        }
        return new Validated.Valid<>(new PathsQuery(context.projectId(), anchor, direction, steps, top, node, range, zone));
    }
}
