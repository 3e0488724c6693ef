package io.tally.adapter.out.memory;

import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Unordered funnels over the steps ua, ub, uc with a window of an hour (project {@value #PROJECT}), worked out by hand
 * in {@link HandWorkedContract}; minutes from {@link #T0}, every event's {@code k} x unless said:
 * <ul>
 *   <li>w1: ub 0, ua 10, uc 20: all three from ub (times 10 and 10 min);</li>
 *   <li>w2: uc 0 (k y), ua 30, ub 70: two from uc (ub is out of its hour; 30 min), two from ua too (uc came before it);</li>
 *   <li>w3: ua 0 alone;</li>
 *   <li>w4: uc (k y), ub and ua at minute 5: all three at one instant, the attempt counted ua's (the first step first,
 *       whatever the ids);</li>
 *   <li>w5: ua 0, ub 60 (the window's edge, included), uc 60 and a millisecond: two from ua (60 min), two from ub;</li>
 *   <li>w6: ub 0 (k y), ub 10, ua 20: two from the first ub (20 min); no uc;</li>
 *   <li>w7: ua 0 without k, ua 10: one step; its first event has no k.</li>
 * </ul>
 * In order (ua, ub, uc): w1 1 (no ub after its ua), w2 2 (ua 30, ub 70), w3 1, w4 3 (at one instant), w5 2 (uc a
 * millisecond late), w6 1, w7 1 (its first ua without k).
 */
public final class AnyOrder {

    public static final String PROJECT = "anyorder";
    public static final Instant T0 = Instant.parse("2026-09-22T09:00:00Z");

    private AnyOrder() {
    }

    public static List<Event> events() {
        return List.of(
                event("w1-1", "w1", "ub", 0, "x"), event("w1-2", "w1", "ua", 10, "x"), event("w1-3", "w1", "uc", 20, "x"),
                event("w2-1", "w2", "uc", 0, "y"), event("w2-2", "w2", "ua", 30, "x"), event("w2-3", "w2", "ub", 70, "x"),
                event("w3-1", "w3", "ua", 0, "x"),
                event("w4-1", "w4", "uc", 5, "y"), event("w4-2", "w4", "ub", 5, "x"), event("w4-3", "w4", "ua", 5, "x"),
                event("w5-1", "w5", "ua", 0, "x"), event("w5-2", "w5", "ub", 60, "x"),
                new Event("w5-3", PROJECT, "w5", "s-w5-3", "uc", T0.plus(Duration.ofMinutes(60)).plusMillis(1),
                        Map.of("k", PropertyValue.of("x")), "", "", T0),
                event("w6-1", "w6", "ub", 0, "y"), event("w6-2", "w6", "ub", 10, "x"), event("w6-3", "w6", "ua", 20, "x"),
                new Event("w7-1", PROJECT, "w7", "s-w7-1", "ua", T0, Map.of(), "", "", T0), event("w7-2", "w7", "ua", 10, "x"));
    }

    private static Event event(String id, String user, String type, int minutes, String k) {
        Instant at = T0.plus(Duration.ofMinutes(minutes));
        return new Event(id, PROJECT, user, "s-" + id, type, at, Map.of("k", PropertyValue.of(k)), "", "", at);
    }
}
