package io.tally.adapter.out.sql;

import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.query.ResolvedCohort;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shapes the compiler writes once for every store, seen through a dialect that spells each hook as a plain call
 * ({@code in_list(…)}), so what is shared and what the dialect supplies can be read apart.
 */
class SqlCompilerTest {

    /** Binds values in order as {@code ?0, ?1, …} and keeps them. */
    static final class Bound implements Parameters {
        final List<Object> values = new ArrayList<>();

        private String bind(Object value) {
            values.add(value);
            return "?" + (values.size() - 1);
        }

        @Override
        public String text(String value) {
            return bind(value);
        }

        @Override
        public String integer(long value) {
            return bind(value);
        }

        @Override
        public String number(String decimal) {
            return bind("#" + decimal);
        }
    }

    static final class Spelled implements Dialect<Bound> {
        private final boolean pieces;

        Spelled() {
            this(false);
        }

        /** @param pieces whether session facts come from pieces (DuckDB's plan) rather than from events apart */
        Spelled(boolean pieces) {
            this.pieces = pieces;
        }

        @Override
        public String always() {
            return "T";
        }

        @Override
        public String events() {
            return "ev";
        }

        @Override
        public String project() {
            return "?project";
        }

        @Override
        public String kept() {
            return "kept()";
        }

        @Override
        public String range(TimeRange range, Bound params) {
            return "in_range(" + params.integer(range.from().getEpochSecond()) + ", " + params.integer(range.to().getEpochSecond()) + ")";
        }

        @Override
        public String eventType() {
            return "type_text";
        }

        @Override
        public String timeBucket(Granularity granularity, ZoneId zone, Optional<TimeRange> range) {
            return "bucket(" + granularity + ", " + zone + ")";
        }

        @Override
        public String jsonKey(String key) {
            return "key:" + key;
        }

        @Override
        public String propertyText(String key) {
            return "prop(" + key + ")";
        }

        @Override
        public String isJsonNumber(String key) {
            return "is_number(" + key + ")";
        }

        @Override
        public String jsonNumber(String key) {
            return "number(" + key + ")";
        }

        @Override
        public String present(String value) {
            return "nn(" + value + ")";
        }

        @Override
        public String inList(String text, List<String> values, Bound params) {
            return "in_list(" + text + ", " + String.join(", ", values.stream().map(params::text).toList()) + ")";
        }

        @Override
        public String contains(String text, String needle) {
            return "has_text(" + text + ", " + needle + ")";
        }

        @Override
        public String regexMatches(String text, String pattern) {
            return "re2(" + text + ", " + pattern + ")";
        }

        @Override
        public String countWhere(String condition) {
            return "count_where(" + condition + ")";
        }

        @Override
        public String median(String value) {
            return "median(" + value + ")";
        }

        @Override
        public String following(String value, int rows) {
            return "following(" + value + ", " + rows + ")";
        }

        @Override
        public boolean sessionsFromPieces() {
            return pieces;
        }

        @Override
        public String flag(String value) {
            return "flag(" + value + ")";
        }

        @Override
        public String bigint(String value) {
            return "bigint(" + value + ")";
        }

        @Override
        public String decimal(String value) {
            return "decimal(" + value + ")";
        }

        @Override
        public String noRevenue() {
            return "no_revenue()";
        }

        @Override
        public String noText() {
            return "no_text()";
        }

        @Override
        public String distinctCount(String value) {
            return "distinct_count(" + value + ")";
        }

        @Override
        public String eachMet(List<String> tests, List<String> names) {
            return "each_met(" + tests + ", " + names + ")";
        }

        @Override
        public String distinctCountWhere(String value, String condition) {
            return "distinct_count_where(" + value + ", " + condition + ")";
        }

        @Override
        public String eventOrder() {
            return "event_order()";
        }

        @Override
        public String first(String value, String order) {
            return "first_by(" + value + ", " + order + ")";
        }

        @Override
        public String last(String value, String order) {
            return "last_by(" + value + ", " + order + ")";
        }

        @Override
        public String keyTuple(List<String> keys) {
            return "key_tuple(" + String.join(", ", keys) + ")";
        }

        @Override
        public String keyField(String tuple, String key, int index) {
            return "key_field(" + tuple + ", " + key + ", " + index + ")";
        }

        @Override
        public String epochMillis(String timestamp) {
            return "epoch_millis(" + timestamp + ")";
        }

        @Override
        public String sortedNullsLast(List<String> values) {
            return "sorted_nulls_last(" + String.join(", ", values) + ")";
        }

        @Override
        public String timestampOfMillis(String millis) {
            return "timestamp_of_millis(" + millis + ")";
        }

        @Override
        public String rescanned() {
            return "AS RESCANNED";
        }

        @Override
        public String localDate(ZoneId zone, TimeRange range) {
            return "local_date(" + zone + ")";
        }

        @Override
        public String weekStart(String date, String weekStart) {
            return "week_start(" + date + ", " + weekStart + ")";
        }

        @Override
        public String monthStart(String date) {
            return "month_start(" + date + ")";
        }

        @Override
        public String daysBetween(String from, String to) {
            return "days(" + from + ", " + to + ")";
        }

        @Override
        public String monthsBetween(String from, String to) {
            return "months(" + from + ", " + to + ")";
        }

