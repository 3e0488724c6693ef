package io.tally.adapter.out.duckdb;

import io.tally.adapter.out.sql.Dialect;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** DuckDB's spelling of what the shared compiler writes: named {@code :p} parameters, JSON paths, typed columns. */
final class DuckDbDialect implements Dialect<SqlParams> {

    private static final String NUMERIC_JSON = "('DOUBLE', 'UBIGINT', 'BIGINT')";

    /**
     * Events the retention still keeps: every read of {@code events} starts at the horizon (bound by the engine as
     * {@code horizon_us}), whether or not the expired rows are deleted yet.
     */
    static final String KEPT = "ts >= make_timestamp(:horizon_us)";

    @Override
    public String always() {
        return "TRUE";
    }

    @Override
    public String events() {
        return "events";
    }

    @Override
    public String project() {
        return ":project";
    }

    @Override
    public String kept() {
        return KEPT;
    }

    @Override
    public String range(TimeRange range, SqlParams params) {
        return "ts >= make_timestamp(" + params.bind(DuckDbAnalytics.micros(range.from())) + ") AND ts < make_timestamp("
                + params.bind(DuckDbAnalytics.micros(range.to())) + ")";
    }

    @Override
    public String eventType() {
        return "event_type";
    }

    @Override
    public String timeBucket(Granularity granularity, ZoneId zone, Optional<TimeRange> range) {
        return "CAST(" + DuckDbSql.bucketStartMillis("ts", granularity, zone, range) + " AS BIGINT)";
    }

    /** A JSON path naming one flattened property key (keys may hold dots, hence the quotes). */
    @Override
    public String jsonKey(String key) {
        return "$.\"" + key + "\"";
    }

    /**
     * A property as text, numbers in their shortest plain form: DuckDB reads JSON numbers as doubles and prints
     * {@code 192.00} as {@code 192.0}, so a fraction's trailing zeros (and a bare point) are trimmed; below 10^-6 it
     * prints {@code 1.5e-7}, which is spelled out ({@code 0.00000015}) from its digits and exponent (a number property
     * has at most 15 decimals, see PropertyNumbers).
     *
     * <p>DuckDB evaluates each mention of a JSON function in a CASE apart (no common subexpressions inside a CASE), and
     * each one parses the row's JSON: the text alone is read first, and the type is asked only where the text starts
     * as a double's does (a minus or a digit, so most texts never ask). The rest is string work on that text.
     */
    @Override
    public String propertyText(String path) {
        String text = "json_extract_string(properties, " + path + ")";
        // '-' is 45, '0'..'9' are 48..57: every double DuckDB prints starts so; the two between ('.', '/') cost a look
        String isDouble = "ascii(" + text + ") BETWEEN 45 AND 57 AND json_type(properties, " + path + ") = 'DOUBLE'";
        return "CASE WHEN " + isDouble + " THEN " + plainNumber(text) + " ELSE " + text + " END";
    }

    /** A double's {@code text} as DuckDB prints it, in its shortest plain form. */
    private static String plainNumber(String text) {
        String spelledOut = "(CASE WHEN starts_with(" + text + ", '-') THEN '-' ELSE '' END) || '0.' || repeat('0', "
                + "CAST(split_part(" + text + ", 'e-', 2) AS INTEGER) - 1) || replace(split_part(ltrim(" + text
                + ", '-'), 'e', 1), '.', '')";
        return "CASE WHEN contains(" + text + ", 'e-') THEN " + spelledOut + " WHEN contains(" + text + ", '.') AND NOT contains("
                + text + ", 'e') THEN rtrim(rtrim(" + text + ", '0'), '.') ELSE " + text + " END";
    }

    @Override
    public String isJsonNumber(String path) {
        return "json_type(properties, " + path + ") IN " + NUMERIC_JSON;
    }

    @Override
    public String jsonNumber(String path) {
        return "CAST(json_extract(properties, " + path + ") AS DOUBLE)";
    }

    @Override
    public String present(String value) {
        return value;
    }

    @Override
    public String inList(String text, List<String> values, SqlParams params) {
        return text + " IN (" + values.stream().map(params::text).collect(Collectors.joining(", ")) + ")";
    }

