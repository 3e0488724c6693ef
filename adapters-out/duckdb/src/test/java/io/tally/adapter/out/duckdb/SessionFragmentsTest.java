package io.tally.adapter.out.duckdb;

import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Group;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sessions kept per hour on a few sessions worked out by hand, over 2 and 3 March 2026 (UTC, whole days):
 * <ul>
 *   <li>A: 1 March 23:50 /a (before the range), 2 March 00:10 page view /b, 01:20 click: in the range 2 events from
 *       00:10 to 01:20, 4,200,000 ms, 1 page view, entry /b, across an hour and the range's start;</li>
 *   <li>B: 3 March 00:30 /home and 00:45 /pricing (two page views, 900,000 ms, entry /home on 3 March), then a late
 *       page view at 2 March 23:55 /landing: 3 events over 50 minutes, 3,000,000 ms, 3 page views, entry /landing on
 *       2 March;</li>
 *   <li>C: two events at 2 March 10:00:00, {@code c-b} a page view of /z and {@code c-a} a click on /y: {@code c-a}
 *       comes first by event id, so the entry is /y; later a click at 10:30 in the same hour: 3 events, 1,800,000 ms,
 *       1 page view;</li>
 *   <li>D: 3 March 05:00 page view /d, 05:10 click, the page view sent again later: 2 events, 600,000 ms, 1 page view;</li>
 *   <li>E: 3 March 08:00 one page view of /e: a bounce.</li>
 * </ul>
 * Exit pages: A /b, B /pricing (the late /landing is earlier, so it changes nothing), C /z ({@code c-b} is last by
 * event id at 10:00) until the late click on /y at 10:30, D /d, E /e.
 */
class SessionFragmentsTest {

