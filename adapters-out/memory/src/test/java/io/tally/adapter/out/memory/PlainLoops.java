package io.tally.adapter.out.memory;

import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** The pieces the plain-loop definitions of trends and goal conversions share, written without the domain's matchers. */
final class PlainLoops {

    private PlainLoops() {
    }

    /** Whether the event passes every filter, each an {@code is} filter on a property. */
    static boolean passes(Event event, List<Filter> filters) {
        for (Filter filter : filters) {
            Filter.Match match = (Filter.Match) filter;
            if (match.op() != FilterOp.IS) {
                throw new IllegalArgumentException("the plain loops know is filters alone");
            }
            PropertyValue value = event.properties().get(((Dimension.Property) match.dimension()).key());
            if (value == null || !match.values().contains(value.text())) {
                return false;
            }
        }
        return true;
    }

    /** The summed numeric {@code revenue} of the events, each rounded half up to the stores' scale first. */
    static BigDecimal revenue(List<Event> events) {
        return events.stream().map(e -> e.properties().get("revenue"))
                .filter(v -> v instanceof PropertyValue.Numeric)
                .map(v -> ((PropertyValue.Numeric) v).value().setScale(Aggregates.REVENUE_SCALE, RoundingMode.HALF_UP))
                .reduce(BigDecimal.ZERO, BigDecimal::add).stripTrailingZeros();
    }
}
