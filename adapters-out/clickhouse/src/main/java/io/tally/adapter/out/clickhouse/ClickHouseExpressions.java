package io.tally.adapter.out.clickhouse;

import io.tally.domain.event.EventColumns;
import io.tally.domain.event.Revenue;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.query.FilterPattern;
import io.tally.domain.query.ResolvedCohort;
import io.tally.domain.time.TimeRange;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Dimensions and filters as ClickHouse expressions over the columns of {@code events}. A promoted property is its
 * column; any other is read from the JSON. Property keys, values and patterns are parameters; JSON functions take the
 * flattened key as one argument, so dots need no quoting. {@code gt}/{@code lt} read the JSON for every key: a number
 * under a promoted key stays in the properties (its column holds only its text).
 */
final class ClickHouseExpressions {

    private static final String NUMERIC_JSON = "('Int64', 'UInt64', 'Double')";

    private ClickHouseExpressions() {
    }

    /** The dimension's value: text or NULL, or for time the bucket start in epoch milliseconds. */
    static String dimension(Dimension dimension, ChParams params) {
        return switch (dimension) {
            case Dimension.Time time -> ClickHouseSql.bucket("ts", time.granularity());
            case Dimension.EventType type -> "toNullable(toString(event_type))";
            case Dimension.Property property -> EventColumns.PROMOTED_KEYS.contains(property.key())
                    ? promotedColumn(property.key())
                    : propertyText(params.text(property.key()));
            case Dimension.ExitPage exit -> EXIT_PAGE; // named by the read: a window over raw events, the fragments' exit
        };
    }

    /** The column a read that groups by the exit page provides ({@link #exitPage} over raw events). */
    static final String EXIT_PAGE = "exit_page";

    /**
     * The exit page of each selected event's session, as a window over the rows the statement selects (so after its
     * filters): the path of the session's greatest (ts, event id), in a tuple so that a NULL path is picked, not skipped.
     * Written with {@code session_id}, which a statement reads as the project's session column.
     */
    static String exitPage() {
        return "tupleElement(argMax(tuple(" + promotedColumn(Dimension.ExitPage.PATH)
                + "), (ts, event_id)) OVER (PARTITION BY session_id), 1)";
    }

    /** The column of a promoted key: its name taken from the list of code, never from the query. */
    private static String promotedColumn(String key) {
        return EventColumns.PROMOTED_KEYS.get(EventColumns.PROMOTED_KEYS.indexOf(key));
    }

    /**
     * A property as text: strings as they are, numbers in their shortest plain form (the JSON holds the exact
     * decimal; a fraction's trailing zeros are trimmed; what ClickHouse prints as {@code 1e-15} is spelled out from its
     * digits and exponent, as a number property has at most 15 decimals), flags as true/false, NULL when absent.
     */
    static String propertyText(String key) {
        String raw = "JSONExtractRaw(properties, " + key + ")";
        String exponent = "lower(" + raw + ")";
        String spelledOut = "concat(if(startsWith(" + raw + ", '-'), '-', ''), '0.', repeat('0', toUInt32(toInt32("
                + "splitByString('e-', " + exponent + ")[2]) - 1)), replaceAll(splitByChar('e', trimLeft(" + exponent
                + ", '-'))[1], '.', ''))";
        return "multiIf(NOT JSONHas(properties, " + key + "), CAST(NULL AS Nullable(String)), "
                + "JSONType(properties, " + key + ") = 'String', toNullable(JSONExtractString(properties, " + key + ")), "
                + "JSONType(properties, " + key + ") = 'Double' AND position(" + exponent + ", 'e-') > 0, toNullable("
                + spelledOut + "), "
                + "JSONType(properties, " + key + ") = 'Double' AND position(" + raw + ", '.') > 0 AND position(" + raw + ", 'e') = 0"
                + " AND position(" + raw + ", 'E') = 0, toNullable(trimRight(trimRight(" + raw + ", '0'), '.')), "
                + "toNullable(" + raw + "))";
    }

