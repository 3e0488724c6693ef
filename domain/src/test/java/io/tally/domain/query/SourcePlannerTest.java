package io.tally.domain.query;

import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SourcePlannerTest {

    private static final TimeRange OCTOBER = new TimeRange(Instant.parse("2026-09-30T22:00:00Z"), Instant.parse("2026-10-31T23:00:00Z"));

    private static ReportQuery query(List<Metric> metrics, List<Dimension> dimensions, List<Filter> filters, TimeRange range,
                                     String zone) {
        return new ReportQuery("p", metrics.stream().<MetricRef>map(MetricRef.Builtin::new).toList(), dimensions, filters,
                range, ZoneId.of(zone), Optional.empty(), List.of(), 100);
    }

    @Test
    void additive_metrics_by_time_and_type_in_whole_hour_zones_use_the_rollup() {
        assertThat(SourcePlanner.whyNotRollup(query(List.of(Metric.EVENTS, Metric.REVENUE, Metric.PAGEVIEWS, Metric.CONVERSIONS),
                List.of(new Dimension.Time(Granularity.DAY), new Dimension.EventType()),
                List.of(new Filter.Match(FilterOp.IS, new Dimension.EventType(), List.of("purchase"))), OCTOBER,
                "Europe/Berlin"))).isEmpty();
    }

    @Test
    void everything_else_reads_raw_events_and_says_why() {
        List<Dimension> byDay = List.of(new Dimension.Time(Granularity.DAY));
        assertThat(SourcePlanner.whyNotRollup(query(List.of(Metric.VISITORS), byDay, List.of(), OCTOBER, "UTC"))).isPresent();
        assertThat(SourcePlanner.whyNotRollup(query(List.of(Metric.EVENTS), List.of(new Dimension.Property("country")),
                List.of(), OCTOBER, "UTC"))).isPresent();
        assertThat(SourcePlanner.whyNotRollup(query(List.of(Metric.EVENTS), List.of(new Dimension.Time(Granularity.MINUTE)),
                List.of(), OCTOBER, "UTC"))).isPresent();
        assertThat(SourcePlanner.whyNotRollup(query(List.of(Metric.EVENTS), byDay,
                List.of(new Filter.Match(FilterOp.IS, new Dimension.Property("plan"), List.of("free"))), OCTOBER, "UTC"))).isPresent();
        assertThat(SourcePlanner.whyNotRollup(query(List.of(Metric.EVENTS), byDay, List.of(),
                new TimeRange(Instant.parse("2026-10-01T00:30:00Z"), Instant.parse("2026-10-02T00:00:00Z")), "UTC")))
                .contains("the range does not start and end on whole hours");
        assertThat(SourcePlanner.whyNotRollup(query(List.of(Metric.EVENTS), byDay, List.of(),
                new TimeRange(Instant.parse("2026-10-01T18:00:00Z"), Instant.parse("2026-10-02T18:00:00Z")), "Asia/Kolkata")))
                .contains("the time zone's offset is not a whole number of hours");
    }

    @Test
    void a_report_reads_the_rollup_only_where_the_store_keeps_one_and_it_answers_exactly() {
        ReportQuery additive = query(List.of(Metric.EVENTS, Metric.REVENUE), List.of(new Dimension.Time(Granularity.DAY)),
                List.of(), OCTOBER, "UTC");
        ReportQuery distinct = query(List.of(Metric.EVENTS, Metric.ARPU), List.of(new Dimension.Time(Granularity.DAY)),
                List.of(), OCTOBER, "UTC");
        assertThat(SourcePlanner.plan(additive, EnumSet.of(Source.RAW, Source.ROLLUP))).isEqualTo(Source.ROLLUP);
        assertThat(SourcePlanner.plan(additive, EnumSet.of(Source.RAW))).isEqualTo(Source.RAW);
        assertThat(SourcePlanner.plan(distinct, EnumSet.of(Source.RAW, Source.ROLLUP))).isEqualTo(Source.RAW);
        assertThat(SourcePlanner.whyNotRollup(distinct)).contains("arpu needs distinct users or sessions");
    }
}
