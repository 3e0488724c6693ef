package io.tally.adapter.out.memory;

import io.tally.application.port.out.AnalyticsEngine;
import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.query.Group;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A custom property read as text from a store's JSON on values whose JSON spelling is awkward: quotes, backslashes,
 * escapes, control characters, non-Latin text, texts that look like numbers (with a point, an exponent, a leading
 * minus), numbers with trailing zeros, tiny numbers an engine prints with an exponent, whole numbers, flags and an
 * absent value. Grouped and filtered, each as the reference does. A store's test stores {@link #events()} and extends this.
 */
public abstract class PropertyTextContract {

    public static final String PROJECT = "property-text";
    private static final Instant T0 = Instant.parse("2026-03-10T10:00:00Z");
    private static final List<PropertyValue> VALUES = List.of(PropertyValue.of("plain"), PropertyValue.of("say \"hi\""),
            PropertyValue.of("back\\slash"), PropertyValue.of("tab\tand\u0001"), PropertyValue.of("über/日本"),
            PropertyValue.of("2.50"), PropertyValue.of("192.0"), PropertyValue.of("1.5e-7"), PropertyValue.of("-12.50"),
            PropertyValue.of("."), PropertyValue.of(""), PropertyValue.of(new BigDecimal("2.50")),
            PropertyValue.of(new BigDecimal("192.00")), PropertyValue.of(new BigDecimal("0.00000015")),
            PropertyValue.of(new BigDecimal("-0.0000005")), PropertyValue.of(new BigDecimal("0.000000000000001")),
            PropertyValue.of(new BigDecimal("-12")), PropertyValue.of(new BigDecimal("123456789012345")),
            PropertyValue.of(new BigDecimal("0.00")), PropertyValue.of(true), PropertyValue.of(false));
    /** The texts a filter looks for: each value's text as the reference spells it, and texts equal to a value's number. */
    private static final List<String> TEXTS = List.of("say \"hi\"", "back\\slash", "tab\tand\u0001", "über/日本", "2.5", "2.50",
            "192", "192.0", "0.00000015", "1.5e-7", "-0.0000005", "-12.50", "0.000000000000001", "-12", "123456789012345",
            "0", ".", "true", "");

    /** The store's engine, holding {@link #events()}. */
    protected abstract AnalyticsEngine engine();

    /** One event per value ({@code v}) and one without {@code v}, all in one hour of project {@value #PROJECT}. */
    public static List<Event> events() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < VALUES.size(); i++) {
            events.add(event("e" + i, Map.of("v", VALUES.get(i))));
        }
        events.add(event("absent", Map.of()));
        return events;
    }

    private static MemoryStore reference() {
        return MemoryStore.of(events());
    }

    @Test
    void every_value_groups_as_the_reference_groups_it() {
        AggregateQuery byValue = query(List.of());
        assertThat(engine().aggregate(byValue)).isEqualTo(reference().aggregate(byValue)).hasSize(VALUES.size() + 1);
    }

    @Test
    void every_value_is_found_by_its_text() {
        MemoryStore reference = reference();
        for (String text : TEXTS) {
            AggregateQuery filtered = query(List.of(new Filter.Match(FilterOp.IS, new Dimension.Property("v"), List.of(text))));
            assertThat(engine().aggregate(filtered)).as(text).isEqualTo(reference.aggregate(filtered))
                    .containsKey(Group.of(text));
        }
    }

    private static AggregateQuery query(List<Filter> filters) {
        return new AggregateQuery(PROJECT, new TimeRange(T0, T0.plusSeconds(3600)), ZoneId.of("UTC"),
                List.of(new Dimension.Property("v")), filters);
    }

    private static Event event(String id, Map<String, PropertyValue> properties) {
        return new Event(id, PROJECT, "u-" + id, "s-" + id, "page_view", T0.plusSeconds(60), properties, "", "", T0);
    }
}
