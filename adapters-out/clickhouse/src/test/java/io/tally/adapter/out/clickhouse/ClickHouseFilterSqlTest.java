package io.tally.adapter.out.clickhouse;

import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.query.ResolvedCohort;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The shared compiler in ClickHouse's dialect: the SQL text and parameters of each kind of filter, written out by hand. */
class ClickHouseFilterSqlTest {

    private final ChParams params = new ChParams();

    private String filter(FilterOp op, Dimension dimension, String... values) {
        return ClickHouseExpressions.filters(List.of(new Filter.Match(op, dimension, List.of(values))), params);
    }

    @Test
    void is_binds_the_values_as_one_text_array_and_asks_for_a_present_value() {
        assertThat(filter(FilterOp.IS, new Dimension.Property("country"), "FR", "it's"))
                .isEqualTo("(country IS NOT NULL AND has({p0:Array(String)}, assumeNotNull(country)))");
        assertThat(params.values()).containsExactly(entry("p0", "['FR','it\\'s']"));
    }

    @Test
    void is_not_keeps_events_without_the_property_read_from_the_json_by_a_bound_key() {
        String sql = filter(FilterOp.IS_NOT, new Dimension.Property("plan.tier"), "pro");
        assertThat(sql).startsWith("(multiIf(JSONExtractRaw(properties, {p0:String}) = '', CAST(NULL AS Nullable(String)), ")
                .contains(") IS NULL OR NOT has({p1:Array(String)}, assumeNotNull(multiIf(")
                .endsWith(", toNullable(JSONExtractRaw(properties, {p0:String}))))))");
        assertThat(params.values()).containsExactly(entry("p0", "plan.tier"), entry("p1", "['pro']"));
    }

    @Test
    void contains_is_any_of_its_values_by_position() {
        assertThat(filter(FilterOp.CONTAINS, new Dimension.EventType(), "sign", "buy"))
                .isEqualTo("(toNullable(toString(event_type)) IS NOT NULL AND ("
                        + "position(assumeNotNull(toNullable(toString(event_type))), {p0:String}) > 0"
                        + " OR position(assumeNotNull(toNullable(toString(event_type))), {p1:String}) > 0))");
        assertThat(params.values()).containsExactly(entry("p0", "sign"), entry("p1", "buy"));
    }

    @Test
    void matches_runs_match_with_the_portable_pattern() {
        assertThat(filter(FilterOp.MATCHES, new Dimension.Property("path"), "^/blog"))
                .isEqualTo("(path IS NOT NULL AND (match(assumeNotNull(path), {p0:String})))");
        assertThat(params.values()).containsExactly(entry("p0", "(?-s)^/blog"));
    }

    @Test
    void gt_and_lt_compare_the_json_number_with_the_thresholds_own_digits() {
        assertThat(filter(FilterOp.GT, new Dimension.Property("amount"), "10.50"))
                .isEqualTo("(JSONType(properties, {p0:String}) IN ('Int64', 'UInt64', 'Double')"
                        + " AND JSONExtractFloat(properties, {p0:String}) > {p1:Float64})");
        assertThat(filter(FilterOp.LT, new Dimension.Property("country"), "3"))
                .isEqualTo("(JSONType(properties, {p2:String}) IN ('Int64', 'UInt64', 'Double')"
                        + " AND JSONExtractFloat(properties, {p2:String}) < {p3:Float64})");
        assertThat(params.values()).containsExactly(entry("p0", "amount"), entry("p1", "10.50"),
                entry("p2", "country"), entry("p3", "3"));
    }

    @Test
    void no_filters_always_hold_and_criteria_add_the_event_type() {
        assertThat(ClickHouseExpressions.filters(List.of(), params)).isEqualTo("1");
        assertThat(ClickHouseExpressions.criteria(EventCriteria.anyEvent(), params)).isEqualTo("(1 AND 1)");
        assertThat(ClickHouseExpressions.criteria(EventCriteria.of("signup",
                new Filter.Match(FilterOp.IS, new Dimension.Property("os"), List.of("iOS"))), params))
                .isEqualTo("(event_type = {p0:String} AND (os IS NOT NULL AND has({p1:Array(String)}, assumeNotNull(os))))");
        assertThat(params.values()).containsExactly(entry("p0", "signup"), entry("p1", "['iOS']"));
    }

    @Test
    void a_cohort_filter_keeps_the_users_meeting_every_rule_by_the_statements_user_column() {
        TimeRange range = new TimeRange(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"));
        ResolvedCohort buyers = new ResolvedCohort("buyers", List.of(
                new ResolvedCohort.Rule(true, "purchase", 2, range,
                        List.of(new Filter.Match(FilterOp.IS, new Dimension.Property("country"), List.of("FR")))),
                new ResolvedCohort.Rule(false, "refund", 1, range, List.of())));
        assertThat(ClickHouseExpressions.filters(List.of(new Filter.InCohort(buyers)), params.ids(IdColumns.TEXT)))
                .isEqualTo("user_id IN (SELECT user_id FROM events FINAL WHERE project_id = {project:String}"
                        + " AND ts >= fromUnixTimestamp64Milli({horizon_ms:Int64}, 'UTC') GROUP BY user_id HAVING"
                        + " countIf(event_type = {p0:String} AND ts >= fromUnixTimestamp64Milli({p1:Int64}, 'UTC')"
                        + " AND ts < fromUnixTimestamp64Milli({p2:Int64}, 'UTC')"
                        + " AND (country IS NOT NULL AND has({p3:Array(String)}, assumeNotNull(country)))) >= {p4:Int64}"
                        + " AND countIf(event_type = {p5:String} AND ts >= fromUnixTimestamp64Milli({p6:Int64}, 'UTC')"
                        + " AND ts < fromUnixTimestamp64Milli({p7:Int64}, 'UTC') AND 1) < {p8:Int64})");
        // 2026-01-01T00:00Z is 1,767,225,600 s after the epoch
        assertThat(params.values()).containsExactly(entry("p0", "purchase"), entry("p1", "1767225600000"),
                entry("p2", "1767312000000"), entry("p3", "['FR']"), entry("p4", "2"), entry("p5", "refund"),
                entry("p6", "1767225600000"), entry("p7", "1767312000000"), entry("p8", "1"));
    }

    @Test
    void a_time_dimension_is_cut_on_the_local_clock_of_the_bound_zone() {
        assertThat(ClickHouseExpressions.dimension(new Dimension.Time(Granularity.DAY), params))
                .isEqualTo("toUnixTimestamp(toStartOfDay(ts, {zone:String})) * 1000");
        assertThat(params.values()).isEmpty();
    }
}
