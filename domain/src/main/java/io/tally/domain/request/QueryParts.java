package io.tally.domain.request;

import io.tally.domain.cohort.CohortDefinition;
import io.tally.domain.event.EventTypes;
import io.tally.domain.goal.ConversionsQuery;
import io.tally.domain.goal.Goal;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.query.FilterPattern;
import io.tally.domain.time.DateRange;
import io.tally.domain.time.TimeRange;
import io.tally.domain.time.TimeZones;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The pieces every query body shares: time zone, date range, dimensions, filters and event criteria. */
final class QueryParts {

    static final int MAX_FILTERS = 20;
    static final int MAX_FILTER_VALUES = 100;
    static final int MAX_VALUE_LENGTH = 1024;
    private static final String DIMENSIONS = "time:minute|hour|day|week|month, event_type, prop:<key>, "
            + String.join(", ", Dimension.NAMED_PROPERTIES) + ", entry_page, exit_page, source, channel, goal";

    private final Wire wire;
    private final RequestContext context;
    private int patternInstructions;
    private int patternsSpelledOut;

    QueryParts(Wire wire, RequestContext context) {
        this.wire = wire;
        this.context = context;
    }

    /** The zone the body names (UTC when none), or null after a violation: only zones both stores cut alike. */
    ZoneId zone(Map<String, Object> body) {
        return zone(body, "timezone");
    }

    ZoneId zone(Map<String, Object> body, String field) {
        return wire.text(body, "timezone", field).map(name -> TimeZones.parse(name).orElseGet(() -> {
            wire.violation(field, ViolationKind.MALFORMED, TimeZones.EXPECTED);
            return null;
        })).orElse(TimeZones.UTC);
    }

    Optional<DateRange> dateRange(Object value, String field, String fallback) {
        if (value == null) {
            return Optional.of(new DateRange.Relative(fallback));
        }
        Optional<DateRange> range = DateRange.parse(value);
        if (range.isEmpty()) {
            wire.violation(field, ViolationKind.MALFORMED, "must be one of " + DateRange.KEYWORDS
                    + ", a pair of dates [\"2026-10-01\", \"2026-10-31\"] (both included) or of ISO date-times with offsets");
        }
        return range;
    }

    /** The range resolved in {@code zone}, or null after a violation. */
    TimeRange range(Map<String, Object> body, ZoneId zone, String fallback) {
        Optional<DateRange> range = dateRange(body.get("date_range"), "date_range", fallback);
        if (range.isEmpty() || zone == null) {
            return null;
        }
        try {
            return range.get().resolve(context.now(), zone, context.firstEvent());
        } catch (IllegalArgumentException | DateTimeException e) { // a store's failure to tell the first event is not the request's
            wire.violation("date_range", ViolationKind.OUT_OF_RANGE, "is not a valid range: " + e.getMessage());
            return null;
        }
    }

    Dimension dimension(Object value, String field) {
        if (Dimension.Goal.LABEL.equals(value)) {
            return goals(field);
        }
        if (value instanceof String label) {
            Optional<Dimension> dimension = Dimension.fromLabel(label);
            if (dimension.isPresent()) {
                return dimension.get();
            }
            wire.violation(field, ViolationKind.UNSUPPORTED, "unknown dimension; known dimensions are " + DIMENSIONS);
            return null;
        }
        wire.violation(field, ViolationKind.WRONG_TYPE, "must be a dimension name");
        return null;
    }

    /** The project's saved goals as a dimension, or null after a violation: none saved, or more than one answer takes. */
    private Dimension goals(String field) {
        List<Goal> goals = context.definitions().goals();
        if (goals.isEmpty() || goals.size() > ConversionsQuery.MAX_GOALS) {
            wire.violation(field, ViolationKind.UNSUPPORTED, (goals.isEmpty()
                    ? "goal groups by the project's saved goals and none is saved (POST /v1/goals)"
                    : "goal groups by the project's saved goals and it has more than " + ConversionsQuery.MAX_GOALS
                    + " (filter by goal instead)") + "; reports and trend breakdowns take it");
            return null;
        }
        return Goal.dimension(goals);
    }

