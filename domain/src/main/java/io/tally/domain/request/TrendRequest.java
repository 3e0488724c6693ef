package io.tally.domain.request;

import io.tally.domain.goal.Goal;
import io.tally.domain.query.Compare;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.Filter;
import io.tally.domain.query.Formula;
import io.tally.domain.query.FormulaParser;
import io.tally.domain.query.Metric;
import io.tally.domain.query.MetricRef;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeBuckets;
import io.tally.domain.time.TimeRange;
import io.tally.domain.trend.TrendFormula;
import io.tally.domain.trend.TrendQuery;
import io.tally.domain.trend.TrendSeries;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.ViolationKind;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a trend body: {@code series} (1 to {@link TrendQuery#MAX_SERIES} objects of {@code event} (left out: any
 * event) or {@code goal} (a saved goal's events), {@code filters} and {@code metric} (default {@code events}; a
 * built-in metric or {@code kpi:<name>})),
 * {@code formulas} (objects of {@code expression} over the series' letters and an optional {@code name}),
 * {@code filters} for every series, {@code interval} (default day), {@code breakdown} (a dimension but time, or an array
 * of up to {@value TrendQuery#MAX_BREAKDOWNS} different ones),
 * {@code breakdown_limit} (default {@value TrendQuery#DEFAULT_BREAKDOWN_LIMIT}), {@code date_range} (default
 * {@code last_30d}), {@code timezone} and {@code compare} ({@code previous_period} or {@code previous_year}).
 */
public final class TrendRequest {

    /** The most values one answer holds: periods times lines. */
    public static final int MAX_VALUES = 100_000;

    private static final Set<String> FIELDS = Set.of("series", "formulas", "filters", "interval", "breakdown",
            "breakdown_limit", "date_range", "timezone", "compare");
    private static final Set<String> SERIES_FIELDS = Set.of("event", "goal", "filters", "metric");
    private static final Set<String> FORMULA_FIELDS = Set.of("expression", "name");
    private static final int MAX_NAME_LENGTH = 100;

    private TrendRequest() {
    }

    public static Validated<TrendQuery> parse(Object body, RequestContext context) {
        Wire wire = new Wire();
        QueryParts parts = new QueryParts(wire, context);
        Map<String, Object> object = wire.object(body, "", FIELDS);
        List<TrendSeries> series = series(wire, parts, object.get("series"), context.definitions());
        List<TrendFormula> formulas = formulas(wire, object.get("formulas"), series.size());
        List<Filter> filters = parts.filters(object.get("filters"), "filters", true, true);
        Granularity interval = wire.text(object, "interval", "interval").map(label -> Granularity.fromLabel(label).orElseGet(() -> {
            wire.violation("interval", ViolationKind.UNSUPPORTED, "must be minute, hour, day, week or month");
            return Granularity.DAY;
        })).orElse(Granularity.DAY);
        List<Dimension> breakdown = parts.breakdown(object.get("breakdown"), TrendQuery.MAX_BREAKDOWNS,
                d -> d instanceof Dimension.Time
                        ? Optional.of("the time axis is the interval; break down by another dimension") : Optional.empty());
        int limit = wire.integer(object, "breakdown_limit", "breakdown_limit", 1, TrendQuery.MAX_BREAKDOWN_LIMIT)
                .orElse(TrendQuery.DEFAULT_BREAKDOWN_LIMIT);
        if (object.containsKey("breakdown_limit") && !object.containsKey("breakdown")) {
            wire.violation("breakdown_limit", ViolationKind.UNSUPPORTED, "applies to a breakdown; name one");
        }
        ZoneId zone = parts.zone(object);
        TimeRange range = parts.range(object, zone, "last_30d");
        Optional<Compare> compare = wire.text(object, "compare", "compare").flatMap(label -> {
            Optional<Compare> known = Compare.fromLabel(label);
            if (known.isEmpty()) {
                wire.violation("compare", ViolationKind.UNSUPPORTED, "must be previous_period or previous_year");
            }
            return known;
        });
        if (wire.violations.isEmpty()) {
            // a formula shows every value any series it reads shows: up to a limit per series
            int lines = (series.size() + formulas.size() * series.size()) * (breakdown.isEmpty() ? 1 : limit);
            int periods = TimeBuckets.count(range, interval, zone, MAX_VALUES);
            if ((long) periods * lines > MAX_VALUES) {
                wire.violation("interval", ViolationKind.TOO_MANY, "the answer would hold more than " + MAX_VALUES
                        + " values (" + periods + "+ " + interval.label() + " periods, " + lines
                        + " lines); choose a wider interval, a shorter range or a smaller breakdown_limit");
            }
        }
        if (!wire.violations.isEmpty()) {
            return new Validated.Invalid<>(wire.violations);
        }
        return new Validated.Valid<>(new TrendQuery(context.projectId(), series, formulas, filters, interval, range, zone,
                breakdown, limit, compare));
    }

    private static List<TrendSeries> series(Wire wire, QueryParts parts, Object value, Definitions definitions) {
        if (value == null) {
            wire.violation("series", ViolationKind.MISSING, "name at least one series, for example [{\"event\": \"sign_up\"}]");
            return List.of();
        }
        List<Object> items = wire.list(value, "series");
        if (items.isEmpty() && value instanceof List) {
            wire.violation("series", ViolationKind.MISSING, "name at least one series");
        }
        if (items.size() > TrendQuery.MAX_SERIES) {
            wire.violation("series", ViolationKind.TOO_MANY, "at most " + TrendQuery.MAX_SERIES + " series");
            return List.of();
        }
        List<TrendSeries> series = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String field = Wire.index("series", i);
            Map<String, Object> item = wire.object(items.get(i), field, SERIES_FIELDS);
            Map<String, Object> criteria = new HashMap<>(); // its own fields, each refused once if unknown
            for (String key : Set.of("event", "filters")) {
                if (item.containsKey(key)) {
                    criteria.put(key, item.get(key));
                }
            }
            EventCriteria named = parts.criteria(criteria, field, true);
            EventCriteria event = item.containsKey("goal") ? goal(wire, item, field, named, definitions) : named;
            Optional<MetricRef> metric = wire.text(item, "metric", Wire.join(field, "metric"))
                    .map(label -> ReportRequest.metric(wire, label, Wire.join(field, "metric"), definitions))
                    .orElse(Optional.of(new MetricRef.Builtin(Metric.EVENTS)));
            metric.ifPresent(m -> series.add(new TrendSeries(event, m)));
        }
        return series;
    }

    /** A saved goal's events, narrowed by the series' own filters; a series names a goal or an event, not both. */
    private static EventCriteria goal(Wire wire, Map<String, Object> item, String field, EventCriteria event, Definitions definitions) {
        String name = wire.requiredText(item, "goal", Wire.join(field, "goal"));
        if (name == null) {
            return event;
        }
        if (item.containsKey("event")) {
            wire.violation(Wire.join(field, "goal"), ViolationKind.UNSUPPORTED, "a series counts an event or a goal, not both");
            return event;
        }
        Optional<Goal> goal = definitions.goal(name);
        if (goal.isEmpty()) {
            wire.violation(Wire.join(field, "goal"), ViolationKind.UNSUPPORTED, "no saved goal has this name");
            return event;
        }
        EventCriteria criteria = goal.get().criteria();
        List<Filter> filters = new ArrayList<>(criteria.filters());
        filters.addAll(event.filters());
        return new EventCriteria(criteria.eventType(), filters);
    }

    private static List<TrendFormula> formulas(Wire wire, Object value, int seriesCount) {
        List<Object> items = wire.list(value, "formulas");
        if (items.size() > TrendQuery.MAX_FORMULAS) {
            wire.violation("formulas", ViolationKind.TOO_MANY, "at most " + TrendQuery.MAX_FORMULAS + " formulas");
            return List.of();
        }
        List<TrendFormula> formulas = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String field = Wire.index("formulas", i);
            Map<String, Object> item = wire.object(items.get(i), field, FORMULA_FIELDS);
            String expression = wire.requiredText(item, "expression", Wire.join(field, "expression"));
            Optional<String> name = wire.text(item, "name", Wire.join(field, "name"));
            if (name.isPresent() && (name.get().isBlank() || name.get().length() > MAX_NAME_LENGTH)) {
                wire.violation(Wire.join(field, "name"), ViolationKind.MALFORMED, "must be 1 to " + MAX_NAME_LENGTH + " characters");
                continue;
            }
            if (expression == null) {
                continue;
            }
            String label = name.orElse(expression);
            if (!names.add(label) || isSeriesName(label, seriesCount)) {
                wire.violation(Wire.join(field, name.isPresent() ? "name" : "expression"), ViolationKind.MALFORMED,
                        "names another line of the trend; give the formula a name of its own");
                continue;
            }
            switch (FormulaParser.parse(expression, Wire.join(field, "expression"), text -> series(text, seriesCount),
                    "series", "the letters of the series (" + letters(seriesCount) + "), numbers, + - * / and parentheses")) {
                case Validated.Valid<Formula<Integer>> valid -> formulas.add(new TrendFormula(label, expression, valid.value()));
                case Validated.Invalid<Formula<Integer>> invalid -> wire.violations.addAll(invalid.violations());
            }
        }
        return formulas;
    }

    /** A series' letter, A for the first; only letters of series the trend has. */
    private static Optional<Integer> series(String name, int seriesCount) {
        return isSeriesName(name, seriesCount) ? Optional.of(name.charAt(0) - 'A') : Optional.empty();
    }

    private static boolean isSeriesName(String name, int seriesCount) {
        return name.length() == 1 && name.charAt(0) >= 'A' && name.charAt(0) < 'A' + seriesCount;
    }

    private static String letters(int seriesCount) {
        return seriesCount <= 1 ? "A" : "A to " + (char) ('A' + seriesCount - 1);
    }
}
