package io.tally.domain.query;

import io.tally.domain.event.IdHash;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SketchedVisitorsTest {

    private static final TimeRange JAN_10 = new TimeRange(Instant.parse("2026-01-10T00:00:00Z"), Instant.parse("2026-01-11T00:00:00Z"));

    /**
     * Hand-worked: 10:00Z page views by a and b, a conversion by b; 11:00Z page views by c and a; 23:00Z a page view by
     * d (already 11 January in Berlin, UTC+1); 2026-01-11T00:00Z, outside the range, a page view by e.
     */
    private static List<KeptSketch> rows() {
        List<KeptSketch> rows = new ArrayList<>();
        rows.add(row("2026-01-10T10:00:00Z", "page_view", "a", "b"));
        rows.add(row("2026-01-10T10:00:00Z", "conversion", "b"));
        rows.add(row("2026-01-10T11:00:00Z", "page_view", "c", "a"));
        rows.add(row("2026-01-10T23:00:00Z", "page_view", "d"));
        rows.add(row("2026-01-11T00:00:00Z", "page_view", "e"));
        rows.add(row("2026-01-10T10:00:00Z", "page_view", "a")); // a row written again (a re-sent batch): a union ignores it
        return rows;
    }

    private static KeptSketch row(String hour, String type, String... users) {
        return new KeptSketch(Instant.parse(hour), SketchSpan.HOUR, type, sketch(users));
    }

    private static KeptSketch day(String day, String type, String... users) {
        return new KeptSketch(Instant.parse(day), SketchSpan.DAY, type, sketch(users));
    }

    private static byte[] sketch(String... users) {
        VisitorSketch sketch = new VisitorSketch();
        for (String user : users) {
            sketch.add(IdHash.of(user));
        }
        return sketch.bytes();
    }

    private static AggregateQuery query(List<Dimension> dimensions, List<Filter> filters) {
        return new AggregateQuery("p", JAN_10, ZoneId.of("Europe/Berlin"), dimensions, filters);
    }

    private static AggregateQuery query(TimeRange range, ZoneId zone, List<Dimension> dimensions) {
        return new AggregateQuery("p", range, zone, dimensions, List.of());
    }

    @Test
    void engagement_event_types_are_left_out_of_the_union() {
        List<KeptSketch> rows = new ArrayList<>(rows());
        rows.add(row("2026-01-10T12:00:00Z", "heartbeat", "a", "x", "y")); // x and y sent heartbeats alone
        AggregateQuery byType = query(List.of(new Dimension.EventType()), List.of()).withTotals();
        // page views: a, b, c, d; conversions: b. Heartbeats make nobody a visitor, so they have no row
        Map<Group, Aggregates> engaged = SketchedVisitors.count(byType.withEngagement(Set.of("heartbeat")), rows);
        assertThat(engaged).containsOnly(Map.entry(Group.of("page_view"), visitors(4, 0)),
                Map.entry(Group.of("conversion"), visitors(1, 1)), Map.entry(Group.NONE, visitors(4, 1)));
        // without engagement types x and y are visitors too
        assertThat(SketchedVisitors.count(byType, rows).get(Group.NONE).visitors()).isEqualTo(6);
    }

    /**
     * {@link #rows()} and the page views' row of 10 January, which (unlike a store's) also holds z: where the day's row
     * is read in place of its hours', z is counted. The conversions have no day row, so their hours always count.
     */
    private static List<KeptSketch> rowsWithDay() {
        List<KeptSketch> rows = new ArrayList<>(rows());
        rows.add(day("2026-01-10T00:00:00Z", "page_view", "a", "b", "c", "d", "z"));
        return rows;
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

    @Test
    void a_day_row_stands_in_for_its_hours_where_the_day_is_whole_in_the_range_and_in_one_bucket() {
        Map<Group, Aggregates> utcDays = SketchedVisitors.count(query(JAN_10, ZoneOffset.UTC,
                List.of(new Dimension.Time(Granularity.DAY))).withTotals(), rowsWithDay());
        assertThat(utcDays).containsOnly(
                Map.entry(Group.of("2026-01-10T00:00:00Z"), visitors(5, 1)), // the day row: a, b, c, d, z; b converted
                Map.entry(Group.NONE, visitors(5, 1)));
        Map<Group, Aggregates> byType = SketchedVisitors.count(query(JAN_10, ZoneOffset.UTC, List.of(new Dimension.EventType())), rowsWithDay());
        assertThat(byType).containsOnly(
                Map.entry(Group.of("page_view"), visitors(5, 0)),
                Map.entry(Group.of("conversion"), visitors(1, 1)));
    }

    @Test
    void hours_count_where_the_day_spans_two_buckets_while_the_totals_still_take_the_day() {
        // Berlin's 10 January starts at 23:00Z on the 9th: the UTC day lies in two local days
        Map<Group, Aggregates> berlinDays = SketchedVisitors.count(query(List.of(new Dimension.Time(Granularity.DAY)), List.of())
                .withTotals(), rowsWithDay());
        assertThat(berlinDays).containsOnly(
                Map.entry(Group.of("2026-01-09T23:00:00Z"), visitors(3, 1)),   // a, b, c from the hours
                Map.entry(Group.of("2026-01-10T23:00:00Z"), visitors(1, 0)),   // d
                Map.entry(Group.NONE, visitors(5, 1)));                        // the day row
        Map<Group, Aggregates> utcHours = SketchedVisitors.count(query(JAN_10, ZoneOffset.UTC,
                List.of(new Dimension.Time(Granularity.HOUR))).withTotals(), rowsWithDay());
        assertThat(utcHours).containsOnly(
                Map.entry(Group.of("2026-01-10T10:00:00Z"), visitors(2, 1)),
                Map.entry(Group.of("2026-01-10T11:00:00Z"), visitors(2, 0)),
                Map.entry(Group.of("2026-01-10T23:00:00Z"), visitors(1, 0)),
                Map.entry(Group.NONE, visitors(5, 1)));
    }

    @Test
    void a_day_only_partly_in_the_range_is_read_from_its_hours() {
        TimeRange fromNine = new TimeRange(Instant.parse("2026-01-10T09:00:00Z"), Instant.parse("2026-01-11T00:00:00Z"));
        assertThat(SketchedVisitors.count(query(fromNine, ZoneOffset.UTC, List.of()), rowsWithDay()))
                .containsOnly(Map.entry(Group.NONE, visitors(4, 1))); // a, b, c, d: no z
        TimeRange toNoon = new TimeRange(Instant.parse("2026-01-10T00:00:00Z"), Instant.parse("2026-01-10T12:00:00Z"));
        assertThat(SketchedVisitors.count(query(toNoon, ZoneOffset.UTC, List.of()), rowsWithDay()))
                .containsOnly(Map.entry(Group.NONE, visitors(3, 1))); // a, b, c
    }

    /**
     * What lets a day's row stand in for its hours': the union of Theta sketches keeps the same smallest hashes however
     * it is grouped, so every answer equals the hours-only one, here far into estimation mode (k = 32, about 80 users an hour).
     */
    @Test
    void days_beside_hours_give_exactly_the_estimates_of_the_hours_alone() {
        int lgK = 5;
        KeptSketches both = new KeptSketches(lgK, EnumSet.allOf(SketchSpan.class));
        KeptSketches hoursOnly = new KeptSketches(lgK, EnumSet.of(SketchSpan.HOUR));
        Random random = new Random(20);
        Instant start = Instant.parse("2026-01-05T00:00:00Z");
        Set<Long> users = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            Instant at = start.plusSeconds(random.nextInt(10 * 86_400));
            String type = random.nextInt(5) == 0 ? "conversion" : "page_view";
            long user = IdHash.of("u" + random.nextInt(3_000));
            users.add(user);
            both.add("p", at, type, user);
            hoursOnly.add("p", at, type, user);
        }
        List<TimeRange> ranges = List.of(new TimeRange(start, start.plus(Duration.ofDays(10))),
                new TimeRange(Instant.parse("2026-01-06T05:00:00Z"), Instant.parse("2026-01-13T00:00:00Z")));
        List<List<Dimension>> groupings = List.of(List.of(), List.of(new Dimension.EventType()),
                List.of(new Dimension.Time(Granularity.HOUR)), List.of(new Dimension.Time(Granularity.DAY)),
                List.of(new Dimension.Time(Granularity.WEEK), new Dimension.EventType()), List.of(new Dimension.Time(Granularity.MONTH)));
        int compared = 0;
        for (TimeRange range : ranges) {
            for (ZoneId zone : List.of(ZoneOffset.UTC, ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"))) {
                for (List<Dimension> dimensions : groupings) {
                    AggregateQuery query = query(range, zone, dimensions);
                    query = dimensions.isEmpty() ? query : query.withTotals();
                    Map<Group, Aggregates> fromHours = SketchedVisitors.count(query, kept(hoursOnly), lgK);
                    assertThat(SketchedVisitors.count(query, kept(both), lgK)).as("%s %s %s", range, zone, dimensions)
                            .isEqualTo(fromHours);
                    // what a store reads: no hours of the days read whole, no other days unless the totals take them
                    Set<Long> readWhole = SketchedVisitors.daysReadWhole(query, Instant.EPOCH);
                    boolean everyDay = SketchedVisitors.readsEveryWholeDay(query);
                    List<KeptSketch> asRead = kept(both).stream().filter(row -> {
                        boolean wholeDayRead = readWhole.contains(LocalDate.ofInstant(row.start(), ZoneOffset.UTC).toEpochDay());
                        return row.span() == SketchSpan.DAY ? everyDay || wholeDayRead : !wholeDayRead;
                    }).toList();
                    assertThat(SketchedVisitors.count(query, asRead, lgK)).as("%s %s %s, as a store reads", range, zone, dimensions)
                            .isEqualTo(fromHours);
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(36);
        long estimate = SketchedVisitors.count(query(ranges.get(0), ZoneOffset.UTC, List.of()), kept(both), lgK).get(Group.NONE).visitors();
        assertThat(estimate).as("estimation mode, not exact counting").isNotEqualTo(users.size()).isBetween(2_000L, 4_000L);
    }

    private static List<KeptSketch> kept(KeptSketches sketches) {
        List<KeptSketch> rows = new ArrayList<>();
        sketches.forEach((key, bytes) -> rows.add(new KeptSketch(key.start(), key.span(), key.eventType(), bytes)));
        return rows;
    }

    @Test
    void the_days_read_whole_are_those_whole_in_the_range_in_one_bucket_and_kept() {
        long jan10 = LocalDate.parse("2026-01-10").toEpochDay();
        long jan12 = LocalDate.parse("2026-01-12").toEpochDay();
        List<Dimension> byDay = List.of(new Dimension.Time(Granularity.DAY));
        assertThat(SketchedVisitors.daysReadWhole(query(JAN_10, ZoneOffset.UTC, byDay), Instant.EPOCH)).containsExactly(jan10);
        assertThat(SketchedVisitors.daysReadWhole(query(JAN_10, ZoneId.of("Europe/Berlin"), byDay), Instant.EPOCH)).isEmpty();
        assertThat(SketchedVisitors.daysReadWhole(query(JAN_10, ZoneId.of("Europe/Berlin"), List.of()), Instant.EPOCH))
                .as("no time dimension: every whole day").containsExactly(jan10);
        assertThat(SketchedVisitors.daysReadWhole(query(JAN_10, ZoneOffset.UTC, List.of(new Dimension.Time(Granularity.HOUR))),
                Instant.EPOCH)).isEmpty();
        assertThat(SketchedVisitors.daysReadWhole(query(JAN_10, ZoneOffset.UTC, byDay), Instant.parse("2026-01-10T06:00:00Z")))
                .as("the day the horizon cuts has no day row").isEmpty();
        // Saturday 10 to Tuesday 13 January by Berlin weeks: UTC Sunday the 11th ends at 01:00 on Monday in Berlin, a new week
        TimeRange threeDays = new TimeRange(Instant.parse("2026-01-10T00:00:00Z"), Instant.parse("2026-01-13T00:00:00Z"));
        assertThat(SketchedVisitors.daysReadWhole(query(threeDays, ZoneId.of("Europe/Berlin"),
                List.of(new Dimension.Time(Granularity.WEEK), new Dimension.EventType())), Instant.EPOCH)).containsExactly(jan10, jan12);
        TimeRange offMidnight = new TimeRange(Instant.parse("2026-01-10T01:00:00Z"), Instant.parse("2026-01-12T23:00:00Z"));
        assertThat(SketchedVisitors.daysReadWhole(query(offMidnight, ZoneOffset.UTC, byDay), Instant.EPOCH))
                .containsExactly(LocalDate.parse("2026-01-11").toEpochDay());
        TimeRange years = new TimeRange(Instant.parse("2026-01-10T00:00:00Z"), Instant.parse("9999-01-01T00:00:00Z"));
        Set<Long> capped = SketchedVisitors.daysReadWhole(query(years, ZoneOffset.UTC, List.of()), Instant.EPOCH);
        assertThat(capped).as("at most 400 days, from the first").hasSize(400).first().isEqualTo(jan10);
        assertThat(capped).last().isEqualTo(jan10 + 399);
    }
}
