package io.tally.adapter.out.memory;

import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Exit pages (project {@value #PROJECT}), worked out by hand in {@link HandWorkedContract}; times from {@link #T0}
 * (09:00 UTC), the range [09:00, 13:00) unless a test says otherwise:
 * <ul>
 *   <li>x1 (user ux): page views of /home at 09:10 and /pricing at 09:50, a click on /signup at 10:05 (across an hour),
 *       and a page view of /landing at 09:00 that arrives last: earlier than the rest, so the exit stays /signup;</li>
 *   <li>x2 (user ux): a click on /b ({@code x2-a}) and a page view of /a ({@code x2-b}) both at 11:00: the event id
 *       orders them, so the exit is /a;</li>
 *   <li>x3 (user uy): a page view of /docs at 12:00, then a click without a path at 12:20: no exit page;</li>
 *   <li>x4 (user uy): a page view of /blog at 12:30 and of /about at 13:30: the range's end cuts the session, so its exit
 *       in the range is /blog.</li>
 * </ul>
 */
public final class ExitPages {

    public static final String PROJECT = "exits";
    public static final Instant T0 = Instant.parse("2026-09-14T09:00:00Z");

    private ExitPages() {
    }

    public static List<Event> events() {
        return List.of(
                event("x1-1", "ux", "x1", "page_view", 10, "/home"),
                event("x1-2", "ux", "x1", "page_view", 50, "/pricing"),
                event("x1-3", "ux", "x1", "click", 65, "/signup"),
                event("x2-a", "ux", "x2", "click", 120, "/b"),
                event("x2-b", "ux", "x2", "page_view", 120, "/a"),
                event("x3-1", "uy", "x3", "page_view", 180, "/docs"),
                event("x3-2", "uy", "x3", "click", 200, null),
                event("x4-1", "uy", "x4", "page_view", 210, "/blog"),
                event("x4-2", "uy", "x4", "page_view", 270, "/about"),
                event("x1-0", "ux", "x1", "page_view", 0, "/landing"));
    }

    private static Event event(String id, String user, String session, String type, int minutes, String path) {
        Instant at = T0.plus(Duration.ofMinutes(minutes));
        Map<String, PropertyValue> properties = path == null ? Map.of() : Map.of("path", PropertyValue.of(path));
        return new Event(id, PROJECT, user, session, type, at, properties, "", "", at.plus(Duration.ofHours(6)));
    }
}
