package io.tally.domain.query;

import io.tally.domain.event.Event;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A count by goal, made of the reference engine's counts per goal, on events whose rows are worked out by hand below. */
class GoalBreakdownTest {

    private static final Instant TEN = Instant.parse("2026-11-02T10:00:00Z");
    private static final TimeRange RANGE = new TimeRange(TEN, TEN.plusSeconds(2 * 3_600));

    private static Event event(String id, String user, String type, String at) {
        Instant timestamp = Instant.parse("2026-11-02T" + at + "Z");
        return new Event(id, "p", user, "s-" + user, type, timestamp, Map.of(), "", "", timestamp);
    }

    private static final List<Event> EVENTS = List.of(
            event("1", "u1", "page_view", "10:05:00"),
            event("2", "u1", "page_view", "10:20:00"),
            event("3", "u1", "conversion", "11:10:00"),
            event("4", "u2", "page_view", "10:30:00"),
            event("5", "u1", "page_view", "11:30:00"),
            event("6", "u1", "sign_up", "11:31:00"),
            event("7", "u3", "page_view", "09:59:59")); // before the range

    /** Goals: page views, sign-ups, and any event at all (so every event completes two goals). */
    private static final Dimension.Goal GOALS = new Dimension.Goal(List.of("views", "signups", "anything"),
            List.of(EventCriteria.of("page_view"), EventCriteria.of("sign_up"), EventCriteria.anyEvent()));

    @Test
    void each_goal_is_a_row_of_its_events_in_the_dimensions_place_and_the_totals_count_each_event_once() {
        List<AggregateQuery> asked = new ArrayList<>();
        AggregateQuery byHourAndGoal = new AggregateQuery("p", RANGE, ZoneId.of("UTC"),
                List.of(new Dimension.Time(Granularity.HOUR), GOALS), List.of()).withTotals();
        Map<Group, Aggregates> rows = GoalBreakdown.count(byHourAndGoal, query -> {
            asked.add(query);
            return Reports.count(EVENTS, query);
        });
        Map<Group, List<Long>> eventsAndVisitors = new HashMap<>();
        rows.forEach((group, facts) -> eventsAndVisitors.put(group, List.of(facts.events(), facts.visitors())));
        assertThat(eventsAndVisitors).containsOnly(
                Map.entry(Group.of("2026-11-02T10:00:00Z", "views"), List.of(3L, 2L)),     // 1, 2 (u1) and 4 (u2)
                Map.entry(Group.of("2026-11-02T11:00:00Z", "views"), List.of(1L, 1L)),     // 5
                Map.entry(Group.of("2026-11-02T11:00:00Z", "signups"), List.of(1L, 1L)),   // 6; none at 10:00, so no row
                Map.entry(Group.of("2026-11-02T10:00:00Z", "anything"), List.of(3L, 2L)),  // 1, 2, 4
                Map.entry(Group.of("2026-11-02T11:00:00Z", "anything"), List.of(3L, 1L)),  // 3, 5, 6
                Map.entry(Group.NONE, List.of(6L, 2L)));                                    // 1 to 6 once each, u1 and u2
        // a query per goal, then one for the totals: by hour alone, each with its goal's filter and no totals of its own
        assertThat(asked).hasSize(4);
        assertThat(asked.subList(0, 3)).allSatisfy(query -> {
            assertThat(query.dimensions()).containsExactly(new Dimension.Time(Granularity.HOUR));
            assertThat(query.totals()).isFalse();
        });
        assertThat(asked.get(1).filters()).containsExactly(GOALS.goal(1));
        assertThat(asked.get(3).dimensions()).isEmpty();
        assertThat(asked.get(3).filters()).containsExactly(GOALS.anyGoal());
    }

    @Test
    void without_session_facts_the_counter_groups_by_goal_itself_in_one_pass_and_the_totals_in_another() {
        List<AggregateQuery> asked = new ArrayList<>();
        AggregateQuery eventsByGoal = new AggregateQuery("p", RANGE, ZoneId.of("UTC"), List.of(GOALS), List.of(),
                EnumSet.of(Aggregates.Part.VISITORS), true);
        Map<Group, Aggregates> rows = GoalBreakdown.count(eventsByGoal, query -> {
            asked.add(query);
            return Reports.count(EVENTS, query);
        });
        assertThat(asked).hasSize(2);
        assertThat(asked.getFirst().dimensions()).containsExactly(GOALS);
        assertThat(asked.getFirst().totals()).isFalse();
        assertThat(asked.get(1).filters()).containsExactly(GOALS.anyGoal());
        // views: 1, 2, 4, 5 of u1 and u2; signups: 6; anything: 1 to 6; the totals 1 to 6 once
        assertThat(rows.get(Group.of("views")).events()).isEqualTo(4);
        assertThat(rows.get(Group.of("signups")).events()).isEqualTo(1);
        assertThat(rows.get(Group.of("anything")).visitors()).isEqualTo(2);
        assertThat(rows.get(Group.NONE).events()).isEqualTo(6);
    }

    @Test
    void by_goal_alone_a_goal_nobody_completed_has_no_row_and_a_query_without_goals_passes_through() {
        Dimension.Goal withNone = new Dimension.Goal(List.of("views", "purchases"),
                List.of(EventCriteria.of("page_view"), EventCriteria.of("purchase")));
        AggregateQuery byGoal = new AggregateQuery("p", RANGE, ZoneId.of("UTC"), List.of(withNone), List.of());
        Map<Group, Aggregates> rows = GoalBreakdown.count(byGoal, query -> Reports.count(EVENTS, query));
        assertThat(rows.keySet()).containsExactly(Group.of("views"));
        assertThat(rows.get(Group.of("views")).events()).isEqualTo(4); // 1, 2, 4, 5
        AggregateQuery plain = new AggregateQuery("p", RANGE, ZoneId.of("UTC"), List.of(), List.of());
        assertThat(GoalBreakdown.count(plain, query -> Reports.count(EVENTS, query))).isEqualTo(Reports.count(EVENTS, plain));
    }
}
