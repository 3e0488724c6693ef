package io.tally.adapter.out.memory;

import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Small data sets whose answers are worked out by hand in the tests that use them (project {@value #PROJECT}),
 * pinning the meaning of funnel window edges and retention period boundaries for every engine.
 */
public final class HandWorked {

    public static final String PROJECT = "hand";
    /** A Monday, 09:00 UTC. */
    public static final Instant T0 = Instant.parse("2026-09-07T09:00:00Z");

    private HandWorked() {
    }

    public static List<Event> events() {
        List<Event> events = new ArrayList<>();
        // funnels over fa -> fb, 14-day window
        events.add(event("u1-1", "u1", "fa", T0));
        events.add(event("u1-2", "u1", "fb", T0.plus(Duration.ofDays(14))));                 // exactly at the edge: counts
        events.add(event("u2-1", "u2", "fa", T0));
        events.add(event("u2-2", "u2", "fb", T0.plus(Duration.ofDays(14)).plusMillis(1)));   // a millisecond late
        events.add(event("u3-1", "u3", "fb", T0));                                          // before step 1: ignored
        events.add(event("u3-2", "u3", "fa", T0.plusSeconds(1)));
        events.add(event("u3-3", "u3", "fb", T0.plusSeconds(2)));
        events.add(event("u4-1", "u4", "fa", T0));                                          // same instant: fa is the earlier step
        events.add(event("u4-2", "u4", "fb", T0));
        events.add(event("u5-1", "u5", "fa", T0));                                          // two fa at one instant
        events.add(event("u5-2", "u5", "fa", T0));
        events.add(event("u6-1", "u6", "fa", T0));                                          // first attempt too slow,
        events.add(event("u6-2", "u6", "fa", T0.plus(Duration.ofDays(20))));                // the second converts
        events.add(event("u6-3", "u6", "fb", T0.plus(Duration.ofDays(21))));
        // funnels of three steps over ga, gb (1-hour window, by k), two days later: steps repeated, ties at one instant
        Instant g0 = T0.plus(Duration.ofDays(2));
        events.add(event("v1-1", "v1", "ga", g0, "x"));                                    // all three at one instant
        events.add(event("v1-2", "v1", "gb", g0, "x"));
        events.add(event("v1-3", "v1", "gb", g0, "x"));
        events.add(event("v2-1", "v2", "gb", g0, "x"));                                    // before ga in id order
        events.add(event("v2-2", "v2", "ga", g0, "y"));
        events.add(event("v2-3", "v2", "gb", g0.plusSeconds(10), "x"));
        events.add(event("v3-1", "v3", "ga", g0, "x"));                                    // too slow for gb
        events.add(event("v3-2", "v3", "ga", g0.plus(Duration.ofMinutes(30)), "y"));
        events.add(event("v3-3", "v3", "gb", g0.plus(Duration.ofMinutes(61)), "x"));
        events.add(event("v3-4", "v3", "gb", g0.plus(Duration.ofMinutes(62)), "x"));
        events.add(event("v4-1", "v4", "ga", g0, "x"));                                    // two attempts, both complete
        events.add(event("v4-2", "v4", "ga", g0.plusSeconds(1), "y"));
        events.add(event("v4-3", "v4", "gb", g0.plusSeconds(2), "x"));
        events.add(event("v4-4", "v4", "gb", g0.plusSeconds(3), "x"));
        events.add(event("v5-1", "v5", "ga", g0, "y"));                                    // step 1 only
        events.add(event("v7-1", "v7", "ga", g0, "x"));                                    // two ga and a gb at one instant
        events.add(event("v7-2", "v7", "ga", g0, "y"));
        events.add(event("v7-3", "v7", "gb", g0, "x"));
        // strict funnels over sa -> sb (1-hour window), three days later: sx is any other event
        Instant s0 = T0.plus(Duration.ofDays(3));
        events.add(event("w1-1", "w1", "sa", s0));                                          // sx comes between
        events.add(event("w1-2", "w1", "sx", s0.plusSeconds(1)));
        events.add(event("w1-3", "w1", "sb", s0.plusSeconds(2)));
        events.add(event("w2-1", "w2", "sa", s0));                                          // sb right after
        events.add(event("w2-2", "w2", "sb", s0.plusSeconds(5)));
        events.add(event("w3-1", "w3", "sx", s0));                                          // all at one instant:
        events.add(event("w3-2", "w3", "sb", s0));                                          // sx sorts after the steps
        events.add(event("w3-3", "w3", "sa", s0));
        events.add(event("w4-1", "w4", "sa", s0));                                          // broken, then a second
        events.add(event("w4-2", "w4", "sx", s0.plusSeconds(1)));                           // attempt converts
        events.add(event("w4-3", "w4", "sa", s0.plusSeconds(2)));
        events.add(event("w4-4", "w4", "sb", s0.plusSeconds(3)));
        // retention in New York around the end of summer time (2026-11-01)
        events.add(event("r1-1", "r1", "rs", Instant.parse("2026-11-02T04:30:00Z")));        // Sun 1 Nov 23:30 EST
        events.add(event("r1-2", "r1", "rr", Instant.parse("2026-11-02T05:30:00Z")));        // Mon 2 Nov 00:30 EST
        events.add(event("r2-1", "r2", "rs", Instant.parse("2026-11-03T17:00:00Z")));        // Tue 3 Nov 12:00
        events.add(event("r2-2", "r2", "rr", Instant.parse("2026-11-17T17:00:00Z")));        // Tue 17 Nov 12:00
        events.add(event("r3-1", "r3", "rs", Instant.parse("2026-10-20T16:00:00Z")));        // before the range
        events.add(event("r3-2", "r3", "rs", Instant.parse("2026-11-03T18:00:00Z")));
        return events;
    }

    private static Event event(String id, String user, String type, Instant at) {
        return event(id, user, type, at, "v");
    }

    private static Event event(String id, String user, String type, Instant at, String k) {
        return new Event(id, PROJECT, user, "s-" + id, type, at, Map.of("k", PropertyValue.of(k)), "", "", at);
    }
}
