package io.tally.ops.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The API's answer read as the rows {@link HandSql} returns (see there), and the check that both hold the same
 * numbers. Rows whose values are all zero or null are left out on both sides (the API fills empty time buckets with
 * zeros; SQL has no row for them). Counts must be equal; fractions (rates, means, medians) may differ in the last
 * bits of a double, as the engines compute them in another order: within a relative 1e-9.
 */
final class AnswerRows {

    private static final BigDecimal TOLERANCE = new BigDecimal("1e-9");
    /** The key of a trend's row of totals. */
    static final String TOTAL = "total";
    /** The key of the conversions' row of all visitors (no goal's name: those are words). */
    static final String ALL = "*";

    private AnswerRows() {
    }

    /**
     * @param path          the query's route ({@code /v1/query}, {@code /v1/funnels}, {@code /v1/retention},
     *                      {@code /v1/stickiness}, {@code /v1/lifecycle}, {@code /v1/trends}, {@code /v1/conversions})
     * @param body          the API's answer as JSON
     * @param shiftSeconds  how far the compared period lies before the range (its rows carry the range's buckets)
     */
    static List<List<String>> of(String path, JsonNode body, long shiftSeconds) {
        return switch (path) {
            case "/v1/funnels" -> funnel(body);
            case "/v1/retention" -> retention(body);
            case "/v1/stickiness" -> stickiness(body);
            case "/v1/lifecycle" -> lifecycle(body);
            case "/v1/trends" -> lines(body);
            case "/v1/conversions" -> conversions(body);
            default -> report(body, shiftSeconds);
        };
    }

    private static List<List<String>> report(JsonNode body, long shiftSeconds) {
        List<String> metrics = new ArrayList<>();
        List<Boolean> time = new ArrayList<>();
        for (JsonNode column : body.get("columns")) {
            if (column.get("type").asText().equals("metric")) {
                metrics.add(column.get("name").asText());
            } else {
                time.add(column.get("type").asText().equals("time"));
            }
        }
        List<List<String>> rows = new ArrayList<>();
        JsonNode comparison = body.get("comparison");
        for (int r = 0; r < body.get("rows").size(); r++) {
            JsonNode row = body.get("rows").get(r);
            List<String> current = new ArrayList<>(List.of("current", "0"));
            List<String> previous = new ArrayList<>(List.of("previous", "0"));
            for (int d = 0; d < time.size(); d++) {
                String value = text(row.get(d));
                current.add(time.get(d) ? epochSecond(value, 0) : value);
                previous.add(time.get(d) ? epochSecond(value, shiftSeconds) : value);
            }
            for (int m = 0; m < metrics.size(); m++) {
                current.add(text(row.get(time.size() + m)));
                if (comparison != null) {
                    previous.add(text(comparison.get("rows").get(r).get(m)));
                }
            }
            rows.add(current);
            if (comparison != null) {
                rows.add(previous);
            }
        }
        rows.add(totals("current", time.size(), metrics, body.get("totals")));
        if (comparison != null) {
            rows.add(totals("previous", time.size(), metrics, comparison.get("totals")));
        }
        return rows;
    }

    private static List<String> totals(String period, int dimensions, List<String> metrics, JsonNode totals) {
        List<String> row = new ArrayList<>(List.of(period, "1"));
        for (int d = 0; d < dimensions; d++) {
            row.add("*");
        }
        metrics.forEach(metric -> row.add(text(totals.get(metric))));
        return row;
    }

    private static List<List<String>> funnel(JsonNode body) {
        if (body.has("time_to_convert")) {
            return histogram(body.get("time_to_convert"));
        }
        if (body.has("trend")) {
            return trend(body.get("trend"));
        }
        JsonNode dimensions = body.path("meta").path("breakdowns");
        if (dimensions.isEmpty()) {
            return List.of(steps(body.get("rows")));
        }
        // broken down: as a report's rows, the funnel over all users as the totals row, then one row per combination
        List<List<String>> rows = new ArrayList<>();
        List<String> totals = new ArrayList<>(List.of("current", "1"));
        dimensions.forEach(dimension -> totals.add("*"));
        totals.addAll(steps(body.get("rows")));
        rows.add(totals);
        for (JsonNode group : body.get("breakdown")) {
            List<String> row = new ArrayList<>(List.of("current", "0"));
            group.get("values").forEach(value -> row.add(text(value)));
            row.addAll(steps(group.get("rows")));
            rows.add(row);
        }
        return rows;
    }

    /** A funnel's step table as one row: the users of step 1, then each later step's users and median seconds. */
    private static List<String> steps(JsonNode steps) {
        List<String> row = new ArrayList<>();
        for (JsonNode step : steps) {
            row.add(text(step.get(2))); // users
            if (step.get(0).asInt() > 1) {
                row.add(text(step.get(6))); // median seconds from the previous step
            }
        }
        return row;
    }

