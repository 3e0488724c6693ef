package io.tally.adapter.out.clickhouse;

import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Group;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions from their fragments per hour, on events whose numbers are worked out by hand (times on 2026-03-10, UTC):
 * <pre>
 *  A  a1 page_view 10:50 /a, a2 click 11:10 /b, a3 page_view 12:05 /c   crosses two hours and the 11:00 range edge
 *  B  b1 page_view 11:30 /x, then in a later batch b0 page_view 10:55 /late   a late earlier entry
 *  C  e-2 page_view 12:20 /two, then in a later batch e-1 page_view 12:20 /one   one time, the smaller id enters
 *  D  d1 page_view 12:30 /d, then d1 again with d2 click 12:40 /d2   a re-sent entry event
 *  E  e1 page_view 12:45 /e   a bounce
 * </pre>
 * Facts below are (sessions, bounces, session ms, session page views). Exit pages: A /c, B /x (the late b0 is earlier),
 * C /two (the greater id, at one time), D /d2, E /e.
 */
class ClickHouseSessionFragmentsTest {

    private static final String PROJECT = "hand-sessions";
    private static final String COLLIDING = "hand-sessions-colliding";
    private static final Instant DAY = Instant.parse("2026-03-10T00:00:00Z");
    private static ClickHouseStores stores;
    private static Map<Group, List<Long>> byHourBeforeTheLateEvent;

    @BeforeAll
    static void load() {
        stores = ChdbLibrary.freshStores();
        for (String project : List.of(PROJECT, COLLIDING)) {
            stores.eventStore().append(List.of(
                    event(project, "a1", "A", "page_view", "10:50", "/a"),
                    event(project, "a2", "A", "click", "11:10", "/b"),
                    event(project, "a3", "A", "page_view", "12:05", "/c"),
                    event(project, "b1", "B", "page_view", "11:30", "/x"),
                    event(project, "e-2", "C", "page_view", "12:20", "/two"),
                    event(project, "d1", "D", "page_view", "12:30", "/d"),
                    event(project, "e1", "E", "page_view", "12:45", "/e")));
        }
        byHourBeforeTheLateEvent = facts(stores.rollupStore().sessions(byHour(PROJECT, "10:00", "13:00")));
        for (String project : List.of(PROJECT, COLLIDING)) {
            stores.eventStore().append(List.of(event(project, "b0", "B", "page_view", "10:55", "/late")));
            stores.eventStore().append(List.of(event(project, "e-1", "C", "page_view", "12:20", "/one")));
            stores.eventStore().append(List.of(event(project, "d1", "D", "page_view", "12:30", "/d"),
                    event(project, "d2", "D", "click", "12:40", "/d2")));
        }
    }

    @Test
    void sessions_count_in_the_group_of_their_entry_page_with_the_totals() {
        assertThat(facts(stores.rollupStore().sessions(byPath(PROJECT, "10:00", "13:00")))).isEqualTo(Map.of(
                Group.of("/a"), List.of(1L, 0L, 75 * 60_000L, 2L),
                Group.of("/late"), List.of(1L, 0L, 35 * 60_000L, 2L),
                Group.of("/one"), List.of(1L, 0L, 0L, 2L),
                Group.of("/d"), List.of(1L, 0L, 10 * 60_000L, 1L),
                Group.of("/e"), List.of(1L, 1L, 0L, 1L),
                Group.NONE, List.of(5L, 1L, 120 * 60_000L, 8L)));
    }

    @Test
    void sessions_count_under_their_exit_page_the_path_of_their_last_event() {
        assertThat(facts(stores.rollupStore().sessions(byExit(PROJECT, "10:00", "13:00")))).isEqualTo(Map.of(
                Group.of("/c"), List.of(1L, 0L, 75 * 60_000L, 2L),
                Group.of("/x"), List.of(1L, 0L, 35 * 60_000L, 2L),
                Group.of("/two"), List.of(1L, 0L, 0L, 2L),
                Group.of("/d2"), List.of(1L, 0L, 10 * 60_000L, 1L),
                Group.of("/e"), List.of(1L, 1L, 0L, 1L),
                Group.NONE, List.of(5L, 1L, 120 * 60_000L, 8L)));
    }

    @Test
    void a_range_edge_cuts_a_session_before_its_last_event() {
        // until 12:00: A ends on a2 (/b) after 20 min; B is b0 and b1; C, D and E are later
        assertThat(facts(stores.rollupStore().sessions(byExit(PROJECT, "10:00", "12:00")))).isEqualTo(Map.of(
                Group.of("/b"), List.of(1L, 0L, 20 * 60_000L, 1L),
                Group.of("/x"), List.of(1L, 0L, 35 * 60_000L, 2L),
                Group.NONE, List.of(2L, 0L, 55 * 60_000L, 3L)));
        assertThat(facts(stores.rollupStore().sessions(byExit(PROJECT, "10:00", "12:00"))))
                .as("as the raw engine counts them").isEqualTo(facts(sessionsOnly(stores.analyticsEngine().aggregate(byExit(PROJECT, "10:00", "12:00")))));
    }

    @Test
    void a_range_edge_cuts_a_session_and_a_later_event_enters_it() {
        // A from a2 at 11:10 (entry /b, 55 min, one page view); B is b1 alone, a bounce
        assertThat(facts(stores.rollupStore().sessions(byPath(PROJECT, "11:00", "13:00")))).isEqualTo(Map.of(
                Group.of("/b"), List.of(1L, 0L, 55 * 60_000L, 1L),
                Group.of("/x"), List.of(1L, 1L, 0L, 1L),
                Group.of("/one"), List.of(1L, 0L, 0L, 2L),
                Group.of("/d"), List.of(1L, 0L, 10 * 60_000L, 1L),
                Group.of("/e"), List.of(1L, 1L, 0L, 1L),
                Group.NONE, List.of(5L, 2L, 65 * 60_000L, 6L)));
    }