    @Override
    public String contains(String text, String needle) {
        return "contains(" + text + ", " + needle + ")";
    }

    @Override
    public String regexMatches(String text, String pattern) {
        return "regexp_matches(" + text + ", " + pattern + ")";
    }

    @Override
    public String countWhere(String condition) {
        return "count(*) FILTER (WHERE " + condition + ")";
    }

    @Override
    public String median(String value) {
        return "quantile_cont(" + value + ", 0.5)";
    }

    @Override
    public String following(String value, int rows) {
        return "lead(" + value + ", " + rows + ") OVER w";
    }

    /** DuckDB computes a CTE read twice once: the events are grouped once into pieces (see {@link Dialect}). */
    @Override
    public boolean sessionsFromPieces() {
        return true;
    }

    @Override
    public String flag(String value) {
        return value;
    }

    @Override
    public String bigint(String value) {
        return "CAST(" + value + " AS BIGINT)";
    }

    @Override
    public String decimal(String value) {
        return "CAST(" + value + " AS DECIMAL(38, 6))";
    }

    @Override
    public String noRevenue() {
        return decimal("NULL");
    }

    @Override
    public String noText() {
        return "CAST(NULL AS VARCHAR)";
    }

    @Override
    public String distinctCount(String value) {
        return "count(DISTINCT " + value + ")";
    }

    @Override
    public String eachMet(List<String> tests, List<String> names) {
        List<String> met = new ArrayList<>();
        for (int i = 0; i < tests.size(); i++) {
            met.add("CASE WHEN " + tests.get(i) + " THEN " + names.get(i) + " END");
        }
        return "unnest(list_filter([" + String.join(", ", met) + "], name -> name IS NOT NULL))";
    }

    @Override
    public String distinctCountWhere(String value, String condition) {
        return "count(DISTINCT " + value + ") FILTER (WHERE " + condition + ")";
    }

    @Override
    public String eventOrder() {
        return "struct_pack(t := ts, e := event_id)";
    }

    @Override
    public String first(String value, String order) {
        return "arg_min(" + value + ", " + order + ")";
    }

    @Override
    public String last(String value, String order) {
        return "arg_max(" + value + ", " + order + ")";
    }

    @Override
    public String keyTuple(List<String> keys) {
        return "struct_pack(" + keys.stream().map(k -> k + " := " + k).collect(Collectors.joining(", ")) + ")";
    }

    @Override
    public String keyField(String tuple, String key, int index) {
        return tuple + "." + key;
    }

    @Override
    public String sortedNullsLast(List<String> values) {
        return "list_sort([" + String.join(", ", values) + "], 'ASC', 'NULLS LAST')";
    }

    @Override
    public String epochMillis(String timestamp) {
        return "epoch_ms(" + timestamp + ")";
    }

    @Override
    public String timestampOfMillis(String millis) {
        return "make_timestamp(CAST(" + millis + " AS BIGINT) * 1000)";
    }

    @Override
    public String rescanned() {
        return "AS NOT MATERIALIZED";
    }

    /** By plain arithmetic where the zone keeps one offset over the range ({@link DuckDbSql#localDate}). */
    @Override
    public String localDate(ZoneId zone, TimeRange range) {
        return DuckDbSql.localDate("ts", zone, range);
    }

    @Override
    public String weekStart(String date, String weekStart) {
        return "(" + date + " - CAST(((isodow(" + date + ") - " + weekStart + " + 7) % 7) AS INTEGER))";
    }

    @Override
    public String monthStart(String date) {
        return "CAST(date_trunc('month', " + date + ") AS DATE)";
    }

    @Override
    public String daysBetween(String from, String to) {
        return "datediff('day', " + from + ", " + to + ")";
    }

    @Override
    public String monthsBetween(String from, String to) {
        return "datediff('month', " + from + ", " + to + ")";
    }

    @Override
    public String quotient(String dividend, String divisor) {
        return "((" + dividend + ") // (" + divisor + "))"; // operands parenthesized: // binds like *, tighter than + and -
    }

    @Override
    public String dateText(String date) {
        return "CAST(" + date + " AS VARCHAR)";
    }
}
