package io.tally.adapter.out.memory;

import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Revenue at the edges of its range and precision (project {@value #PROJECT}), and values outside it as a store holds
 * them when they were stored before ingest refused them: the largest amount three times, amounts that need more than
 * a double's 15 digits, halves to round, and 1e400, 30 digits, 10^15, text and a flag, which count for nothing.
 */
public final class RevenueEdges {

    public static final String PROJECT = "revenue";
    /** A Monday, 09:00 UTC: the first hour; the second starts an hour later. */
    public static final Instant T0 = Instant.parse("2026-09-21T09:00:00Z");
    public static final String MAX = "999999999999999.999999";

    /**
     * The revenue of each hour, worked out by hand (the reference engine and the stores must give these digits):
     * first hour: 3 x 999999999999999.999999 - 999999999999999.999999 + 99999999999999.999999 = 2099999999999999.999997;
     * second hour: 1.2345675 (1.234568) - 1.2345665 (-1.234567) + 0.0000004999 (0) + 0.000001 + 12 = 12.000002.
     */
    public static final BigDecimal FIRST_HOUR = new BigDecimal("2099999999999999.999997");
    public static final BigDecimal SECOND_HOUR = new BigDecimal("12.000002");
    /** Both hours: 2100000000000011.999999. */
    public static final BigDecimal TOTAL = new BigDecimal("2100000000000011.999999");

    private RevenueEdges() {
    }

    public static List<Event> events() {
        List<Event> events = new ArrayList<>();
        List<Object> first = List.of(MAX, MAX, MAX, "-" + MAX, "99999999999999.999999",
                "1E+400", "123456789012345678901234567890", "1000000000000000", "-999999999999999.9999995");
        List<Object> second = List.of("1.2345675", "-1.2345665", "0.0000004999", "0.000001", "12", true, PropertyValue.of("19.99"));
        add(events, first, T0);
        add(events, second, T0.plus(Duration.ofHours(1)));
        return events;
    }

    private static void add(List<Event> events, List<Object> amounts, Instant hour) {
        for (Object amount : amounts) {
            int i = events.size();
            PropertyValue value = switch (amount) {
                case String number -> PropertyValue.of(new BigDecimal(number));
                case Boolean flag -> PropertyValue.of(flag);
                default -> (PropertyValue) amount;
            };
            Instant at = hour.plus(Duration.ofMinutes(i));
            events.add(new Event("rev-" + i, PROJECT, "buyer-" + (i % 4), "s-" + i, "purchase", at,
                    Map.of("revenue", value), "", "", at));
        }
    }
}