    @Test
    void a_late_earlier_event_moves_its_session_to_an_earlier_hour() {
        // before it: A at 10:00; B (b1 alone) at 11:00; C (e-2 alone, so a bounce), D (d1 alone), E at 12:00
        assertThat(byHourBeforeTheLateEvent).isEqualTo(Map.of(
                hour("10:00"), List.of(1L, 0L, 75 * 60_000L, 2L),
                hour("11:00"), List.of(1L, 1L, 0L, 1L),
                hour("12:00"), List.of(3L, 3L, 0L, 3L)));
        // after it: B enters at 10:55, with 35 min and two page views; nothing enters at 11:00
        assertThat(facts(stores.rollupStore().sessions(byHour(PROJECT, "10:00", "13:00")))).isEqualTo(Map.of(
                hour("10:00"), List.of(2L, 0L, 110 * 60_000L, 4L),
                hour("12:00"), List.of(3L, 1L, 10 * 60_000L, 4L)));
    }

    @Test
    void a_project_whose_session_hashes_collide_is_counted_from_its_events() {
        // its fragments counted twice over and a session hash recorded as shared: the fragments must not be read
        stores.transport().query("INSERT INTO session_fragments " + ClickHouseSql.sessionFragments(
                "events WHERE project_id = '" + COLLIDING + "'"), "TSV");
        stores.transport().query("INSERT INTO hash_collisions VALUES ('" + COLLIDING + "', " + ClickHouseSql.SESSION
                + ", 1, now64(3))", "TSV");
        assertThat(facts(stores.rollupStore().sessions(byPath(COLLIDING, "10:00", "13:00"))))
                .isEqualTo(facts(stores.rollupStore().sessions(byPath(PROJECT, "10:00", "13:00"))));
    }

    @Test
    void entry_and_exit_values_come_back_exactly_whatever_their_characters() {
        // kept as text (FragmentTexts): '%' and \u0001 are escaped, an absent path is NULL, not "", and at one time an
        // id that is a prefix of another ("x" before "x1") enters first and leaves first
        String project = "hand-sessions-odd";
        String odd = "/50%25%\u0001?q=%01";
        stores.eventStore().append(List.of(
                event(project, "x1", "F", "page_view", "10:10", "/second"),
                event(project, "x", "F", "page_view", "10:10", odd),
                new Event("g1", project, "u-G", "G", "click", at("10:20"), Map.of(), "", "", DAY.plusSeconds(86_400)),
                event(project, "g2", "G", "page_view", "10:30", "/\u00fcber")));
        Map<Group, List<Long>> byEntry = facts(stores.rollupStore().sessions(byPath(project, "10:00", "11:00")));
        Map<Group, List<Long>> byExit = facts(stores.rollupStore().sessions(byExit(project, "10:00", "11:00")));
        assertThat(byEntry).isEqualTo(Map.of(
                Group.of(odd), List.of(1L, 0L, 0L, 2L),
                Group.of((String) null), List.of(1L, 0L, 10 * 60_000L, 1L),
                Group.NONE, List.of(2L, 0L, 10 * 60_000L, 3L)));
        assertThat(byExit).isEqualTo(Map.of(
                Group.of("/second"), List.of(1L, 0L, 0L, 2L),
                Group.of("/\u00fcber"), List.of(1L, 0L, 10 * 60_000L, 1L),
                Group.NONE, List.of(2L, 0L, 10 * 60_000L, 3L)));
        assertThat(byEntry).as("as the raw engine counts them")
                .isEqualTo(facts(sessionsOnly(stores.analyticsEngine().aggregate(byPath(project, "10:00", "11:00")))));
    }

    private static AggregateQuery byPath(String project, String from, String to) {
        return new AggregateQuery(project, range(from, to), ZoneId.of("UTC"),
                List.of(new Dimension.Property("path")), List.of()).withTotals();
    }

    private static AggregateQuery byExit(String project, String from, String to) {
        return new AggregateQuery(project, range(from, to), ZoneId.of("UTC"), List.of(new Dimension.ExitPage()), List.of()).withTotals();
    }

    /** The groups of an answer that hold sessions. */
    private static Map<Group, Aggregates> sessionsOnly(Map<Group, Aggregates> answer) {
        Map<Group, Aggregates> sessions = new HashMap<>();
        answer.forEach((group, a) -> {
            if (a.sessions() > 0) {
                sessions.put(group, a);
            }
        });
        return sessions;
    }

    private static AggregateQuery byHour(String project, String from, String to) {
        return new AggregateQuery(project, range(from, to), ZoneId.of("UTC"),
                List.of(new Dimension.Time(Granularity.HOUR)), List.of());
    }

    private static TimeRange range(String from, String to) {
        return new TimeRange(at(from), at(to));
    }

    private static Group hour(String time) {
        return Group.of(at(time).toString());
    }

    private static Instant at(String time) {
        return Instant.parse("2026-03-10T" + time + ":00Z");
    }

    private static Event event(String project, String id, String session, String type, String time, String path) {
        Instant ts = at(time);
        return new Event(id, project, "u-" + session, session, type, ts, Map.of("path", PropertyValue.of(path)), "", "",
                DAY.plusSeconds(86_400));
    }

    private static Map<Group, List<Long>> facts(Map<Group, Aggregates> answer) {
        Map<Group, List<Long>> facts = new HashMap<>();
        answer.forEach((group, a) -> facts.put(group, List.of(a.sessions(), a.bounces(), a.sessionMillis(), a.sessionPageviews())));
        return facts;
    }
}
