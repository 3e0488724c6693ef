package io.tally.adapter.out.duckdb;

import io.tally.domain.event.Revenue;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.query.FilterPattern;
import io.tally.domain.query.ResolvedCohort;
import io.tally.domain.time.TimeRange;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Dimensions and filters as DuckDB expressions over the columns of {@code events}. Identifiers are fixed here;
 * property paths, compared values and patterns are bound parameters.
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
        return switch (dimension) {
            case Dimension.Time time -> "CAST(" + DuckDbSql.bucketStartMillis("ts", time.granularity(), zone) + " AS BIGINT)";
            case Dimension.EventType type -> "event_type";
            case Dimension.Property property -> propertyText(params.bind(path(property.key())));
        };
    }

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

    /**
     * Revenue of one event as {@code Revenue} counts it, null otherwise: the number's own digits, read from the stored
     * JSON text (DuckDB's JSON functions read numbers as doubles: 99999999999999.999999 became 1e14, and 1e400 failed
     * every query), rounded half up by the cast, within the range ingest accepts. The JSON is written by the store's
     * writer (no spaces, flat keys, plain decimals), so {@code "revenue":} after a brace or comma is the property's key.
     */
    static String revenue() {
        String amount = "TRY_CAST(regexp_extract(CAST(properties AS VARCHAR), '" + REVENUE_NUMBER + "', 1) AS DECIMAL(38, 6))";
        return "CASE WHEN abs(" + amount + ") < " + REVENUE_LIMIT + " THEN " + amount + " END";
    }

    /**
     * Events the retention still keeps: every read of {@code events} starts at the horizon (bound by the engine as
     * {@code horizon_us}), whether or not the expired rows are deleted yet.
     */
    static final String KEPT = "ts >= make_timestamp(:horizon_us)";
    /** The JSON number after the key {@code revenue}: its text as written, captured whole. */
    static final String REVENUE_NUMBER = "[{,]\"revenue\":(-?[0-9]+([.][0-9]+)?)[,}]";
    private static final String REVENUE_LIMIT = BigDecimal.TEN.pow(Revenue.INTEGER_DIGITS)
            .toPlainString();

    static String range(TimeRange range, SqlParams params) {
        return "ts >= make_timestamp(" + params.bind(DuckDbAnalytics.micros(range.from())) + ") AND ts < make_timestamp("
                + params.bind(DuckDbAnalytics.micros(range.to())) + ")";
    }

    /** All filters as one condition ({@code TRUE} when there are none). */
    static String filters(List<? extends Filter> filters, String projectParam, SqlParams params) {
        List<String> conditions = new ArrayList<>();
        for (Filter filter : filters) {
            conditions.add(switch (filter) {
                case Filter.Match match -> match(match, params);
                case Filter.InCohort in -> "user_id IN (" + cohortMembers(in.cohort(), projectParam, params) + ")";
            });
        }
        return conditions.isEmpty() ? "TRUE" : String.join(" AND ", conditions);
    }

    static String criteria(EventCriteria criteria, String projectParam, SqlParams params) {
        String type = criteria.eventType().map(t -> "event_type = " + params.bind(t)).orElse("TRUE");
        return "(" + type + " AND " + filters(criteria.filters(), projectParam, params) + ")";
    }

    private static String match(Filter.Match filter, SqlParams params) {
        if (filter.op() == FilterOp.GT || filter.op() == FilterOp.LT) {
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
    static String cohortMembers(ResolvedCohort cohort, String projectParam, SqlParams params) {
        List<String> having = new ArrayList<>();
        for (ResolvedCohort.Rule rule : cohort.rules()) {
            String count = "count(*) FILTER (WHERE event_type = " + params.bind(rule.eventType()) + " AND "
                    + range(rule.range(), params) + " AND " + filters(rule.filters(), projectParam, params) + ")";
            having.add(count + (rule.did() ? " >= " : " < ") + params.bind(rule.minCount()));
        }
        return "SELECT user_id FROM events WHERE project_id = " + projectParam + " AND " + KEPT + " GROUP BY user_id HAVING "
                + String.join(" AND ", having);
    }
}
