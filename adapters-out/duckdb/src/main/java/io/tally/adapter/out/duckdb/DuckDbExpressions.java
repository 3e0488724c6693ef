package io.tally.adapter.out.duckdb;

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
 * Dimensions and filters as DuckDB expressions over the columns of {@code events}. Identifiers are fixed here (a
 * promoted property's column is named by {@link EventColumns#PROMOTED_KEYS}, never by the request); property paths,
 * compared values and patterns are bound parameters.
 */
final class DuckDbExpressions {

    private static final String NUMERIC_JSON = "('DOUBLE', 'UBIGINT', 'BIGINT')";

    private DuckDbExpressions() {
    }

    /** A JSON path naming one flattened property key (keys may hold dots, hence the quotes). */
    static String path(String key) {
        return "$.\"" + key + "\"";
    }

    /** The dimension's value: text, or for time the bucket start in epoch milliseconds, cut in {@code zone}. */
    static String dimension(Dimension dimension, SqlParams params, ZoneId zone) {
        return dimension(dimension, params, zone, Optional.empty());
    }

    /** The same for the events of {@code range}, whose zone offsets then shape the time buckets' expression. */
    static String dimension(Dimension dimension, SqlParams params, ZoneId zone, Optional<TimeRange> range) {
        return switch (dimension) {
            case Dimension.Time time -> "CAST(" + DuckDbSql.bucketStartMillis("ts", time.granularity(), zone, range) + " AS BIGINT)";
            case Dimension.EventType type -> "event_type";
            case Dimension.Property property -> column(property.key()).orElseGet(() -> propertyText(params.bind(path(property.key()))));
            case Dimension.ExitPage exit -> EXIT_PAGE; // named by the read: a window over raw events, the fragments' exit
        };
    }

    /** The column a read that groups by the exit page provides ({@link #exitPage} over raw events). */
    static final String EXIT_PAGE = "exit_page";

    /**
     * The exit page of each selected event's session, as a window over the rows the statement selects (so after its
     * filters): the path of the session's last row by (ts, event id), NULL when that row has none.
     */
    static String exitPage(IdColumns ids) {
        return "last_value(" + column(Dimension.ExitPage.PATH).orElseThrow() + ") OVER (PARTITION BY " + ids.session()
                + " ORDER BY ts, event_id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)";
    }

    /** The column holding a promoted property as text, if the key is one: the name comes from the code's list. */
    static Optional<String> column(String key) {
        int index = EventColumns.PROMOTED_KEYS.indexOf(key);
        return index < 0 ? Optional.empty() : Optional.of(EventColumns.PROMOTED_KEYS.get(index));
    }

    /** The columns a filter or dimension may read, for scans whose conditions are applied after them. */
    static final String FILTERED_COLUMNS = "event_type, properties, " + String.join(", ", EventColumns.PROMOTED_KEYS);

    /**
     * A property as text, numbers in their shortest plain form: DuckDB reads JSON numbers as doubles and prints
     * {@code 192.00} as {@code 192.0}, so a fraction's trailing zeros (and a bare point) are trimmed; below 10^-6 it
     * prints {@code 1.5e-7}, which is spelled out ({@code 0.00000015}) from its digits and exponent (a number property
     * has at most 15 decimals, see PropertyNumbers).
     */
    private static String propertyText(String path) {
        String text = "json_extract_string(properties, " + path + ")";
        String isDouble = "json_type(properties, " + path + ") = 'DOUBLE'";
        String spelledOut = "(CASE WHEN starts_with(" + text + ", '-') THEN '-' ELSE '' END) || '0.' || repeat('0', "
                + "CAST(split_part(" + text + ", 'e-', 2) AS INTEGER) - 1) || replace(split_part(ltrim(" + text
                + ", '-'), 'e', 1), '.', '')";
        return "CASE WHEN " + isDouble + " AND contains(" + text + ", 'e-') THEN " + spelledOut
                + " WHEN " + isDouble + " AND contains(" + text + ", '.') AND NOT contains(" + text + ", 'e') THEN rtrim(rtrim("
                + text + ", '0'), '.') ELSE " + text + " END";
    }

    /** Revenue of one event as {@code Revenue} counts it, null otherwise: the column the writer filled from it. */
    static String revenue() {
        return "revenue";
    }

    /**
     * Events the retention still keeps: every read of {@code events} starts at the horizon (bound by the engine as
     * {@code horizon_us}), whether or not the expired rows are deleted yet.
     */
    static final String KEPT = "ts >= make_timestamp(:horizon_us)";

    static String range(TimeRange range, SqlParams params) {
        return "ts >= make_timestamp(" + params.bind(DuckDbAnalytics.micros(range.from())) + ") AND ts < make_timestamp("
                + params.bind(DuckDbAnalytics.micros(range.to())) + ")";
    }

    /** All filters as one condition ({@code TRUE} when there are none). */
    static String filters(List<? extends Filter> filters, String projectParam, SqlParams params, IdColumns ids) {
        List<String> conditions = new ArrayList<>();
        for (Filter filter : filters) {
            conditions.add(switch (filter) {
                case Filter.Match match -> match(match, params);
                case Filter.InCohort in -> ids.user() + " IN (" + cohortMembers(in.cohort(), projectParam, params, ids) + ")";
            });
        }
        return conditions.isEmpty() ? "TRUE" : String.join(" AND ", conditions);
    }

    static String criteria(EventCriteria criteria, String projectParam, SqlParams params, IdColumns ids) {
        String type = criteria.eventType().map(t -> "event_type = " + params.bind(t)).orElse("TRUE");
        return "(" + type + " AND " + filters(criteria.filters(), projectParam, params, ids) + ")";
    }

    private static String match(Filter.Match filter, SqlParams params) {
        if (filter.op() == FilterOp.GT || filter.op() == FilterOp.LT) {
            // the JSON even for a promoted key: a number under one stays in properties, where its type is kept
            String path = params.bind(path(((Dimension.Property) filter.dimension()).key()));
            return "(json_type(properties, " + path + ") IN " + NUMERIC_JSON + " AND CAST(json_extract(properties, "
                    + path + ") AS DOUBLE) " + (filter.op() == FilterOp.GT ? ">" : "<") + " " + params.bind(filter.threshold()) + ")";
        }
        String value = dimension(filter.dimension(), params, ZoneOffset.UTC); // never time: refused by the request rules
        return switch (filter.op()) {
            case IS -> "(" + value + " IN (" + list(filter.values(), params) + "))";
            case IS_NOT -> "(" + value + " IS NULL OR " + value + " NOT IN (" + list(filter.values(), params) + "))";
            case CONTAINS -> anyOf(filter.values(), v -> "contains(" + value + ", " + params.bind(v) + ")");
            case MATCHES -> anyOf(filter.values(), v -> "regexp_matches(" + value + ", " + params.bind(FilterPattern.of(v).portable()) + ")");
            case GT, LT -> throw new IllegalStateException("handled above");
        };
    }

    private static String list(List<String> values, SqlParams params) {
        return values.stream().map(params::bind).collect(Collectors.joining(", "));
    }

    private static String anyOf(List<String> values, Function<String, String> condition) {
        return "coalesce(" + values.stream().map(condition).collect(Collectors.joining(" OR ")) + ", FALSE)";
    }

    /** The users meeting every rule, among users with any event in the project. */
    static String cohortMembers(ResolvedCohort cohort, String projectParam, SqlParams params, IdColumns ids) {
        List<String> having = new ArrayList<>();
        for (ResolvedCohort.Rule rule : cohort.rules()) {
            String count = "count(*) FILTER (WHERE event_type = " + params.bind(rule.eventType()) + " AND "
                    + range(rule.range(), params) + " AND " + filters(rule.filters(), projectParam, params, ids) + ")";
            having.add(count + (rule.did() ? " >= " : " < ") + params.bind(rule.minCount()));
        }
        return "SELECT " + ids.user() + " FROM events WHERE project_id = " + projectParam + " AND " + KEPT + " GROUP BY " + ids.user() + " HAVING "
                + String.join(" AND ", having);
    }
}
