package io.tally.application.port.in.shape;

import io.tally.application.port.in.Answer;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.Group;
import io.tally.domain.query.Metric;
import io.tally.domain.query.MetricRef;
import io.tally.domain.query.Report;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import io.tally.domain.trend.SeriesCounts;
import io.tally.domain.trend.Trend;
import io.tally.domain.trend.TrendQuery;
import io.tally.domain.trend.TrendSeries;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A trend's chart shape names each breakdown dimension's value; one dimension keeps its single value beside them. */
class TrendChartsTest {

    private static final TimeRange ONE_DAY = new TimeRange(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-10-02T00:00:00Z"));
    private static final List<TrendSeries> VIEWS = List.of(new TrendSeries(EventCriteria.of("page_view"),
            new MetricRef.Builtin(Metric.EVENTS)));

    private static Aggregates events(long n) {
        return new Aggregates(n, 0, 0, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO);
    }

    private static Map<String, Object> chart(List<Dimension> breakdown, Map<List<String>, Long> totals) {
        TrendQuery query = new TrendQuery("p", VIEWS, List.of(), List.of(), Granularity.DAY, ONE_DAY, ZoneId.of("UTC"), breakdown, 10,
                Optional.empty());
        Map<Group, Aggregates> byDay = new HashMap<>();
        Map<Group, Aggregates> byValue = new HashMap<>();
        totals.forEach((values, n) -> {
            List<String> key = new ArrayList<>(List.of("2026-10-01T00:00:00Z"));
            key.addAll(values);
            byDay.put(new Group(key), events(n));
            byValue.put(new Group(values), events(n));
        });
        Trend trend = Trend.assemble(query, List.of(new SeriesCounts(new Report.Counts(byDay, Aggregates.ZERO), byValue)));
        return Charts.trend(new Answer<>(trend, "raw", Duration.ofMillis(2)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void several_dimensions_give_each_line_its_values_and_the_table_a_column_per_dimension() {
        Map<String, Object> chart = chart(List.of(new Dimension.Property("country"), new Dimension.Property("device")),
                Map.of(List.of("DE", "mobile"), 3L, Arrays.asList("FR", null), 2L));
        assertThat(chart.get("columns")).isEqualTo(List.of("period", "line", "country", "device", "value"));
        assertThat((List<List<Object>>) chart.get("rows")).containsExactly(
                List.of("2026-10-01T00:00:00Z", "A", "DE", "mobile", 3L),
                Arrays.asList("2026-10-01T00:00:00Z", "A", "FR", null, 2L));
        List<Map<String, Object>> lines = (List<Map<String, Object>>) chart.get("lines");
        assertThat(lines).extracting(line -> line.get("breakdown_values")).containsExactly(List.of("DE", "mobile"), Arrays.asList("FR", null));
        assertThat(lines).allMatch(line -> !line.containsKey("breakdown_value"));
        Map<String, Object> meta = (Map<String, Object>) chart.get("meta");
        assertThat(meta).containsEntry("breakdowns", List.of("country", "device")).doesNotContainKey("breakdown");
    }

    @Test
    @SuppressWarnings("unchecked")
    void one_dimension_keeps_its_single_value_and_column() {
        Map<String, Object> chart = chart(List.of(new Dimension.Property("country")), Map.of(List.of("DE"), 3L));
        assertThat(chart.get("columns")).isEqualTo(List.of("period", "line", "breakdown_value", "value"));
        Map<String, Object> line = ((List<Map<String, Object>>) chart.get("lines")).getFirst();
        assertThat(line).containsEntry("breakdown_value", "DE").containsEntry("breakdown_values", List.of("DE"));
        assertThat((Map<String, Object>) chart.get("meta")).containsEntry("breakdown", "country")
                .containsEntry("breakdowns", List.of("country"));
    }
}
