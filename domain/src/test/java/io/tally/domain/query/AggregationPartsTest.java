package io.tally.domain.query;

import io.tally.domain.time.TimeRange;
import io.tally.domain.validation.Validated;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A report asks its engine for the costly parts its metrics read, and no others. */
class AggregationPartsTest {

    private static final TimeRange DAY = new TimeRange(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-10-02T00:00:00Z"));

    private static AggregateQuery aggregation(MetricRef... metrics) {
        return new ReportQuery("p", List.of(metrics), List.of(new Dimension.EventType()), List.of(), DAY, ZoneId.of("UTC"),
                Optional.empty(), List.of(), 100).aggregation();
    }

    private static MetricRef builtin(Metric metric) {
        return new MetricRef.Builtin(metric);
    }

    private static MetricRef kpi(String expression) {
        return new MetricRef.KpiRef(new Kpi("k", "", expression,
                ((Validated.Valid<Formula<Metric>>) FormulaParser.parse(expression, "expression")).value()));
    }

    @Test
    void plain_counts_need_no_costly_part() {
        assertThat(aggregation(builtin(Metric.EVENTS), builtin(Metric.PAGEVIEWS), builtin(Metric.CONVERSIONS)).parts()).isEmpty();
    }

    @Test
    void visitors_and_what_divides_by_them_need_distinct_users() {
        assertThat(aggregation(builtin(Metric.VISITORS)).parts()).containsExactly(Aggregates.Part.VISITORS);
        assertThat(aggregation(builtin(Metric.CONVERSION_RATE)).parts())
                .containsExactlyInAnyOrder(Aggregates.Part.VISITORS, Aggregates.Part.CONVERTED_VISITORS);
        assertThat(aggregation(builtin(Metric.ARPU)).parts())
                .containsExactlyInAnyOrder(Aggregates.Part.VISITORS, Aggregates.Part.REVENUE);
    }

    @Test
    void session_metrics_need_sessions_and_money_metrics_need_revenue() {
        for (Metric metric : List.of(Metric.SESSIONS, Metric.BOUNCE_RATE, Metric.VIEWS_PER_SESSION, Metric.AVG_SESSION_DURATION)) {
            assertThat(aggregation(builtin(metric)).parts()).as(metric.label()).containsExactly(Aggregates.Part.SESSIONS);
        }
        assertThat(aggregation(builtin(Metric.REVENUE)).parts()).containsExactly(Aggregates.Part.REVENUE);
        assertThat(aggregation(builtin(Metric.REVENUE), builtin(Metric.EVENTS)).parts()).containsExactly(Aggregates.Part.REVENUE);
    }

    @Test
    void a_kpi_needs_the_parts_of_every_metric_in_its_formula() {
        assertThat(aggregation(kpi("revenue / sessions")).parts())
                .containsExactlyInAnyOrder(Aggregates.Part.REVENUE, Aggregates.Part.SESSIONS);
        assertThat(aggregation(kpi("conversions / visitors * 100")).parts()).containsExactly(Aggregates.Part.VISITORS);
        assertThat(aggregation(kpi("conversions / events * 100")).parts()).isEmpty();
    }

    @Test
    void comparisons_and_totals_keep_the_parts() {
        AggregateQuery query = aggregation(builtin(Metric.BOUNCE_RATE));
        assertThat(query.withoutDimensions().parts()).isEqualTo(query.parts());
        assertThat(query.over(new TimeRange(DAY.from().minusSeconds(86_400), DAY.from())).parts()).isEqualTo(query.parts());
    }
}