        @Override
        public String quotient(String dividend, String divisor) {
            return "quotient(" + dividend + ", " + divisor + ")";
        }

        @Override
        public String dateText(String date) {
            return "date_text(" + date + ")";
        }
    }

    private final SqlCompiler<Bound> compiler = new SqlCompiler<>(new Spelled());
    private final Bound params = new Bound();

    private String filter(FilterOp op, Dimension dimension, String... values) {
        return compiler.filters(List.of(new Filter.Match(op, dimension, List.of(values))), params, "uid");
    }

    @Test
    void a_missing_value_meets_is_not_and_no_other_comparison() {
        Dimension country = new Dimension.Property("country");
        assertThat(filter(FilterOp.IS, country, "FR")).isEqualTo("(country IS NOT NULL AND in_list(nn(country), ?0))");
        assertThat(filter(FilterOp.IS_NOT, country, "FR")).isEqualTo("(country IS NULL OR NOT in_list(nn(country), ?1))");
        assertThat(filter(FilterOp.CONTAINS, country, "F", "R"))
                .isEqualTo("(country IS NOT NULL AND (has_text(nn(country), ?2) OR has_text(nn(country), ?3)))");
        assertThat(filter(FilterOp.MATCHES, country, "^F"))
                .isEqualTo("(country IS NOT NULL AND (re2(nn(country), ?4)))");
        assertThat(params.values).containsExactly("FR", "FR", "F", "R", "(?-s)^F");
    }

    @Test
    void a_promoted_property_is_its_column_and_any_other_is_read_from_the_json_by_a_bound_key() {
        assertThat(compiler.dimension(new Dimension.Property("utm_source"), params, ZoneOffset.UTC, Optional.empty()))
                .isEqualTo("utm_source");
        assertThat(compiler.dimension(new Dimension.Property("plan"), params, ZoneOffset.UTC, Optional.empty()))
                .isEqualTo("prop(?0)");
        assertThat(compiler.dimension(new Dimension.EventType(), params, ZoneOffset.UTC, Optional.empty())).isEqualTo("type_text");
        assertThat(compiler.dimension(new Dimension.ExitPage(), params, ZoneOffset.UTC, Optional.empty())).isEqualTo("exit_page");
        assertThat(compiler.dimension(new Dimension.Time(Granularity.WEEK), params, ZoneId.of("Europe/Paris"), Optional.empty()))
                .isEqualTo("bucket(WEEK, Europe/Paris)");
        assertThat(params.values).containsExactly("key:plan");
    }

    @Test
    void gt_and_lt_compare_the_json_number_even_under_a_promoted_key() {
        assertThat(filter(FilterOp.GT, new Dimension.Property("country"), "2.50"))
                .isEqualTo("(is_number(?0) AND number(?0) > ?1)");
        assertThat(filter(FilterOp.LT, new Dimension.Property("price"), "7"))
                .isEqualTo("(is_number(?2) AND number(?2) < ?3)");
        assertThat(params.values).containsExactly("key:country", "#2.50", "key:price", "#7");
    }

    @Test
    void filters_all_apply_and_none_always_holds() {
        assertThat(compiler.filters(List.of(), params, "uid")).isEqualTo("T");
        assertThat(compiler.filters(List.of(
                new Filter.Match(FilterOp.IS, new Dimension.Property("os"), List.of("iOS")),
                new Filter.Match(FilterOp.IS, new Dimension.EventType(), List.of("buy"))), params, "uid"))
                .isEqualTo("(os IS NOT NULL AND in_list(nn(os), ?0)) AND (type_text IS NOT NULL AND in_list(nn(type_text), ?1))");
    }

    @Test
    void criteria_are_the_event_type_if_named_and_the_filters() {
        assertThat(compiler.criteria(EventCriteria.anyEvent(), params, "uid")).isEqualTo("(T AND T)");
        assertThat(compiler.criteria(EventCriteria.of("signup"), params, "uid")).isEqualTo("(event_type = ?0 AND T)");
        assertThat(params.values).containsExactly("signup");
    }

    @Test
    void a_cohort_is_the_users_of_the_project_whose_counts_meet_every_rule() {
        TimeRange range = new TimeRange(Instant.ofEpochSecond(100), Instant.ofEpochSecond(200));
        ResolvedCohort cohort = new ResolvedCohort("c", List.of(
                new ResolvedCohort.Rule(true, "buy", 3, range,
                        List.of(new Filter.Match(FilterOp.IS, new Dimension.Property("country"), List.of("FR")))),
                new ResolvedCohort.Rule(false, "refund", 1, range, List.of())));
        assertThat(compiler.filters(List.of(new Filter.InCohort(cohort)), params, "uid"))
                .isEqualTo("uid IN (SELECT uid FROM ev WHERE project_id = ?project AND kept() GROUP BY uid HAVING "
                        + "count_where(event_type = ?0 AND in_range(?1, ?2) AND (country IS NOT NULL AND in_list(nn(country), ?3))) >= ?4"
                        + " AND count_where(event_type = ?5 AND in_range(?6, ?7) AND T) < ?8)");
        assertThat(params.values).containsExactly("buy", 100L, 200L, "FR", 3L, "refund", 100L, 200L, 1L);
    }
}
