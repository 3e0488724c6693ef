package io.tally.domain.request;

import io.tally.domain.annotation.Annotation;
import io.tally.domain.cohort.CohortDefinition;
import io.tally.domain.event.UnicodeText;
import io.tally.domain.goal.Goal;
import io.tally.domain.goal.PagePattern;
import io.tally.domain.query.Filter;
import io.tally.domain.query.Formula;
import io.tally.domain.query.FormulaParser;
import io.tally.domain.query.Kpi;
import io.tally.domain.query.Metric;
import io.tally.domain.time.DateRange;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.ViolationKind;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes saved definitions. A KPI: {@code {"name", "expression", "description"}}. A cohort:
 * {@code {"name", "description", "rules": [{"did": true, "event", "min_count": 1, "date_range", "timezone",
 * "filters"}]}} (1–10 rules, all must hold). A goal: {@code {"name", "description", "event"}} or
 * {@code {"name", "description", "page"}} (a path with {@code *} and {@code **} wildcards), with optional {@code filters}.
 * An annotation: {@code {"at", "text"}} (its id is given by the caller: a new one, or the one it replaces). {@link #wire} gives the same shape back, which is how stores
 * keep definitions: a stored definition is read again through the same rules.
 */
public final class DefinitionRequests {

    public static final int MAX_RULES = 10;
    private static final Set<String> KPI_FIELDS = Set.of("name", "expression", "description");
    private static final Set<String> GOAL_FIELDS = Set.of("name", "description", "event", "page", "filters");
    private static final Set<String> ANNOTATION_FIELDS = Set.of("id", "at", "text");
    private static final Set<String> COHORT_FIELDS = Set.of("name", "description", "rules");
    private static final Set<String> RULE_FIELDS = Set.of("did", "event", "min_count", "date_range", "timezone", "filters");

    private DefinitionRequests() {
    }

    public static Validated<Kpi> kpi(Object body) {
        Wire wire = new Wire();
        Map<String, Object> object = wire.object(body, "", KPI_FIELDS);
        String name = name(wire, object);
        String description = description(wire, object);
        String expression = wire.requiredText(object, "expression", "expression");
        Formula<Metric> formula = null;
        if (expression != null) {
            switch (FormulaParser.parse(expression, "expression")) {
                case Validated.Valid<Formula<Metric>> valid -> formula = valid.value();
                case Validated.Invalid<Formula<Metric>> invalid -> wire.violations.addAll(invalid.violations());
            }
        }
        if (!wire.violations.isEmpty()) {
            return new Validated.Invalid<>(wire.violations);
        }
        return new Validated.Valid<>(new Kpi(name, description, expression, formula));
    }

    public static Validated<CohortDefinition> cohort(Object body, RequestContext context) {
        Wire wire = new Wire();
        QueryParts parts = new QueryParts(wire, context);
        Map<String, Object> object = wire.object(body, "", COHORT_FIELDS);
        String name = name(wire, object);
        String description = description(wire, object);
        List<Object> items = wire.list(object.get("rules"), "rules");
        if (items.isEmpty() || items.size() > MAX_RULES) {
            wire.violation("rules", items.isEmpty() ? ViolationKind.MISSING : ViolationKind.TOO_MANY,
                    "a cohort has 1 to " + MAX_RULES + " rules");
        }
        List<CohortDefinition.Rule> rules = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String field = Wire.index("rules", i);
            Map<String, Object> rule = wire.object(items.get(i), field, RULE_FIELDS);
            boolean did = wire.flag(rule, "did", Wire.join(field, "did")).orElse(true);
            String event = wire.requiredText(rule, "event", Wire.join(field, "event"));
            if (event != null && !parts.eventType(event, Wire.join(field, "event"))) {
                event = null;
            }
            int minCount = wire.integer(rule, "min_count", Wire.join(field, "min_count"), 1, 1_000_000).orElse(1);
            Optional<DateRange> range = parts.dateRange(rule.get("date_range"), Wire.join(field, "date_range"), "last_30d");
            ZoneId zone = parts.zone(rule, Wire.join(field, "timezone"));
            List<Filter.Match> filters = parts.valueFilters(rule.get("filters"), Wire.join(field, "filters"));
            if (event != null && range.isPresent() && zone != null) {
                rules.add(new CohortDefinition.Rule(did, event, minCount, range.get(), zone, filters));
            }
        }
        if (!wire.violations.isEmpty()) {
            return new Validated.Invalid<>(wire.violations);
        }
        return new Validated.Valid<>(new CohortDefinition(name, description, rules));
    }

    public static Validated<Goal> goal(Object body, RequestContext context) {
        Wire wire = new Wire();
        QueryParts parts = new QueryParts(wire, context);
        Map<String, Object> object = wire.object(body, "", GOAL_FIELDS);
        String name = name(wire, object);
        String description = description(wire, object);
        Optional<String> event = wire.text(object, "event", "event");
        Optional<String> page = wire.text(object, "page", "page");
        List<Filter.Match> filters = parts.valueFilters(object.get("filters"), "filters");
        Goal.Target target = null;
        if (event.isPresent() && page.isPresent()) {
            wire.violation("page", ViolationKind.UNSUPPORTED, "a goal is an event or a page, not both");
        } else if (event.isPresent()) {
            target = parts.eventType(event.get(), "event") ? new Goal.CustomEvent(event.get()) : null;
        } else if (page.isPresent()) {
            target = pages(wire, page.get());
        } else if (!object.containsKey("event") && !object.containsKey("page")) { // one of another type is named already
            wire.violation("event", ViolationKind.MISSING, "name the goal's event, or its page");
        }
        if (!wire.violations.isEmpty()) {
            return new Validated.Invalid<>(wire.violations);
        }
        return new Validated.Valid<>(new Goal(name, description, target, filters));
    }

    private static Goal.Target pages(Wire wire, String text) {
        try {
            PagePattern pattern = new PagePattern(text);
            pattern.regex();
            return new Goal.PageVisit(pattern);
        } catch (IllegalArgumentException e) {
            wire.violation("page", ViolationKind.MALFORMED, "a page path of 1 to " + PagePattern.MAX_LENGTH
                    + " characters, * for any characters but /, ** for any characters: " + e.getMessage());
            return null;
        }
    }

    /**
     * An annotation under {@code id}: a new one's, or the one it replaces. The body may repeat the id (the stored form
     * holds it), never name another.
     */
    public static Validated<Annotation> annotation(Object body, String id) {
        Wire wire = new Wire();
        Map<String, Object> fields = wire.object(body, "", ANNOTATION_FIELDS);
        wire.text(fields, "id", "id").filter(given -> !given.equals(id))
                .ifPresent(given -> wire.violation("id", ViolationKind.MALFORMED, "is the annotation's own; leave it out"));
        if (!Annotation.ID.matcher(id).matches()) {
            wire.violation("id", ViolationKind.MALFORMED, "an annotation id is 16 lower-case hex digits");
        }
        Instant at = null;
        String written = wire.requiredText(fields, "at", "at");
        if (written != null) {
            try {
                at = OffsetDateTime.parse(written).toInstant();
            } catch (DateTimeParseException e) {
                wire.violation("at", ViolationKind.MALFORMED, "must be an ISO-8601 date-time with an offset, such as 2026-11-28T09:30:00+01:00");
            }
        }
        String text = wire.requiredText(fields, "text", "text");
        if (text != null && (text.length() > Annotation.MAX_TEXT || UnicodeText.problem(text).isPresent())) {
            wire.violation("text", ViolationKind.TOO_LONG, "1 to " + Annotation.MAX_TEXT + " characters of valid text");
        }
        if (!wire.violations.isEmpty()) {
            return new Validated.Invalid<>(wire.violations);
        }
        return new Validated.Valid<>(new Annotation(id, at, text));
    }

    /** The stored form: the id, the moment in UTC and the text. */
    public static Map<String, Object> wire(Annotation annotation) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("id", annotation.id());
        wire.put("at", annotation.at().toString());
        wire.put("text", annotation.text());
        return wire;
    }

    public static Map<String, Object> wire(Goal goal) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("name", goal.name());
        wire.put("description", goal.description());
        switch (goal.target()) {
            case Goal.CustomEvent event -> wire.put("event", event.eventType());
            case Goal.PageVisit page -> wire.put("page", page.pages().text());
        }
        wire.put("filters", goal.filters().stream().map(DefinitionRequests::wire).toList());
        return wire;
    }

    public static Map<String, Object> wire(Kpi kpi) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("name", kpi.name());
        wire.put("description", kpi.description());
        wire.put("expression", kpi.expression());
        return wire;
    }

    public static Map<String, Object> wire(CohortDefinition cohort) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("name", cohort.name());
        wire.put("description", cohort.description());
        List<Object> rules = new ArrayList<>();
        for (CohortDefinition.Rule rule : cohort.rules()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("did", rule.did());
            r.put("event", rule.eventType());
            r.put("min_count", rule.minCount());
            r.put("date_range", rule.range().wire());
            r.put("timezone", rule.zone().getId());
            r.put("filters", rule.filters().stream().map(DefinitionRequests::wire).toList());
            rules.add(r);
        }
        wire.put("rules", rules);
        return wire;
    }

    public static List<Object> wire(Filter.Match filter) {
        return List.of(filter.op().label(), filter.dimension().label(), filter.values());
    }

    private static String name(Wire wire, Map<String, Object> object) {
        String name = wire.requiredText(object, "name", "name");
        if (name != null && !Kpi.NAME.matcher(name).matches()) {
            wire.violation("name", ViolationKind.MALFORMED, "use lower-case letters, digits and _, starting with a letter (at most 64)");
            return null;
        }
        return name;
    }

    private static String description(Wire wire, Map<String, Object> object) {
        String description = wire.text(object, "description", "description").orElse("");
        if (description.length() > 1000) {
            wire.violation("description", ViolationKind.TOO_LONG, "at most 1000 characters");
        }
        return description;
    }

}
