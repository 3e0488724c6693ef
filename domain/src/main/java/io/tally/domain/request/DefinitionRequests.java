package io.tally.domain.request;

import io.tally.domain.cohort.CohortDefinition;
import io.tally.domain.query.Filter;
import io.tally.domain.query.Formula;
import io.tally.domain.query.FormulaParser;
import io.tally.domain.query.Kpi;
import io.tally.domain.time.DateRange;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.ViolationKind;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes saved definitions. A KPI: {@code {"name", "expression", "description"}}. A cohort:
 * {@code {"name", "description", "rules": [{"did": true, "event", "min_count": 1, "date_range", "timezone",
 * "filters"}]}} (1–10 rules, all must hold). {@link #wire} gives the same shape back, which is how stores
 * keep definitions: a stored definition is read again through the same rules.
 */
public final class DefinitionRequests {

    public static final int MAX_RULES = 10;
    private static final Set<String> KPI_FIELDS = Set.of("name", "expression", "description");
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
        Formula formula = null;
        if (expression != null) {
            switch (FormulaParser.parse(expression, "expression")) {
                case Validated.Valid<Formula> valid -> formula = valid.value();
                case Validated.Invalid<Formula> invalid -> wire.violations.addAll(invalid.violations());
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
