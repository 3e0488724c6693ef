package io.tally.domain.query;

import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Assembling answers from counted aggregates: every number below is worked out by hand. */
class ReportTest {

    private static final TimeRange THREE_DAYS = new TimeRange(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-04T00:00:00Z"));

    private static Aggregates counts(long events, long visitors, long sessions, long bounces, long convertedVisitors) {
        return new Aggregates(events, visitors, sessions, events, bounces, sessions * 60_000, events, convertedVisitors,
                convertedVisitors, BigDecimal.TEN);
    }

    private static ReportQuery query(List<Dimension> dimensions, Optional<Compare> compare, List<OrderBy> order, int limit,
                                     Metric... metrics) {
        return new ReportQuery("p", Arrays.stream(metrics).<MetricRef>map(MetricRef.Builtin::new).toList(),
                dimensions, List.of(), THREE_DAYS, ZoneId.of("UTC"), compare, order, limit);
    }

    @Test
    void metrics_come_from_the_aggregates() {
        Aggregates a = new Aggregates(10, 4, 5, 8, 2, 300_000, 7, 3, 1, new BigDecimal("30.00"));
        assertThat(Metric.VIEWS_PER_SESSION.of(a)).isEqualTo(1.4);
        assertThat(Metric.BOUNCE_RATE.of(a)).isEqualTo(40.0);
        assertThat(Metric.AVG_SESSION_DURATION.of(a)).isEqualTo(60.0);
        assertThat(Metric.CONVERSION_RATE.of(a)).isEqualTo(25.0);
        assertThat(Metric.ARPU.of(a)).isEqualTo(new BigDecimal("7.5"));
        assertThat(Metric.BOUNCE_RATE.of(Aggregates.ZERO)).isNull();
        assertThat(Metric.ARPU.of(Aggregates.ZERO)).isNull();
    }

    @Test
    void empty_buckets_are_zeros_and_rows_follow_time() {
        ReportQuery query = query(List.of(new Dimension.Time(Granularity.DAY)), Optional.empty(), List.of(), 100, Metric.EVENTS);
        Report report = Report.assemble(query, new Report.Counts(Map.of(Group.of("2026-11-02T00:00:00Z"), counts(5, 2, 2, 1, 0)),
                counts(5, 2, 2, 1, 0)), Optional.empty());
        assertThat(report.rows()).extracting(Report.Row::metrics).containsExactly(List.of(0L), List.of(5L), List.of(0L));
        assertThat(report.rows().getFirst().dimensions()).containsExactly(Instant.parse("2026-11-01T00:00:00Z"));
    }

    @Test
    void ordered_by_a_metric_then_limited() {
        ReportQuery query = query(List.of(new Dimension.Property("country")), Optional.empty(),
                List.of(new OrderBy("visitors", true)), 2, Metric.VISITORS);
        Report report = Report.assemble(query, new Report.Counts(Map.of(
                Group.of("DE"), counts(9, 3, 3, 0, 0), Group.of("FR"), counts(9, 7, 3, 0, 0),
                Group.of((String) null), counts(9, 5, 3, 0, 0), Group.of("US"), counts(9, 1, 3, 0, 0)),
                counts(36, 16, 12, 0, 0)), Optional.empty());
        assertThat(report.rows()).extracting(r -> r.dimensions().getFirst()).containsExactly("FR", null);
        assertThat(report.totals()).containsExactly(16L);
    }

    @Test
    void comparison_matches_buckets_by_position_and_gives_the_change() {
        ReportQuery query = query(List.of(new Dimension.Time(Granularity.DAY)), Optional.of(Compare.PREVIOUS_PERIOD), List.of(),
                100, Metric.EVENTS, Metric.BOUNCE_RATE);
        Report.Counts now = new Report.Counts(Map.of(Group.of("2026-11-01T00:00:00Z"), counts(15, 1, 4, 1, 0),
                Group.of("2026-11-03T00:00:00Z"), counts(3, 1, 1, 1, 0)), counts(18, 2, 5, 2, 0));
        // the previous period is 29 Oct – 1 Nov: its first day lines up with 1 Nov
        Report.Counts before = new Report.Counts(Map.of(Group.of("2026-10-29T00:00:00Z"), counts(10, 1, 4, 2, 0)),
                counts(10, 1, 4, 2, 0));
        Report.Comparison comparison = Report.assemble(query, now, Optional.of(before)).comparison().orElseThrow();
        assertThat(comparison.range()).isEqualTo(new TimeRange(Instant.parse("2026-10-29T00:00:00Z"), THREE_DAYS.from()));
        assertThat(comparison.rows()).containsExactly(List.of(10L, 50.0), Arrays.asList(0L, null),
                Arrays.asList(0L, null));
        assertThat(comparison.change()).containsExactly(List.of(50.0, -50.0), Arrays.asList(null, null),
                Arrays.asList(null, null));
        assertThat(comparison.totalsChange()).containsExactly(80.0, -20.0);
    }

    @Test
    void previous_year_keeps_local_dates() {
        TimeRange march = new TimeRange(Instant.parse("2028-02-29T23:00:00Z"), Instant.parse("2028-03-31T22:00:00Z"));
        assertThat(Compare.PREVIOUS_YEAR.shift(march, ZoneId.of("Europe/Berlin"))).isEqualTo(
                new TimeRange(Instant.parse("2027-02-28T23:00:00Z"), Instant.parse("2027-03-31T22:00:00Z")));
    }
}