    /**
     * Revenue of one event as {@code Revenue} counts it, NULL otherwise: the number's own digits, read from the stored
     * JSON text (ClickHouse's JSON functions read numbers as doubles: 99999999999999.999999 became 1e14, 1e400 and 30
     * digits NULL), kept to 7 decimals and rounded half up to 6, within the range ingest accepts. The JSON is written by
     * the adapter (no spaces, flat keys, plain decimals), so {@code "revenue":} after a brace or comma is the key.
     */
    static String revenue() {
        String amount = "round(toDecimal128OrNull(extract(properties, '" + REVENUE_NUMBER + "'), 7), 6)";
        return "if(abs(" + amount + ") < " + REVENUE_LIMIT + ", toDecimal128(" + amount + ", 6), "
                + "CAST(NULL AS Nullable(Decimal128(6))))";
    }

    /**
     * Events the retention still keeps: every read of {@code events} starts at the horizon (bound by the engine as
     * {@code horizon_ms}), whether or not the TTL has deleted the expired rows yet.
     */
    static final String KEPT = "ts >= fromUnixTimestamp64Milli({horizon_ms:Int64}, 'UTC')";
    /** The JSON number after the key {@code revenue}: its text as written, captured whole. */
    private static final String REVENUE_NUMBER = "[{,]\"revenue\":(-?[0-9]+([.][0-9]+)?)[,}]";
    private static final String REVENUE_LIMIT = BigDecimal.TEN.pow(Revenue.INTEGER_DIGITS)
            .toPlainString();

    static String range(TimeRange range, ChParams params) {
        return "ts >= fromUnixTimestamp64Milli(" + params.int64(range.from().toEpochMilli()) + ", 'UTC') AND ts < "
                + "fromUnixTimestamp64Milli(" + params.int64(range.to().toEpochMilli()) + ", 'UTC')";
    }

    static String filters(List<? extends Filter> filters, ChParams params) {
        List<String> conditions = new ArrayList<>();
        for (Filter filter : filters) {
            conditions.add(switch (filter) {
                case Filter.Match match -> match(match, params);
                case Filter.InCohort in -> params.ids().user() + " IN (" + cohortMembers(in.cohort(), params) + ")";
            });
        }
        return conditions.isEmpty() ? "1" : String.join(" AND ", conditions);
    }

    static String criteria(EventCriteria criteria, ChParams params) {
        String type = criteria.eventType().map(t -> "event_type = " + params.text(t)).orElse("1");
        return "(" + type + " AND " + filters(criteria.filters(), params) + ")";
    }

    private static String match(Filter.Match filter, ChParams params) {
        if (filter.op() == FilterOp.GT || filter.op() == FilterOp.LT) {
            String key = params.text(((Dimension.Property) filter.dimension()).key());
            return "(JSONType(properties, " + key + ") IN " + NUMERIC_JSON + " AND JSONExtractFloat(properties, " + key + ") "
                    + (filter.op() == FilterOp.GT ? ">" : "<") + " " + params.bind("Float64", filter.values().getFirst()) + ")";
        }
        String value = dimension(filter.dimension(), params);
        String text = "assumeNotNull(" + value + ")";
        return switch (filter.op()) {
            case IS -> "(" + value + " IS NOT NULL AND has(" + params.texts(filter.values()) + ", " + text + "))";
            case IS_NOT -> "(" + value + " IS NULL OR NOT has(" + params.texts(filter.values()) + ", " + text + "))";
            case CONTAINS -> "(" + value + " IS NOT NULL AND (" + filter.values().stream()
                    .map(v -> "position(" + text + ", " + params.text(v) + ") > 0").collect(Collectors.joining(" OR ")) + "))";
            case MATCHES -> "(" + value + " IS NOT NULL AND (" + filter.values().stream()
                    .map(v -> "match(" + text + ", " + params.text(FilterPattern.of(v).portable()) + ")").collect(Collectors.joining(" OR ")) + "))";
            case GT, LT -> throw new IllegalStateException("handled above");
        };
    }

    /** The users meeting every rule, among users with any event in the project. */
    static String cohortMembers(ResolvedCohort cohort, ChParams params) {
        List<String> having = new ArrayList<>();
        for (ResolvedCohort.Rule rule : cohort.rules()) {
            having.add("countIf(event_type = " + params.text(rule.eventType()) + " AND " + range(rule.range(), params)
                    + " AND " + filters(rule.filters(), params) + ")" + (rule.did() ? " >= " : " < ") + params.int64(rule.minCount()));
        }
        String user = params.ids().user();
        return "SELECT " + user + " FROM events FINAL WHERE project_id = {project:String} AND " + KEPT + " GROUP BY " + user + " HAVING "
                + String.join(" AND ", having);
    }
}