    /** A time-to-convert histogram: one row per bin holding users, its index, its start in seconds and its users. */
    private static List<List<String>> histogram(JsonNode timeToConvert) {
        List<List<String>> rows = new ArrayList<>();
        JsonNode bins = timeToConvert.get("histogram");
        for (int i = 0; i < bins.size(); i++) {
            if (bins.get(i).get("users").asLong() > 0) { // the hand-written SQL has no row for an empty bin
                rows.add(List.of(Integer.toString(i), text(bins.get(i).get("from_seconds")), text(bins.get(i).get("users"))));
            }
        }
        return rows;
    }

    /** A conversion trend: per interval someone entered, its start as an epoch second, then the users of each step. */
    private static List<List<String>> trend(JsonNode trend) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode interval : trend) {
            if (interval.get("entered").asLong() > 0) { // the hand-written SQL has no row for an interval no one entered
                List<String> row = new ArrayList<>(List.of(epochSecond(interval.get("period").asText(), 0)));
                interval.get("users").forEach(users -> row.add(text(users)));
                rows.add(row);
            }
        }
        return rows;
    }

    private static List<List<String>> retention(JsonNode body) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode cohort : body.get("rows")) {
            for (int k = 0; k + 2 < cohort.size(); k++) {
                rows.add(List.of(cohort.get(0).asText(), Integer.toString(k), text(cohort.get(k + 2))));
            }
        }
        return rows;
    }

    private static List<List<String>> stickiness(JsonNode body) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode row : body.get("rows")) {
            rows.add(List.of(row.get(0).asText(), text(row.get(1)))); // n, users active in exactly n intervals
        }
        return rows;
    }

    private static List<List<String>> lifecycle(JsonNode body) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode row : body.get("rows")) {
            rows.add(List.of(epochSecond(row.get(0).asText(), 0), text(row.get(1)), text(row.get(2)), text(row.get(3)),
                    text(row.get(4))));
        }
        return rows;
    }

    /**
     * A multi-series trend without a breakdown: per period its start as an epoch second, then each line's value (the
     * series, then the formulas); last the row {@value #TOTAL} of each line's total over the range.
     */
    private static List<List<String>> lines(JsonNode body) {
        List<List<String>> rows = new ArrayList<>();
        JsonNode periods = body.get("periods");
        for (int p = 0; p < periods.size(); p++) {
            List<String> row = new ArrayList<>(List.of(epochSecond(periods.get(p).asText(), 0)));
            for (JsonNode line : body.get("lines")) {
                row.add(text(line.get("values").get(p)));
            }
            rows.add(row);
        }
        List<String> totals = new ArrayList<>(List.of(TOTAL));
        body.get("lines").forEach(line -> totals.add(text(line.get("total"))));
        rows.add(totals);
        return rows;
    }

    /**
     * Goal conversions: per goal its name, visitors, events, conversion rate and revenue; then the row {@value #ALL}
     * holding the range's visitors.
     */
    private static List<List<String>> conversions(JsonNode body) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode row : body.get("rows")) {
            rows.add(List.of(row.get(0).asText(), text(row.get(1)), text(row.get(2)), text(row.get(3)), text(row.get(4))));
        }
        rows.add(List.of(ALL, text(body.get("visitors"))));
        return rows;
    }

    /**
     * Fails, naming the first difference, unless the hand-written SQL's rows hold the API's numbers; returns how many
     * rows agree.
     *
     * @param keys how many leading columns say which row it is (the rest are numbers)
     */
    static int requireSame(String what, List<List<String>> api, List<List<String>> hand, int keys) {
        Map<List<String>, List<String>> expected = keyed(api, keys);
        Map<List<String>, List<String>> actual = keyed(hand, keys);
        if (!expected.keySet().equals(actual.keySet())) {
            List<List<String>> missing = expected.keySet().stream().filter(k -> !actual.containsKey(k)).limit(5).toList();
            List<List<String>> extra = actual.keySet().stream().filter(k -> !expected.containsKey(k)).limit(5).toList();
            throw new IllegalStateException(what + ": the hand-written SQL's rows are not the API's (" + expected.size()
                    + " rows vs " + actual.size() + "); missing " + missing + ", extra " + extra);
        }
        expected.forEach((key, values) -> {
            List<String> other = actual.get(key);
            for (int i = 0; i < values.size(); i++) {
                if (i >= other.size() || !sameNumber(values.get(i), other.get(i))) {
                    throw new IllegalStateException(what + ": row " + key + " is " + values + " in the API's answer but "
                            + other + " by the hand-written SQL");
                }
            }
        });
        return expected.size();
    }

    /**
     * As {@link #requireSame}, for an approximate answer: every number equal except those of {@code estimated} (value
     * positions after the keys), which must lie near the hand-written SQL's exact ones; returns the largest relative
     * error seen. {@code bound} is the answer's stated error at 95 %, two standard errors, so about one estimate in
     * twenty lies past it by design (a 10 M compared report has hundreds): each must lie within three standard
     * errors ({@link #OUTLIER_FACTOR} × bound), which one estimate in 370 misses.
     */
    /** Three standard errors over the two the stated bound holds. */
    static final double OUTLIER_FACTOR = 1.5;

    static double requireWithin(String what, List<List<String>> api, List<List<String>> hand, int keys, Set<Integer> estimated,
                                double bound) {
        Map<List<String>, List<String>> expected = keyed(api, keys);
        Map<List<String>, List<String>> actual = keyed(hand, keys);
        if (!expected.keySet().equals(actual.keySet())) {
            throw new IllegalStateException(what + ": the approximate answer's rows are not the exact SQL's (" + expected.size()
                    + " rows vs " + actual.size() + ")");
        }
        double worst = 0;
        for (var entry : expected.entrySet()) {
            List<String> values = entry.getValue();
            List<String> exact = actual.get(entry.getKey());
            for (int i = 0; i < values.size(); i++) {
                if (!estimated.contains(i)) {
                    if (i >= exact.size() || !sameNumber(values.get(i), exact.get(i))) {
                        throw new IllegalStateException(what + ": row " + entry.getKey() + " is " + values
                                + " in the approximate answer but " + exact + " by the exact SQL");
                    }
                    continue;
                }
                BigDecimal truth = new BigDecimal(exact.get(i));
                double error = truth.signum() == 0 ? new BigDecimal(values.get(i)).abs().doubleValue()
                        : new BigDecimal(values.get(i)).subtract(truth).abs().doubleValue() / truth.doubleValue();
                if (error > bound * OUTLIER_FACTOR) {
                    throw new IllegalStateException(what + ": row " + entry.getKey() + " estimates " + values.get(i)
                            + " for " + exact.get(i) + ", off by " + error + ", past three standard errors (the stated 95 % bound "
                            + bound + " × " + OUTLIER_FACTOR + ")");
                }
                worst = Math.max(worst, error);
            }
        }
        return worst;
    }

    /** The value positions (after the keys) of a report's visitor counts, the numbers an approximate answer estimates. */
    static Set<Integer> visitorColumns(JsonNode body) {
        Set<Integer> positions = new HashSet<>();
        int metric = 0;
        for (JsonNode column : body.get("columns")) {
            if (column.get("type").asText().equals("metric")) {
                if (column.get("name").asText().equals("visitors")) {
                    positions.add(metric);
                }
                metric++;
            }
        }
        return positions;
    }

    /** How many leading columns name a row: report rows carry period, totals flag and one per dimension. */
    static int keys(String path, JsonNode body) {
        return switch (path) {
            case "/v1/funnels" -> body.has("time_to_convert") || body.has("trend") ? 1
                    : body.path("meta").path("breakdowns").isEmpty() ? 0 : 2 + body.get("meta").get("breakdowns").size();
            case "/v1/retention" -> 2;
            case "/v1/stickiness", "/v1/lifecycle", "/v1/trends", "/v1/conversions" -> 1;
            default -> {
                int dimensions = 0;
                for (JsonNode column : body.get("columns")) {
                    dimensions += column.get("type").asText().equals("metric") ? 0 : 1;
                }
                yield 2 + dimensions;
            }
        };
    }

    private static Map<List<String>, List<String>> keyed(List<List<String>> rows, int keys) {
        Map<List<String>, List<String>> keyed = new TreeMap<>((a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b)));
        for (List<String> row : rows) {
            List<String> cells = row.stream().map(v -> v == null ? "null" : v).toList();
            List<String> values = cells.subList(keys, cells.size());
            if (values.stream().allMatch(v -> v.equals("null") || isZero(v))) {
                continue;
            }
            List<String> key = new ArrayList<>(cells.subList(0, keys));
            boolean report = keys >= 2 && (key.get(0).equals("current") || key.get(0).equals("previous"));
            if (report && key.get(1).equals("1")) { // a totals row: its dimension values say nothing
                for (int i = 2; i < keys; i++) {
                    key.set(i, "*");
                }
            }
            if (keyed.put(key, values) != null) {
                throw new IllegalStateException("two rows for " + key);
            }
        }
        return keyed;
    }

    private static boolean isZero(String value) {
        try {
            return new BigDecimal(value).signum() == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean sameNumber(String a, String b) {
        if (Objects.equals(a, b)) {
            return true;
        }
        try {
            BigDecimal x = new BigDecimal(a);
            BigDecimal y = new BigDecimal(b);
            if (x.compareTo(y) == 0) {
                return true;
            }
            boolean whole = x.stripTrailingZeros().scale() <= 0 && y.stripTrailingZeros().scale() <= 0;
            return !whole && x.subtract(y).abs().compareTo(x.abs().max(y.abs()).multiply(TOLERANCE)) <= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? "null" : value.asText();
    }

    private static String epochSecond(String time, long shiftSeconds) {
        return time.equals("null") ? time : Long.toString(OffsetDateTime.parse(time).toEpochSecond() - shiftSeconds);
    }
}