    private static final String PROJECT = "hand";
    private static final TimeRange TWO_DAYS = new TimeRange(Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-04T00:00:00Z"));
    private static final Event D1 = event("d-1", "D", "page_view", "2026-03-03T05:00:00Z", "/d");

    private DuckDbStores duck;

    @BeforeEach
    void open(@TempDir Path dir) {
        duck = DuckDbStores.open(DuckDbConfig.at(dir.resolve("hand.duckdb")));
        duck.eventStore().append(List.of(
                event("a-0", "A", "page_view", "2026-03-01T23:50:00Z", "/a"),
                event("a-1", "A", "page_view", "2026-03-02T00:10:00Z", "/b"),
                event("a-2", "A", "click", "2026-03-02T01:20:00Z", "/b"),
                event("b-1", "B", "page_view", "2026-03-03T00:30:00Z", "/home"),
                event("b-2", "B", "page_view", "2026-03-03T00:45:00Z", "/pricing"),
                event("c-b", "C", "page_view", "2026-03-02T10:00:00Z", "/z"),
                event("c-a", "C", "click", "2026-03-02T10:00:00Z", "/y"),
                D1,
                event("d-2", "D", "click", "2026-03-03T05:10:00Z", "/d"),
                event("e-1", "E", "page_view", "2026-03-03T08:00:00Z", "/e")));
        duck.rollupStore().refresh();
    }

    @AfterEach
    void close() {
        duck.close();
    }

    private static Event event(String id, String session, String type, String ts, String path) {
        return new Event(id, PROJECT, "user-" + session, session, type, Instant.parse(ts),
                Map.of("path", PropertyValue.of(path)), "", "", Instant.parse("2026-03-05T00:00:00Z"));
    }

    private void arriveLate() {
        assertThat(duck.eventStore().append(List.of(
                event("b-0", "B", "page_view", "2026-03-02T23:55:00Z", "/landing"),
                event("c-c", "C", "click", "2026-03-02T10:30:00Z", "/y"),
                D1))).as("the re-sent page view is not stored again").isEqualTo(2);
    }

    private Map<Group, List<Long>> sessions(List<Dimension> dimensions) {
        return sessions(TWO_DAYS, dimensions);
    }

    private Map<Group, List<Long>> sessions(TimeRange range, List<Dimension> dimensions) {
        AggregateQuery query = new AggregateQuery(PROJECT, range, ZoneId.of("UTC"), dimensions, List.of()).withTotals();
        Map<Group, List<Long>> facts = new HashMap<>();
        duck.rollupStore().sessions(query).forEach((group, a) -> facts.put(group, facts(a)));
        Map<Group, List<Long>> raw = new HashMap<>();
        duck.analyticsEngine().aggregate(query).forEach((group, a) -> {
            if (a.sessions() > 0) { // a group of events without a first event of a session holds no sessions
                raw.put(group, facts(a));
            }
        });
        assertThat(facts).as("as the raw engine counts them").isEqualTo(raw);
        return facts;
    }

    private static List<Long> facts(Aggregates a) {
        return List.of(a.sessions(), a.bounces(), a.sessionMillis(), a.sessionPageviews());
    }

    @Test
    void a_session_counts_in_the_group_of_its_first_event_in_the_range() {
        assertThat(sessions(List.of(new Dimension.Property("path")))).containsOnly(
                Map.entry(Group.of("/b"), List.of(1L, 0L, 4_200_000L, 1L)),
                Map.entry(Group.of("/home"), List.of(1L, 0L, 900_000L, 2L)),
                Map.entry(Group.of("/y"), List.of(1L, 0L, 0L, 1L)),
                Map.entry(Group.of("/d"), List.of(1L, 0L, 600_000L, 1L)),
                Map.entry(Group.of("/e"), List.of(1L, 1L, 0L, 1L)),
                Map.entry(Group.NONE, List.of(5L, 1L, 5_700_000L, 6L)));
    }

    @Test
    void a_late_earlier_event_changes_the_entry_page_and_the_day_and_a_resent_one_changes_nothing() {
        arriveLate();
        Map<Group, List<Long>> byPath = Map.of(
                Group.of("/b"), List.of(1L, 0L, 4_200_000L, 1L),
                Group.of("/landing"), List.of(1L, 0L, 3_000_000L, 3L),
                Group.of("/y"), List.of(1L, 0L, 1_800_000L, 1L),
                Group.of("/d"), List.of(1L, 0L, 600_000L, 1L),
                Group.of("/e"), List.of(1L, 1L, 0L, 1L),
                Group.NONE, List.of(5L, 1L, 9_600_000L, 7L));
        Map<Group, List<Long>> byDay = Map.of(
                Group.of("2026-03-02T00:00:00Z"), List.of(3L, 0L, 9_000_000L, 5L),
                Group.of("2026-03-03T00:00:00Z"), List.of(2L, 1L, 600_000L, 2L),
                Group.NONE, List.of(5L, 1L, 9_600_000L, 7L));
        assertThat(sessions(List.of(new Dimension.Property("path")))).isEqualTo(byPath);
        assertThat(sessions(List.of(new Dimension.Time(Granularity.DAY)))).isEqualTo(byDay);

        duck.rollupStore().refresh(); // compacts C's two fragments of 10:00 into one
        assertThat(duck.rawQuery("""
                SELECT count(*) FROM (SELECT 1 FROM session_fragments GROUP BY project_id, hour, session_h HAVING count(*) > 1)"""))
                .containsExactly(List.of("0"));
        assertThat(sessions(List.of(new Dimension.Property("path")))).isEqualTo(byPath);
        assertThat(sessions(List.of(new Dimension.Time(Granularity.DAY)))).isEqualTo(byDay);
    }

    @Test
    void the_expiry_deletes_the_fragments_of_the_expired_hours_with_their_events() {
        assertThat(duck.eventExpiry().expireBefore(Instant.parse("2026-03-03T00:00:00Z"))).isEqualTo(5);
        assertThat(duck.rawQuery("SELECT count(*) FROM session_fragments WHERE hour < TIMESTAMP '2026-03-03 00:00:00'"))
                .containsExactly(List.of("0"));
        assertThat(sessions(List.of(new Dimension.Property("path")))).containsOnly(
                Map.entry(Group.of("/home"), List.of(1L, 0L, 900_000L, 2L)),
                Map.entry(Group.of("/d"), List.of(1L, 0L, 600_000L, 1L)),
                Map.entry(Group.of("/e"), List.of(1L, 1L, 0L, 1L)),
                Map.entry(Group.NONE, List.of(3L, 1L, 1_500_000L, 4L)));
    }

    /** From 2 March 00:30, A's one event in the range (the click at 01:20 on /b) is a bounce without page views. */
    @Test
    void a_range_not_on_whole_hours_is_counted_from_raw_events() {
        TimeRange halfPast = new TimeRange(Instant.parse("2026-03-02T00:30:00Z"), TWO_DAYS.to());
        assertThat(sessions(halfPast, List.of(new Dimension.Property("path")))).containsOnly(
                Map.entry(Group.of("/b"), List.of(1L, 1L, 0L, 0L)),
                Map.entry(Group.of("/home"), List.of(1L, 0L, 900_000L, 2L)),
                Map.entry(Group.of("/y"), List.of(1L, 0L, 0L, 1L)),
                Map.entry(Group.of("/d"), List.of(1L, 0L, 600_000L, 1L)),
                Map.entry(Group.of("/e"), List.of(1L, 1L, 0L, 1L)),
                Map.entry(Group.NONE, List.of(5L, 2L, 1_500_000L, 5L)));
    }

    @Test
    void a_session_counts_under_its_exit_page_the_path_of_its_last_event() {
        assertThat(sessions(List.of(new Dimension.ExitPage()))).containsOnly(
                Map.entry(Group.of("/b"), List.of(1L, 0L, 4_200_000L, 1L)),
                Map.entry(Group.of("/pricing"), List.of(1L, 0L, 900_000L, 2L)),
                Map.entry(Group.of("/z"), List.of(1L, 0L, 0L, 1L)),
                Map.entry(Group.of("/d"), List.of(1L, 0L, 600_000L, 1L)),
                Map.entry(Group.of("/e"), List.of(1L, 1L, 0L, 1L)),
                Map.entry(Group.NONE, List.of(5L, 1L, 5_700_000L, 6L)));
    }

    @Test
    void a_late_later_event_moves_the_exit_page_a_late_earlier_one_does_not_and_the_range_clips_it() {
        arriveLate();
        Map<Group, List<Long>> byExit = Map.of(
                Group.of("/b"), List.of(1L, 0L, 4_200_000L, 1L),
                Group.of("/pricing"), List.of(1L, 0L, 3_000_000L, 3L),
                Group.of("/y"), List.of(1L, 0L, 1_800_000L, 1L),
                Group.of("/d"), List.of(1L, 0L, 600_000L, 1L),
                Group.of("/e"), List.of(1L, 1L, 0L, 1L),
                Group.NONE, List.of(5L, 1L, 9_600_000L, 7L));
        assertThat(sessions(List.of(new Dimension.ExitPage()))).isEqualTo(byExit);
        // 2 March alone: B is its late page view of /landing only (a bounce), cut at the range's end
        TimeRange firstDay = new TimeRange(TWO_DAYS.from(), Instant.parse("2026-03-03T00:00:00Z"));
        assertThat(sessions(firstDay, List.of(new Dimension.ExitPage()))).containsOnly(
                Map.entry(Group.of("/b"), List.of(1L, 0L, 4_200_000L, 1L)),
                Map.entry(Group.of("/landing"), List.of(1L, 1L, 0L, 1L)),
                Map.entry(Group.of("/y"), List.of(1L, 0L, 1_800_000L, 1L)),
                Map.entry(Group.NONE, List.of(3L, 1L, 6_000_000L, 3L)));

        duck.rollupStore().refresh(); // compacts C's two fragments of 10:00 into one, keeping the later exit
        assertThat(sessions(List.of(new Dimension.ExitPage()))).isEqualTo(byExit);
        assertThat(sessions(List.of(new Dimension.Time(Granularity.DAY), new Dimension.ExitPage()))).containsOnly(
                Map.entry(Group.of("2026-03-02T00:00:00Z", "/b"), List.of(1L, 0L, 4_200_000L, 1L)),
                Map.entry(Group.of("2026-03-02T00:00:00Z", "/pricing"), List.of(1L, 0L, 3_000_000L, 3L)),
                Map.entry(Group.of("2026-03-02T00:00:00Z", "/y"), List.of(1L, 0L, 1_800_000L, 1L)),
                Map.entry(Group.of("2026-03-03T00:00:00Z", "/d"), List.of(1L, 0L, 600_000L, 1L)),
                Map.entry(Group.of("2026-03-03T00:00:00Z", "/e"), List.of(1L, 1L, 0L, 1L)),
                Map.entry(Group.NONE, List.of(5L, 1L, 9_600_000L, 7L)));
    }

    @Test
    void two_events_at_the_same_time_are_ordered_by_event_id() {
        assertThat(sessions(List.of(new Dimension.EventType()))).containsOnly(
                Map.entry(Group.of("page_view"), List.of(4L, 1L, 5_700_000L, 5L)),
                Map.entry(Group.of("click"), List.of(1L, 0L, 0L, 1L)),
                Map.entry(Group.NONE, List.of(5L, 1L, 5_700_000L, 6L)));
    }
}
