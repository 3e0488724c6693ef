package io.tally.adapter.out.memory;

import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A report's totals beside its groups (project {@value #PROJECT}), worked out by hand in {@link HandWorkedContract}:
 * two periods of two days (the previous one as a comparison shifts it), grouped by country and plan. Visitors come
 * back across groups, so the distinct totals are not the sums of the rows, and some events carry neither property,
 * so one group's dimension values are all missing: that group stands beside the totals, never in their place.
 */
public final class TotalsCases {

    public static final String PROJECT = "totals";
    /** The start of the current period (a Monday, UTC); the previous period is the two days before it. */
    public static final Instant T1 = Instant.parse("2026-10-05T00:00:00Z");

    private TotalsCases() {
    }

    public static List<Event> events() {
        Map<String, PropertyValue> dePro = Map.of("country", PropertyValue.of("DE"), "plan", PropertyValue.of("pro"));
        Map<String, PropertyValue> none = Map.of();
        return List.of(
                // the current period [T1, T1 + 2 d)
                event("t-a1", "a", "sa", "page_view", T1.plus(Duration.ofHours(10)), dePro),
                event("t-a2", "a", "sa", "page_view", T1.plus(Duration.ofHours(10)).plus(Duration.ofMinutes(5)), none),
                event("t-a3", "a", "sb", "conversion", T1.plus(Duration.ofHours(33)),
                        Map.of("revenue", PropertyValue.of(new BigDecimal("12.5")))),
                event("t-b1", "b", "sc", "page_view", T1.plus(Duration.ofHours(11)), none),
                event("t-b2", "b", "sc", "page_view", T1.plus(Duration.ofHours(11)).plus(Duration.ofMinutes(1)), dePro),
                event("t-c1", "c", "sd", "page_view", T1.plus(Duration.ofHours(36)), Map.of("country", PropertyValue.of("FR"))),
                // the previous period [T1 - 2 d, T1)
                event("t-p1", "a", "sp", "page_view", T1.minus(Duration.ofHours(16)), none),
                event("t-p2", "d", "sq", "page_view", T1.minus(Duration.ofHours(15)), dePro),
                event("t-p3", "d", "sq", "conversion", T1.minus(Duration.ofHours(15)).plus(Duration.ofMinutes(30)),
                        Map.of("revenue", PropertyValue.of(new BigDecimal("3")))));
    }

    private static Event event(String id, String user, String session, String type, Instant at,
                               Map<String, PropertyValue> properties) {
        return new Event(id, PROJECT, user, session, type, at, properties, "", "", at);
    }
}
