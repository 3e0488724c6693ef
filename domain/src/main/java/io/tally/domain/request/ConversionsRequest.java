package io.tally.domain.request;

import io.tally.domain.goal.ConversionsQuery;
import io.tally.domain.goal.Goal;
import io.tally.domain.query.Filter;
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
 * Reads a goal-conversions body: {@code goals} (names of saved goals; left out, every saved goal), {@code filters},
 * {@code date_range} (default {@code last_30d}) and {@code timezone}.
 */
public final class ConversionsRequest {

    private static final Set<String> FIELDS = Set.of("goals", "filters", "date_range", "timezone");

    private ConversionsRequest() {
    }

    public static Validated<ConversionsQuery> parse(Object body, RequestContext context) {
        Wire wire = new Wire();
        QueryParts parts = new QueryParts(wire, context);
        Map<String, Object> object = wire.object(body, "", FIELDS);
        List<Goal> goals = object.containsKey("goals") ? named(wire, object.get("goals"), context.definitions())
                : context.definitions().goals();
        if (goals.size() > ConversionsQuery.MAX_GOALS) {
            wire.violation("goals", ViolationKind.TOO_MANY, object.containsKey("goals")
                    ? "at most " + ConversionsQuery.MAX_GOALS + " goals in one answer"
                    : "the project has more than " + ConversionsQuery.MAX_GOALS + " saved goals: name the ones to answer in goals");
        }
        List<Filter> filters = parts.filters(object.get("filters"), "filters", true, true);
        ZoneId zone = parts.zone(object);
        TimeRange range = parts.range(object, zone, "last_30d");
        if (!wire.violations.isEmpty()) {
            return new Validated.Invalid<>(wire.violations);
        }
        return new Validated.Valid<>(new ConversionsQuery(context.projectId(), goals, filters, range, zone));
    }

    private static List<Goal> named(Wire wire, Object value, Definitions definitions) {
        List<Object> items = wire.list(value, "goals");
        if (value instanceof List && items.isEmpty()) {
            wire.violation("goals", ViolationKind.MISSING, "name at least one goal, or leave the field out for all");
        }
        List<Goal> goals = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size() && i <= ConversionsQuery.MAX_GOALS; i++) {
            String field = Wire.index("goals", i);
            if (!(items.get(i) instanceof String name)) {
                wire.violation(field, ViolationKind.WRONG_TYPE, "must be a goal's name");
            } else if (!seen.add(name)) {
                wire.violation(field, ViolationKind.MALFORMED, "is named twice");
            } else {
                Optional<Goal> goal = definitions.goal(name);
                goal.ifPresentOrElse(goals::add, () -> wire.violation(field, ViolationKind.UNSUPPORTED, "no saved goal has this name"));
            }
        }
        return goals;
    }
}
