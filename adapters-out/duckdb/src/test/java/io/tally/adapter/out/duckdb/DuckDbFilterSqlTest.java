package io.tally.adapter.out.duckdb;

import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.query.ResolvedCohort;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The shared compiler in DuckDB's dialect: the SQL text and parameters of each kind of filter, written out by hand. */
class DuckDbFilterSqlTest {

    private final SqlParams params = new SqlParams();

    private String filter(FilterOp op, Dimension dimension, String... values) {
        return DuckDbExpressions.filters(List.of(new Filter.Match(op, dimension, List.of(values))), params, IdColumns.HASHED);
    }

    @Test
    void a_promoted_property_is_its_column_and_is_compares_with_each_value_bound() {
        assertThat(filter(FilterOp.IS, new Dimension.Property("country"), "FR", "DE"))
                .isEqualTo("(country IS NOT NULL AND country IN (:p0, :p1))");
        assertThat(params.values()).containsExactly(entry("p0", "FR"), entry("p1", "DE"));
    }

    @Test
    void is_not_keeps_events_without_the_property_read_from_the_json_by_a_bound_path() {
        String sql = filter(FilterOp.IS_NOT, new Dimension.Property("plan.tier"), "pro");
        assertThat(sql).startsWith("(CASE WHEN ascii(json_extract_string(properties, :p0)) BETWEEN 45 AND 57"
                + " AND json_type(properties, :p0) = 'DOUBLE' THEN ")
                .contains(" END IS NULL OR NOT CASE WHEN ")
                .endsWith(" ELSE json_extract_string(properties, :p0) END IN (:p1))");
        assertThat(params.values()).containsExactly(entry("p0", "$.\"plan.tier\""), entry("p1", "pro"));
    }

    @Test
    void contains_is_any_of_its_values_and_false_on_a_missing_value() {
        assertThat(filter(FilterOp.CONTAINS, new Dimension.EventType(), "sign", "buy"))
                .isEqualTo("(event_type IS NOT NULL AND (contains(event_type, :p0) OR contains(event_type, :p1)))");
        assertThat(params.values()).containsExactly(entry("p0", "sign"), entry("p1", "buy"));
    }

    @Test
    void matches_runs_regexp_matches_with_the_portable_pattern() {
        assertThat(filter(FilterOp.MATCHES, new Dimension.Property("path"), "^/blog"))
                .isEqualTo("(path IS NOT NULL AND (regexp_matches(path, :p0)))");
        assertThat(params.values()).containsExactly(entry("p0", "(?-s)^/blog"));
    }

    @Test
    void gt_and_lt_read_the_json_number_even_for_a_promoted_key() {
        assertThat(filter(FilterOp.GT, new Dimension.Property("amount"), "10.50"))
                .isEqualTo("(json_type(properties, :p0) IN ('DOUBLE', 'UBIGINT', 'BIGINT')"
                        + " AND CAST(json_extract(properties, :p0) AS DOUBLE) > :p1)");
        assertThat(filter(FilterOp.LT, new Dimension.Property("country"), "3"))
                .isEqualTo("(json_type(properties, :p2) IN ('DOUBLE', 'UBIGINT', 'BIGINT')"
                        + " AND CAST(json_extract(properties, :p2) AS DOUBLE) < :p3)");
        assertThat(params.values()).containsExactly(entry("p0", "$.\"amount\""), entry("p1", 10.5),
                entry("p2", "$.\"country\""), entry("p3", 3.0));
    }

    @Test
    void no_filters_always_hold_and_criteria_add_the_event_type() {
        assertThat(DuckDbExpressions.filters(List.of(), params, IdColumns.HASHED)).isEqualTo("TRUE");
        assertThat(DuckDbExpressions.criteria(EventCriteria.anyEvent(), params, IdColumns.HASHED)).isEqualTo("(TRUE AND TRUE)");
        assertThat(DuckDbExpressions.criteria(EventCriteria.of("signup",
                new Filter.Match(FilterOp.IS, new Dimension.Property("os"), List.of("iOS"))), params, IdColumns.HASHED))
                .isEqualTo("(event_type = :p0 AND (os IS NOT NULL AND os IN (:p1)))");
        assertThat(params.values()).containsExactly(entry("p0", "signup"), entry("p1", "iOS"));
    }

    @Test
    void a_cohort_filter_keeps_the_users_meeting_every_rule_by_the_projects_user_column() {
        TimeRange range = new TimeRange(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"));
        ResolvedCohort buyers = new ResolvedCohort("buyers", List.of(
                new ResolvedCohort.Rule(true, "purchase", 2, range,
                        List.of(new Filter.Match(FilterOp.IS, new Dimension.Property("country"), List.of("FR")))),
                new ResolvedCohort.Rule(false, "refund", 1, range, List.of())));
        assertThat(DuckDbExpressions.filters(List.of(new Filter.InCohort(buyers)), params, IdColumns.of(true, false)))
                .isEqualTo("user_id IN (SELECT user_id FROM events WHERE project_id = :project AND ts >= make_timestamp(:horizon_us)"
                        + " GROUP BY user_id HAVING count(*) FILTER (WHERE event_type = :p0 AND ts >= make_timestamp(:p1)"
                        + " AND ts < make_timestamp(:p2) AND (country IS NOT NULL AND country IN (:p3))) >= :p4"
                        + " AND count(*) FILTER (WHERE event_type = :p5 AND ts >= make_timestamp(:p6)"
                        + " AND ts < make_timestamp(:p7) AND TRUE) < :p8)");
        // 2026-01-01T00:00Z is 1,767,225,600 s after the epoch
        assertThat(params.values()).containsExactly(entry("p0", "purchase"), entry("p1", 1_767_225_600_000_000L),
                entry("p2", 1_767_312_000_000_000L), entry("p3", "FR"), entry("p4", 2L), entry("p5", "refund"),
                entry("p6", 1_767_225_600_000_000L), entry("p7", 1_767_312_000_000_000L), entry("p8", 1L));
    }

    @Test
    void a_time_dimension_in_a_zone_of_one_offset_truncates_the_shifted_time() {
        TimeRange range = new TimeRange(Instant.parse("2026-01-10T00:00:00Z"), Instant.parse("2026-01-20T00:00:00Z"));
        assertThat(DuckDbExpressions.dimension(new Dimension.Time(Granularity.DAY), params, ZoneOffset.UTC, Optional.of(range)))
                .isEqualTo("CAST(epoch_ms(date_trunc('day', ts)) AS BIGINT)");
        assertThat(DuckDbExpressions.dimension(new Dimension.Time(Granularity.HOUR), params, ZoneOffset.ofHours(2), Optional.of(range)))
                .isEqualTo("CAST((epoch_ms(date_trunc('hour', (ts + INTERVAL (7200) SECOND))) - 7200000) AS BIGINT)");
        assertThat(params.values()).isEqualTo(Map.of());
    }
}
