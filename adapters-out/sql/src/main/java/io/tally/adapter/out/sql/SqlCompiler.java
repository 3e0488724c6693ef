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
                case Filter.VisitMatch visit -> visit(visit, params, visits.orElseThrow(() ->
                        new IllegalArgumentException(visit.label() + " selects sessions of a query's range: reports only")));
            });
        }
        return conditions.isEmpty() ? dialect.always() : String.join(" AND ", conditions);
    }

    /**
     * A session's value for a visit dimension, as a window over the rows of one statement (every row of a session
     * gets it): the entry page (first row's path), the exit page (last row's), the origin (first row's source or
     * channel, else Direct) or a property (first row's), rows ordered by (ts, event id).
     */
    public String visitValue(Dimension dimension, P params, String session) {
        return switch (dimension) {
            case Dimension.EntryPage entry -> dialect.firstInSession(column(Dimension.ExitPage.PATH).orElseThrow(), session);
            case Dimension.ExitPage exit -> dialect.exitPage(session);
            case Dimension.VisitOrigin origin -> "coalesce(" + dialect.firstInSession(
                    dimension(new Dimension.Property(origin.part().key()), params, ZoneOffset.UTC, Optional.empty()), session)
                    + ", " + params.text(origin.part().direct()) + ")";
            case Dimension.Property property ->
                    dialect.firstInSession(dimension(property, params, ZoneOffset.UTC, Optional.empty()), session);
            case Dimension.Time time -> throw new IllegalArgumentException("a visit has no one time bucket");
            case Dimension.EventType type -> throw new IllegalArgumentException("a visit has no one event type");
        };
    }

    /** The sessions whose value, over every event of theirs in the range, passes the filter. */
    private String visit(Filter.VisitMatch filter, P params, VisitScope scope) {
        String value = visitValue(filter.dimension(), params, scope.session());
        return scope.session() + " IN (SELECT visit_session FROM (SELECT " + scope.session() + " AS visit_session, " + value
                + " AS visit_value FROM " + dialect.events() + " WHERE project_id = " + dialect.project() + " AND "
                + dialect.kept() + " AND " + dialect.range(scope.range(), params) + ") AS visits WHERE "
                + textMatch(filter.op(), filter.values(), "visit_value", params) + ")";
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