    /**
     * A breakdown: one dimension as a string, or 1 to {@code max} different ones as an array; none when absent.
     * {@code refusal} says why a dimension cannot group this insight (empty when it can).
     */
    List<Dimension> breakdown(Object value, int max, Function<Dimension, Optional<String>> refusal) {
        if (value == null) {
            return List.of();
        }
        boolean listed = value instanceof List<?>;
        List<Object> items = listed ? wire.list(value, "breakdown") : List.of(value);
        if (listed && (items.isEmpty() || items.size() > max)) {
            wire.violation("breakdown", items.isEmpty() ? ViolationKind.MISSING : ViolationKind.TOO_MANY,
                    "names 1 to " + max + " dimensions");
            return List.of();
        }
        List<Dimension> dimensions = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String field = listed ? Wire.index("breakdown", i) : "breakdown";
            Dimension dimension = dimension(items.get(i), field);
            if (dimension == null) {
                continue;
            }
            Optional<String> refused = refusal.apply(dimension);
            if (refused.isPresent()) {
                wire.violation(field, ViolationKind.UNSUPPORTED, refused.get());
            } else if (dimensions.contains(dimension)) {
                wire.violation(field, ViolationKind.UNSUPPORTED, "names a dimension the breakdown has already");
            } else {
                dimensions.add(dimension);
            }
        }
        return dimensions;
    }

    List<Filter> filters(Object value, String field, boolean cohortsAllowed) {
        return filters(value, field, cohortsAllowed, false);
    }

    /** @param visitsAllowed whether {@code visit:*} filters may select whole sessions (reports and what is made of them) */
    List<Filter> filters(Object value, String field, boolean cohortsAllowed, boolean visitsAllowed) {
        List<Object> items = wire.list(value, field);
        if (items.size() > MAX_FILTERS) {
            wire.violation(field, ViolationKind.TOO_MANY, "at most " + MAX_FILTERS + " filters");
            return List.of();
        }
        List<Filter> filters = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Filter filter = filter(items.get(i), Wire.index(field, i), cohortsAllowed, visitsAllowed);
            if (filter != null) {
                filters.add(filter);
            }
        }
        return filters;
    }

    List<Filter.Match> valueFilters(Object value, String field) {
        return filters(value, field, false).stream().map(Filter.Match.class::cast).toList();
    }

    private Filter filter(Object value, String field, boolean cohortsAllowed, boolean visitsAllowed) {
        if (!(value instanceof List<?> parts) || parts.size() != 3) {
            wire.violation(field, ViolationKind.MALFORMED, "a filter is [operator, dimension, [values]], "
                    + "for example [\"is\", \"country\", [\"DE\", \"FR\"]]");
            return null;
        }
        if (!(parts.get(0) instanceof String opName)) {
            wire.violation(Wire.index(field, 0), ViolationKind.WRONG_TYPE, "must be an operator name");
            return null;
        }
        List<String> values = values(parts.get(2), Wire.index(field, 2));
        if (opName.equals("in_cohort")) {
            return cohortFilter(parts.get(1), values, field, cohortsAllowed);
        }
        Optional<FilterOp> op = FilterOp.fromLabel(opName);
        if (op.isEmpty()) {
            wire.violation(Wire.index(field, 0), ViolationKind.UNSUPPORTED,
                    "unknown operator; known operators are is, is_not, contains, matches, gt, lt, in_cohort");
            return null;
        }
        if (Filter.GoalMatch.DIMENSION.equals(parts.get(1))) {
            return goalFilter(op.get(), values, field, visitsAllowed);
        }
        if (parts.get(1) instanceof String name && name.startsWith(Filter.VisitMatch.PREFIX)) {
            return visitFilter(op.get(), name.substring(Filter.VisitMatch.PREFIX.length()), values, field, visitsAllowed);
        }
        Dimension dimension = dimension(parts.get(1), Wire.index(field, 1));
        if (dimension instanceof Dimension.Time) {
            wire.violation(Wire.index(field, 1), ViolationKind.UNSUPPORTED, "filter time with date_range, not a filter");
            return null;
        }
        if (dimension != null && !dimension.ofOneEvent()) {
            wire.violation(Wire.index(field, 1), ViolationKind.UNSUPPORTED, "a filter tests one event; "
                    + dimension.label() + " is not one event's value, so reports group by it but nothing filters by it");
            return null;
        }
        if (dimension == null || values == null) {
            return null;
        }
        return switch (op.get()) {
            case GT, LT -> comparison(op.get(), dimension, values, field);
            case MATCHES -> patterns(dimension, values, field);
            default -> new Filter.Match(op.get(), dimension, values);
        };
    }

    /** {@code ["is", "visit:source", ["Google"]]}: sessions by a value of theirs, where whole sessions can be selected. */
    private Filter visitFilter(FilterOp op, String name, List<String> values, String field, boolean allowed) {
        String dimensionField = Wire.index(field, 1);
        if (!allowed) {
            wire.violation(dimensionField, ViolationKind.UNSUPPORTED, "visit filters select whole sessions of a query's range: "
                    + "reports, trends and goal conversions take them, nothing that tests one event does");
            return null;
        }
        Optional<Dimension> dimension = Dimension.fromLabel(name).filter(Filter.VisitMatch::isOfVisits);
        if (dimension.isEmpty()) {
            wire.violation(dimensionField, ViolationKind.UNSUPPORTED, "a visit filter takes visit:entry_page, visit:exit_page, "
                    + "visit:source, visit:channel, or visit:<property> (the session's first event's: visit:country, visit:prop:plan)");
            return null;
        }
        if (op == FilterOp.GT || op == FilterOp.LT) {
            wire.violation(Wire.index(field, 0), ViolationKind.UNSUPPORTED, "a visit filter compares text: is, is_not, contains or matches");
            return null;
        }
        if (values == null) {
            return null;
        }
        if (op == FilterOp.MATCHES && !patternsFit(values, field)) {
            return null;
        }
        return new Filter.VisitMatch(op, dimension.get(), values);
    }

    private Filter comparison(FilterOp op, Dimension dimension, List<String> values, String field) {
        if (!(dimension instanceof Dimension.Property)) {
            wire.violation(Wire.index(field, 1), ViolationKind.UNSUPPORTED, op.label() + " compares a numeric property");
            return null;
        }
        if (values.size() != 1) {
            wire.violation(Wire.index(field, 2), ViolationKind.MALFORMED, op.label() + " takes exactly one number");
            return null;
        }
        try {
            BigDecimal number = new BigDecimal(values.getFirst());
            return new Filter.Match(op, dimension, List.of(number.toPlainString()));
        } catch (NumberFormatException e) {
            wire.violation(Wire.index(field, 2), ViolationKind.MALFORMED, op.label() + " takes a number");
            return null;
        }
    }

    private Filter patterns(Dimension dimension, List<String> values, String field) {
        return patternsFit(values, field) ? new Filter.Match(FilterOp.MATCHES, dimension, values) : null;
    }

    /** Whether each pattern is one the stores run, and all of the query's together fit its budget (a violation if not). */
    private boolean patternsFit(List<String> values, String field) {
        for (int i = 0; i < values.size(); i++) {
            String at = Wire.index(Wire.index(field, 2), i);
            switch (FilterPattern.check(values.get(i))) {
                case FilterPattern.Checked.Refused refused -> {
                    wire.violation(at, refused.kind(), refused.reason());
                    return false;
                }
                case FilterPattern.Checked.Valid valid -> {
                    // each is evaluated for every event a live view sees, and checked at every request
                    patternInstructions += valid.pattern().instructions();
                    patternsSpelledOut += valid.pattern().spelledOut();
                    if (patternInstructions > FilterPattern.MAX_QUERY_INSTRUCTIONS
                            || patternsSpelledOut > FilterPattern.MAX_QUERY_SPELLED_OUT) {
                        wire.violation(at, ViolationKind.TOO_LARGE, "the patterns of one query compile to at most "
                                + FilterPattern.MAX_QUERY_INSTRUCTIONS + " instructions and spell out at most "
                                + FilterPattern.MAX_QUERY_SPELLED_OUT + " characters of Unicode classes (\\p{L} is about 2,200), together");
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * {@code ["is", "goal", ["signup"]]}: the events of saved goals (or with is_not, the others), where the visit filters
     * are taken (reports and what is made of them): a goal is a question about a visitor's events, not one event's test.
     */
    private Filter goalFilter(FilterOp op, List<String> names, String field, boolean allowed) {
        if (!allowed) {
            wire.violation(Wire.index(field, 1), ViolationKind.UNSUPPORTED, "goal filters select the events of saved goals: "
                    + "reports, trends and goal conversions take them, nothing that tests one event does");
            return null;
        }
        if (op != FilterOp.IS && op != FilterOp.IS_NOT) {
            wire.violation(Wire.index(field, 0), ViolationKind.UNSUPPORTED, "a goal filter is is or is_not");
            return null;
        }
        if (names == null) {
            return null;
        }
        List<EventCriteria> goals = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Optional<Goal> goal = context.definitions().goal(names.get(i));
            if (goal.isEmpty()) {
                wire.violation(Wire.index(Wire.index(field, 2), i), ViolationKind.UNSUPPORTED, "no saved goal has this name");
            } else {
                goals.add(goal.get().criteria());
            }
        }
        return goals.size() == names.size() ? new Filter.GoalMatch(op, names, goals) : null;
    }

    private Filter cohortFilter(Object dimension, List<String> names, String field, boolean allowed) {
        if (!allowed) {
            wire.violation(Wire.index(field, 0), ViolationKind.UNSUPPORTED, "in_cohort is not allowed here");
            return null;
        }
        if (!"user".equals(dimension)) {
            wire.violation(Wire.index(field, 1), ViolationKind.MALFORMED, "in_cohort applies to \"user\"");
            return null;
        }
        if (names == null || names.size() != 1) {
            wire.violation(Wire.index(field, 2), ViolationKind.MALFORMED, "in_cohort takes one cohort name");
            return null;
        }
        Optional<CohortDefinition> cohort = context.definitions().cohort(names.getFirst());
        if (cohort.isEmpty()) {
            wire.violation(Wire.index(field, 2), ViolationKind.UNSUPPORTED, "no saved cohort has this name");
            return null;
        }
        return new Filter.InCohort(cohort.get().resolve(context.now()));
    }

    private List<String> values(Object value, String field) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            wire.violation(field, ViolationKind.MALFORMED, "must be a non-empty array of values");
            return null;
        }
        if (list.size() > MAX_FILTER_VALUES) {
            wire.violation(field, ViolationKind.TOO_MANY, "at most " + MAX_FILTER_VALUES + " values");
            return null;
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            String text = switch (item) {
                case String s -> s;
                case Boolean b -> b.toString();
                case Number n -> new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
                case null, default -> null;
            };
            if (text == null) {
                wire.violation(Wire.index(field, i), ViolationKind.WRONG_TYPE, "must be a string, number or boolean");
                return null;
            }
            if (text.length() > MAX_VALUE_LENGTH) {
                wire.violation(Wire.index(field, i), ViolationKind.TOO_LONG, "at most " + MAX_VALUE_LENGTH + " characters");
                return null;
            }
            values.add(text);
        }
        return values;
    }

    /** An event type with filters: {@code {"event": "sign_up", "filters": [...]}}; the type is optional when {@code anyAllowed}. */
    EventCriteria criteria(Object value, String field, boolean anyAllowed) {
        Map<String, Object> body = wire.object(value, field, Set.of("event", "filters"));
        Optional<String> type = wire.text(body, "event", Wire.join(field, "event"));
        if (type.isEmpty() && !anyAllowed && value instanceof Map && body.get("event") == null) { // a wrong type is named already
            wire.violation(Wire.join(field, "event"), ViolationKind.MISSING, "is required");
        }
        Optional<String> valid = type.filter(t -> eventType(t, Wire.join(field, "event")));
        List<Filter> filters = filters(body.get("filters"), Wire.join(field, "filters"), true);
        return new EventCriteria(valid, filters);
    }

    /** Whether {@code type} is an event type by the rule ingest applies (a violation of {@code field} if not). */
    boolean eventType(String type, String field) {
        Optional<Violation> problem = EventTypes.check(field, type);
        problem.ifPresent(v -> wire.violation(v.field(), v.kind(), v.message()));
        return problem.isEmpty();
    }
}
