package io.tally.domain.query;

import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import io.tally.domain.validation.Validated;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CacheKeyTest {

    private static final TimeRange RANGE = new TimeRange(Instant.parse("2026-11-01T00:00:00Z"),
            Instant.parse("2026-11-08T00:00:00Z"));

    private static ReportQuery report(List<MetricRef> metrics, List<Filter> filters) {
        return new ReportQuery("p", metrics, List.of(new Dimension.Time(Granularity.DAY)), filters, RANGE, ZoneId.of("UTC"),
                Optional.empty(), List.of(), 100);
    }

    private static Kpi kpi(String expression) {
        return new Kpi("share", "", expression, ((Validated.Valid<Formula<Metric>>) FormulaParser.parse(expression, "expression")).value());
    }

    @Test
    void a_report_is_written_field_by_field() {
        ReportQuery query = report(List.of(new MetricRef.Builtin(Metric.VISITORS)),
                List.of(new Filter.Match(FilterOp.IS, new Dimension.Property("path"), List.of("/a\",\"b"))));
        assertThat(query.cacheKey()).isEqualTo("report(\"p\",[metric(VISITORS)],[time:day],"
                + "[match(IS,prop:path,[\"/a\\\",\\\"b\"])],2026-11-01T00:00:00Z/2026-11-08T00:00:00Z,UTC,-,[],100)");
    }

    @Test
    void values_that_would_read_alike_as_plain_text_write_different_keys() {
        // one value holding a comma and a quote, against two values
        ReportQuery one = report(List.of(new MetricRef.Builtin(Metric.VISITORS)),
                List.of(new Filter.Match(FilterOp.IS, new Dimension.Property("path"), List.of("a\",\"b"))));
        ReportQuery two = report(List.of(new MetricRef.Builtin(Metric.VISITORS)),
                List.of(new Filter.Match(FilterOp.IS, new Dimension.Property("path"), List.of("a", "b"))));
        assertThat(one.cacheKey()).isNotEqualTo(two.cacheKey());
    }

    @Test
    void a_kpi_redefined_under_its_name_is_another_question() {
        assertThat(report(List.of(new MetricRef.KpiRef(kpi("conversions / visitors"))), List.of()).cacheKey())
                .isNotEqualTo(report(List.of(new MetricRef.KpiRef(kpi("conversions / sessions"))), List.of()).cacheKey());
    }

    @Test
    void a_value_without_one_spelling_is_refused_rather_than_written_as_text() {
        assertThatThrownBy(() -> CacheKey.of("x", new Object())).isInstanceOf(IllegalArgumentException.class);
    }
}
