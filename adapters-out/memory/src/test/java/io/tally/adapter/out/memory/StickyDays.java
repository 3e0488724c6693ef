package io.tally.adapter.out.memory;

import io.tally.domain.event.Event;
import io.tally.domain.time.TimeRange;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Stickiness and lifecycle (project {@value #PROJECT}), worked out by hand in {@link HandWorkedContract}. The range is {@link #RANGE}:
 * Friday 27 to Tuesday 31 March 2026 (UTC), across the start of summer time in Berlin (29 March, 01:00 UTC).
 * <ul>
 *   <li>sa: page views at 27 10:00, 27 23:30 (in Berlin 28 00:30) and 29 12:00;</li>
 *   <li>sb: a page view at 28 08:00, a sign-up at 29 09:00;</li>
 *   <li>sc: page views at 01:00 on the 27th, 28th, 29th (in Berlin 03:00, the first summer hour) and 30th;</li>
 *   <li>sd: a sign-up at 27 05:00 only;</li>
 *   <li>se: page views at 26 23:00 (before the range) and 28 15:00.</li>
 * </ul>
 */
public final class StickyDays {

    public static final String PROJECT = "sticky";
    public static final TimeRange RANGE = new TimeRange(Instant.parse("2026-03-27T00:00:00Z"), Instant.parse("2026-03-31T00:00:00Z"));

    private StickyDays() {
    }

    public static List<Event> events() {
        return List.of(
                event("s1", "sa", "page_view", "2026-03-27T10:00:00Z"),
                event("s2", "sa", "page_view", "2026-03-27T23:30:00Z"),
                event("s3", "sa", "page_view", "2026-03-29T12:00:00Z"),
                event("s4", "sb", "page_view", "2026-03-28T08:00:00Z"),
                event("s5", "sb", "sign_up", "2026-03-29T09:00:00Z"),
                event("s6", "sc", "page_view", "2026-03-27T01:00:00Z"),
                event("s7", "sc", "page_view", "2026-03-28T01:00:00Z"),
                event("s8", "sc", "page_view", "2026-03-29T01:00:00Z"),
                event("s9", "sc", "page_view", "2026-03-30T01:00:00Z"),
                event("s10", "sd", "sign_up", "2026-03-27T05:00:00Z"),
                event("s11", "se", "page_view", "2026-03-26T23:00:00Z"),
                event("s12", "se", "page_view", "2026-03-28T15:00:00Z"));
    }

    private static Event event(String id, String user, String type, String at) {
        Instant time = Instant.parse(at);
        return new Event(id, PROJECT, user, id + "-session", type, time, Map.of(), "", "", time.plus(Duration.ofMinutes(1)));
    }
}
