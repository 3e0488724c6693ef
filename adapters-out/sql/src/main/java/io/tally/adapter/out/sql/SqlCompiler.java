package io.tally.adapter.out.sql;

import io.tally.domain.event.EventColumns;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.query.FilterPattern;
import io.tally.domain.query.ResolvedCohort;
import io.tally.domain.time.TimeRange;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Dimensions, filters, criteria and cohorts compiled once for every SQL store (as Trino's base-jdbc serves many
 * engines), each engine's spelling taken from its {@link Dialect}. They read the typed events: a promoted property is
 * its column (the name from {@link EventColumns#PROMOTED_KEYS}, never from the request), any other is read from the
 * {@code properties} JSON; keys, compared values and patterns are bound parameters. {@code gt}/{@code lt} read the
 * JSON for every key: a number under a promoted key stays in the properties, where its type is kept (its column holds
 * only its text). {@code user} is the column the project's users are told apart by (their hash, or their id where
 * two ids share a hash).
 *
 * @param <P> the store's parameter collector
 */
public final class SqlCompiler<P extends Parameters> {

    /** The column a read that groups by the exit page provides: a window over raw events, or the fragments' exit. */
    public static final String EXIT_PAGE = "exit_page";

    /** The columns an event's dimensions and criteria read, besides the user column: what a statement's scan carries. */
    static final String READ_COLUMNS = "event_id, ts, event_type, properties, " + String.join(", ", EventColumns.PROMOTED_KEYS);

    private final Dialect<P> dialect;

    public SqlCompiler(Dialect<P> dialect) {
        this.dialect = dialect;
    }

    public Dialect<P> dialect() {
        return dialect;
    }

    /** The column holding a promoted property as text, if the key is one: the name comes from the code's list. */
    public static Optional<String> column(String key) {
        int index = EventColumns.PROMOTED_KEYS.indexOf(key);
        return index < 0 ? Optional.empty() : Optional.of(EventColumns.PROMOTED_KEYS.get(index));
    }

    /**
     * The dimension's value: text or NULL, or for time the bucket start in epoch milliseconds, cut in {@code zone}
     * (for the events of {@code range}, whose zone offsets may shape the bucket's expression).
     */
    public String dimension(Dimension dimension, P params, ZoneId zone, Optional<TimeRange> range) {
        return switch (dimension) {
            case Dimension.Time time -> dialect.timeBucket(time.granularity(), zone, range);
            case Dimension.EventType type -> dialect.eventType();
            case Dimension.Property property -> column(property.key())
                    .orElseGet(() -> dialect.propertyText(params.text(dialect.jsonKey(property.key()))));
            case Dimension.EntryPage entry -> throw new IllegalArgumentException("the entry page is a window over a report's rows");
            case Dimension.VisitOrigin origin ->
                    throw new IllegalArgumentException("a session's " + origin.label() + " is a window over a report's rows");
            case Dimension.ExitPage exit -> EXIT_PAGE; // named by the read
            case Dimension.Goal goal -> throw new IllegalArgumentException("a report by goal is a report per goal (GoalBreakdown)");
        };
    }

    /**
     * Where visit filters find a session's events: the column sessions are told apart by, and the query's range.
     */
    public record VisitScope(String session, TimeRange range) {
    }

    /** All filters as one condition (one that always holds when there are none); no visit filter among them. */
    public String filters(List<? extends Filter> filters, P params, String user) {
        return filters(filters, params, user, Optional.empty());
    }

    /** All filters as one condition, visit filters deciding each session on its events in {@code visits}' range. */
    public String filters(List<? extends Filter> filters, P params, String user, Optional<VisitScope> visits) {
        List<String> conditions = new ArrayList<>();
        for (Filter filter : filters) {
            conditions.add(switch (filter) {
                case Filter.Match match -> match(match, params);
                case Filter.InCohort in -> user + " IN (" + cohortMembers(in.cohort(), params, user) + ")";
                case Filter.GoalMatch goal -> (goal.selects() ? "" : "NOT ") + "(" + String.join(" OR ",
                        goal.goals().stream().map(criteria -> criteria(criteria, params, user)).toList()) + ")";
                case Filter.VisitMatch visit -> visit(visit, params, visits.orElseThrow(() ->
                        new IllegalArgumentException(visit.label() + " selects sessions of a query's range: reports only")));
            });
        }
        return conditions.isEmpty() ? dialect.always() : String.join(" AND ", conditions);
    }

    /** The column of {@link #visitValues} holding the session a row is about. */
    public static final String VISIT_SESSION = "visit_session";

    /** The column of {@link #visitValues} holding the value of its {@code i}-th dimension. */
    public static String visitValue(int i) {
        return "v" + i;
    }

    /**
     * One row per session among the events {@code where} selects: {@value #VISIT_SESSION} and, for each dimension,
     * its value {@code v0…vn}: the entry page (the path of the session's first event by (ts, event id)), the exit page
     * (its last's), the origin (its first's source or channel, else Direct) or a property (its first's). The first and
     * the last event are taken by one grouping, so a property's text is read once a session, never once an event.
     */
    public String visitValues(List<Dimension> dimensions, P params, String session, String where) {
        List<String> firstColumns = new ArrayList<>();
        boolean exit = false;
        List<String> values = new ArrayList<>();
        for (Dimension dimension : dimensions) {
            String value = switch (dimension) {
                case Dimension.EntryPage entry -> needed(firstColumns, column(Dimension.ExitPage.PATH).orElseThrow());
                case Dimension.ExitPage exitPage -> EXIT_OF_VISIT;
                case Dimension.VisitOrigin origin -> "coalesce(" + firstValue(new Dimension.Property(origin.part().key()),
                        params, firstColumns) + ", " + params.text(origin.part().direct()) + ")";
                case Dimension.Property property -> firstValue(property, params, firstColumns);
                case Dimension.Time time -> throw new IllegalArgumentException("a visit has no one time bucket");
                case Dimension.EventType type -> throw new IllegalArgumentException("a visit has no one event type");
                case Dimension.Goal goal -> throw new IllegalArgumentException("a visit has no one goal");
            };
            exit |= dimension instanceof Dimension.ExitPage;
            values.add(value + " AS " + visitValue(values.size()));
        }
        List<String> grouped = new ArrayList<>(List.of(session + " AS " + VISIT_SESSION));
        List<String> opened = new ArrayList<>(List.of(VISIT_SESSION));
        if (!firstColumns.isEmpty()) {
            grouped.add(dialect.first(dialect.keyTuple(firstColumns), dialect.eventOrder()) + " AS first_of_visit");
            for (int i = 0; i < firstColumns.size(); i++) {
                opened.add(dialect.keyField("first_of_visit", firstColumns.get(i), i) + " AS " + firstColumns.get(i));
            }
        }
        if (exit) {
            String path = column(Dimension.ExitPage.PATH).orElseThrow();
            grouped.add(dialect.last(dialect.keyTuple(List.of(path)), dialect.eventOrder()) + " AS last_of_visit");
            opened.add(dialect.keyField("last_of_visit", path, 0) + " AS " + EXIT_OF_VISIT);
        }
        return "SELECT " + VISIT_SESSION + ", " + String.join(", ", values) + " FROM (SELECT " + String.join(", ", opened)
                + " FROM (SELECT " + String.join(", ", grouped) + " FROM " + dialect.events() + " WHERE " + where
                + " GROUP BY " + session + ") AS grouped_visits) AS opened_visits";
    }

    /** The exit page's column among a visit's values. */
    private static final String EXIT_OF_VISIT = "exit_of_visit";

    /** A property of a session's first event: its column, or its text from the first event's properties. */
    private String firstValue(Dimension.Property property, P params, List<String> firstColumns) {
        needed(firstColumns, column(property.key()).orElse("properties"));
        return dimension(property, params, ZoneOffset.UTC, Optional.empty());
    }

    private static String needed(List<String> columns, String column) {
        if (!columns.contains(column)) {
            columns.add(column);
        }
        return column;
    }

    /** The sessions whose value, over every event of theirs in the range, passes the filter. */
    private String visit(Filter.VisitMatch filter, P params, VisitScope scope) {
        String where = "project_id = " + dialect.project() + " AND " + dialect.kept() + " AND " + dialect.range(scope.range(), params);
        return scope.session() + " IN (SELECT " + VISIT_SESSION + " FROM (" + visitValues(List.of(filter.dimension()), params,
                scope.session(), where) + ") AS visits WHERE " + textMatch(filter.op(), filter.values(), visitValue(0), params) + ")";
    }

    /** The events of a funnel step, a retention event or a path anchor: of its type (if any), meeting its filters. */
    public String criteria(EventCriteria criteria, P params, String user) {
        String type = criteria.eventType().map(t -> "event_type = " + params.text(t)).orElse(dialect.always());
        return "(" + type + " AND " + filters(criteria.filters(), params, user) + ")";
    }

    /** The users meeting every rule, among users with any event in the project. */
    public String cohortMembers(ResolvedCohort cohort, P params, String user) {
        List<String> having = new ArrayList<>();
        for (ResolvedCohort.Rule rule : cohort.rules()) {
            String count = dialect.countWhere("event_type = " + params.text(rule.eventType()) + " AND "
                    + dialect.range(rule.range(), params) + " AND " + filters(rule.filters(), params, user));
            having.add(count + (rule.did() ? " >= " : " < ") + params.integer(rule.minCount()));
        }
        return "SELECT " + user + " FROM " + dialect.events() + " WHERE project_id = " + dialect.project() + " AND "
                + dialect.kept() + " GROUP BY " + user + " HAVING " + String.join(" AND ", having);
    }

    /**
     * One filter. A missing value (NULL) meets {@code is_not} and nothing else, as in the reference: every other
     * comparison first asks that the value be present, so it is false, never NULL, whatever reads it.
     */
    private String match(Filter.Match filter, P params) {
        if (filter.op() == FilterOp.GT || filter.op() == FilterOp.LT) {
            String key = params.text(dialect.jsonKey(((Dimension.Property) filter.dimension()).key()));
            return "(" + dialect.isJsonNumber(key) + " AND " + dialect.jsonNumber(key) + " "
                    + (filter.op() == FilterOp.GT ? ">" : "<") + " " + params.number(filter.values().getFirst()) + ")";
        }
        // never time: refused by the request rules
        return textMatch(filter.op(), filter.values(), dimension(filter.dimension(), params, ZoneOffset.UTC, Optional.empty()), params);
    }

    /** {@code is}, {@code is_not}, {@code contains} or {@code matches} on a text value that may be NULL. */
    private String textMatch(FilterOp op, List<String> values, String value, P params) {
        String text = dialect.present(value);
        return switch (op) {
            case IS -> "(" + value + " IS NOT NULL AND " + dialect.inList(text, values, params) + ")";
            case IS_NOT -> "(" + value + " IS NULL OR NOT " + dialect.inList(text, values, params) + ")";
            case CONTAINS -> anyOf(value, values, v -> dialect.contains(text, params.text(v)));
            case MATCHES -> anyOf(value, values, v -> dialect.regexMatches(text, params.text(FilterPattern.of(v).portable())));
            case GT, LT -> throw new IllegalStateException("gt and lt compare numbers: handled by the caller");
        };
    }

    private static String anyOf(String value, List<String> values, Function<String, String> condition) {
        return "(" + value + " IS NOT NULL AND (" + values.stream().map(condition).collect(Collectors.joining(" OR ")) + "))";
    }
}
