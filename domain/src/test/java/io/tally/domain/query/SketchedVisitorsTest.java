package io.tally.domain.query;

import io.tally.domain.event.IdHash;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SketchedVisitorsTest {

    private static final TimeRange JAN_10 = new TimeRange(Instant.parse("2026-01-10T00:00:00Z"), Instant.parse("2026-01-11T00:00:00Z"));

    /**
     * Hand-worked: 10:00Z page views by a and b, a conversion by b; 11:00Z page views by c and a; 23:00Z a page view by
     * d (already 11 January in Berlin, UTC+1); 2026-01-11T00:00Z, outside the range, a page view by e.
     */
    private static List<HourSketch> rows() {
        List<HourSketch> rows = new ArrayList<>();
        rows.add(row("2026-01-10T10:00:00Z", "page_view", "a", "b"));
        rows.add(row("2026-01-10T10:00:00Z", "conversion", "b"));
        rows.add(row("2026-01-10T11:00:00Z", "page_view", "c", "a"));
        rows.add(row("2026-01-10T23:00:00Z", "page_view", "d"));
        rows.add(row("2026-01-11T00:00:00Z", "page_view", "e"));
        rows.add(row("2026-01-10T10:00:00Z", "page_view", "a")); // a row written again (a re-sent batch): a union ignores it
        return rows;
    }

    private static HourSketch row(String hour, String type, String... users) {
        VisitorSketch sketch = new VisitorSketch();
        for (String user : users) {
            sketch.add(IdHash.of(user));
        }
        return new HourSketch(Instant.parse(hour), type, sketch.bytes());
    }

    private static AggregateQuery query(List<Dimension> dimensions, List<Filter> filters) {
        return new AggregateQuery("p", JAN_10, ZoneId.of("Europe/Berlin"), dimensions, filters);
    }

    private static Aggregates visitors(long visitors, long converted) {
        return Aggregates.ZERO.withVisitorFacts(visitors, converted);
    }

    @Test
    void hours_are_unioned_per_local_day_with_the_conversions_apart() {
        Map<Group, Aggregates> answer = SketchedVisitors.count(query(List.of(new Dimension.Time(Granularity.DAY)), List.of())
                .withTotals(), rows());
        assertThat(answer).containsOnly(
                Map.entry(Group.of("2026-01-09T23:00:00Z"), visitors(3, 1)),   // a, b, c; b converted
                Map.entry(Group.of("2026-01-10T23:00:00Z"), visitors(1, 0)),   // d
                Map.entry(Group.NONE, visitors(4, 1)));
    }

    @Test
    void rows_are_grouped_by_event_type_and_filtered_by_it() {
        Map<Group, Aggregates> byType = SketchedVisitors.count(query(List.of(new Dimension.EventType()), List.of()), rows());
        assertThat(byType).containsOnly(
                Map.entry(Group.of("page_view"), visitors(4, 0)),
                Map.entry(Group.of("conversion"), visitors(1, 1)));
        Map<Group, Aggregates> noConversions = SketchedVisitors.count(query(List.of(),
                List.of(new Filter.Match(FilterOp.IS_NOT, new Dimension.EventType(), List.of("conversion")))), rows());
        assertThat(noConversions).containsOnly(Map.entry(Group.NONE, visitors(4, 0)));
        Map<Group, Aggregates> onlyConversions = SketchedVisitors.count(query(List.of(),
                List.of(new Filter.Match(FilterOp.IS, new Dimension.EventType(), List.of("conversion", "purchase")))), rows());
        assertThat(onlyConversions).containsOnly(Map.entry(Group.NONE, visitors(1, 1)));
    }
}
