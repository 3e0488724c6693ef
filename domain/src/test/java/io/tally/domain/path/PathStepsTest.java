package io.tally.domain.path;

import io.tally.domain.event.Event;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a paths query counts, on one session a, b, a, c (and a second session c alone), worked out by hand. */
class PathStepsTest {

    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
    private static final TimeRange RANGE = new TimeRange(T0, T0.plusSeconds(3_600));

    private static Event event(String id, String session, String type, int second) {
        Instant at = T0.plusSeconds(second);
        return new Event(id, "p", "u", session, type, at, Map.of(), "", "", at);
    }

    private static final List<Event> EVENTS = List.of(
            event("1", "s1", "a", 1), event("2", "s1", "b", 2), event("3", "s1", "a", 3), event("4", "s1", "c", 4),
            event("5", "s2", "c", 1));

    private static PathCounts paths(String anchor, PathDirection direction) {
        return PathSteps.count(EVENTS, new PathsQuery("p", EventCriteria.of(anchor), direction, 2, 10,
                new Dimension.EventType(), RANGE, ZoneId.of("UTC")));
    }

    @Test
    void every_anchor_occurrence_counts_and_a_session_ending_counts_nothing() {
        // after the first a: b then a; after the second: c, then the session ends
        PathCounts next = paths("a", PathDirection.NEXT);
        assertThat(next.anchors()).isEqualTo(2);
        assertThat(next.steps()).containsExactly(Map.of("b", 1L, "c", 1L), Map.of("a", 1L));
    }

    @Test
    void previous_steps_walk_back_within_the_session() {
        // before s1's c: a then b; s2's c has nothing before it
        PathCounts previous = paths("c", PathDirection.PREVIOUS);
        assertThat(previous.anchors()).isEqualTo(2);
        assertThat(previous.steps()).containsExactly(Map.of("a", 1L), Map.of("b", 1L));
    }
}
