package io.tally.adapter.out.memory;

import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Numeric properties at the edges of what ingest takes (project {@value #PROJECT}): 15 significant digits, 15 decimals,
 * just under 10^15 either way, and zero in its spellings. Each value is one event's property {@code n}; what a filter
 * selects is written down by hand below, for every engine to give.
 */
public final class NumberEdges {

    public static final String PROJECT = "numbers";
    public static final Instant T0 = Instant.parse("2026-09-22T09:00:00Z");
    /** As sent; the shortest plain text of each is what a {@code prop:n} row shows. */
    public static final List<String> VALUES = List.of("999999999999999", "-999999999999999", "0.000000000000001",
            "-0.000000000000001", "123456.789012345", "-123456.789012345", "100000000000000", "2.5", "2.50", "0",
            "0.1", "0.3", "9007199254740.99");

    private NumberEdges() {
    }

    public static List<Event> events() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < VALUES.size(); i++) {
            Instant at = T0.plus(Duration.ofMinutes(i));
            events.add(new Event("n-" + i, PROJECT, "u-" + i, "s-" + i, "measure", at,
                    Map.of("n", PropertyValue.of(new BigDecimal(VALUES.get(i)).stripTrailingZeros())), "", "", at));
        }
        return events;
    }

    /** A filter on {@code n} and how many of the values it selects, counted by hand. */
    public record Case(Filter.Match filter, long selected) {
    }

    private static Case of(FilterOp op, String value, long selected) {
        return new Case(new Filter.Match(op, new Dimension.Property("n"), List.of(value)), selected);
    }

    // the values: 9 positive (999999999999999, 1e-15, 123456.789012345, 1e14, 2.5, 2.50, 0.1, 0.3, 9007199254740.99),
    // 3 negative (-999999999999999, -1e-15, -123456.789012345) and one zero
    public static List<Case> cases() {
        return List.of(
                of(FilterOp.GT, "0", 9),                      // the positives
                of(FilterOp.GT, "999999999999998", 1),        // 999999999999999
                of(FilterOp.LT, "-999999999999998", 1),       // -999999999999999
                of(FilterOp.GT, "0.0000000000000009", 9),     // still every positive: 1e-15 is above 9e-16
                of(FilterOp.LT, "0.0000000000000011", 5),     // 1e-15, the three negatives and zero
                of(FilterOp.GT, "123456.789012344", 4),       // 123456.789012345, 9007199254740.99, 1e14, 999999999999999
                of(FilterOp.GT, "0.1", 7),                    // 0.3, 2.5 twice, 123456.789012345, 9007199254740.99, 1e14, 999999999999999
                of(FilterOp.LT, "0.3", 6),                    // 0.1, 1e-15, zero and the three negatives (0.3 is not below itself)
                of(FilterOp.IS, "2.5", 2),                    // 2.5 and 2.50: one number, one text
                of(FilterOp.IS, "0.000000000000001", 1),
                of(FilterOp.IS, "123456.789012345", 1),
                of(FilterOp.IS_NOT, "0", 12));                // all but zero
    }
}
