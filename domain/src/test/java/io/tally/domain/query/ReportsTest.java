package io.tally.domain.query;

import io.tally.domain.event.Event;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a report counts, on a small data set whose numbers are worked out by hand below. */
class ReportsTest {

    private static final Instant TEN = Instant.parse("2026-11-02T10:00:00Z");
    private static final TimeRange RANGE = new TimeRange(TEN, TEN.plusSeconds(2 * 3_600));

    private static Event event(String id, String project, String user, String session, String type, String at) {
        Instant timestamp = Instant.parse("2026-11-02T" + at + "Z");
        return new Event(id, project, user, session, type, timestamp, Map.of(), "", "", timestamp);
    }

    private static final List<Event> EVENTS = List.of(
            event("1", "p", "u1", "s1", "page_view", "10:05:00"),
            event("2", "p", "u1", "s1", "page_view", "10:20:00"),
            event("3", "p", "u1", "s1", "conversion", "11:10:00"),   // s1 lasts 65 minutes, counted where it began
            event("4", "p", "u2", "s2", "page_view", "10:30:00"),    // s2: one event, a bounce
            event("5", "p", "u1", "s3", "page_view", "11:30:00"),
            event("6", "p", "u1", "s3", "sign_up", "11:31:00"),      // s3 lasts a minute
            event("7", "p", "u3", "s4", "page_view", "09:59:59"),    // before the range
            event("8", "other", "u4", "s5", "page_view", "10:10:00")); // another project

    @Test
    void a_session_counts_once_in_the_group_of_its_first_event() {
        Map<Group, Aggregates> byHour = Reports.count(EVENTS, new AggregateQuery("p", RANGE, ZoneId.of("UTC"),
                List.of(new Dimension.Time(Granularity.HOUR)), List.of()));
        assertThat(byHour).containsOnly(
                // events 1, 2, 4 by u1 and u2; sessions s1 (3,900,000 ms, 2 page views) and s2 (0 ms, 1, a bounce)
                Map.entry(Group.of("2026-11-02T10:00:00Z"), new Aggregates(3, 2, 2, 3, 1, 3_900_000, 3, 0, 0, BigDecimal.ZERO)),
                // events 3, 5, 6, all u1's, one a conversion; session s3 (60,000 ms, 1 page view)
                Map.entry(Group.of("2026-11-02T11:00:00Z"), new Aggregates(3, 1, 1, 1, 0, 60_000, 1, 1, 1, BigDecimal.ZERO)));
    }

    @Test
    void a_filter_selecting_events_measures_the_whole_sessions_holding_them() {
        Filter.Match pageViews = new Filter.Match(FilterOp.IS, new Dimension.EventType(), List.of("page_view"));
        Map<Group, Aggregates> total = Reports.count(EVENTS, new AggregateQuery("p", RANGE, ZoneId.of("UTC"), List.of(),
                List.of(pageViews)));
        // page views 1, 2, 4, 5, in sessions s1 (whole: 65 minutes to its conversion, 2 page views), s2 (a bounce) and s3
        // (a minute to its sign-up), all three entered on a page view
        assertThat(total).containsOnly(
                Map.entry(Group.NONE, new Aggregates(4, 2, 3, 4, 1, 3_960_000, 4, 0, 0, BigDecimal.ZERO, 3)));
        // the sign-up alone: s3, whole a minute long with its page view, entered on that page view, not on the sign-up
        Filter.Match signUps = new Filter.Match(FilterOp.IS, new Dimension.EventType(), List.of("sign_up"));
        Aggregates signUp = Reports.count(EVENTS, new AggregateQuery("p", RANGE, ZoneId.of("UTC"), List.of(),
                List.of(signUps))).get(Group.NONE);
        assertThat(signUp).isEqualTo(new Aggregates(1, 1, 1, 0, 0, 60_000, 1, 0, 0, BigDecimal.ZERO, 0));
        assertThat(Metric.BOUNCE_RATE.of(signUp)).as("no session entered on a sign-up").isNull();
        assertThat(Metric.AVG_SESSION_DURATION.of(signUp)).isEqualTo(60.0);
    }
}
