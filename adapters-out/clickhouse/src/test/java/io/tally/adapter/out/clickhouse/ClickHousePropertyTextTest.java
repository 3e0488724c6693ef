package io.tally.adapter.out.clickhouse;

import io.tally.adapter.out.memory.MemoryStore;
import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.query.Group;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A custom property read as text from the raw JSON (ClickHouseDialect.propertyText) on values whose JSON spelling is
 * awkward: quotes, backslashes, escapes, control characters, non-Latin text, a text that looks like a number, numbers
 * with trailing zeros and tiny exponents, flags and an absent value. Grouped and filtered, each as the reference does.
 */
class ClickHousePropertyTextTest {

    private static final String PROJECT = "property-text";
    private static final Instant T0 = Instant.parse("2026-03-10T10:00:00Z");
    private static final List<PropertyValue> VALUES = List.of(PropertyValue.of("plain"), PropertyValue.of("say \"hi\""),
            PropertyValue.of("back\\slash"), PropertyValue.of("tab\tand\u0001"), PropertyValue.of("über/日本"),
            PropertyValue.of("2.50"), PropertyValue.of(""), PropertyValue.of(new BigDecimal("2.50")),
            PropertyValue.of(new BigDecimal("0.000000000000001")), PropertyValue.of(new BigDecimal("-12")),
            PropertyValue.of(true), PropertyValue.of(false));
    private static ClickHouseStores stores;
    private static MemoryStore reference;

    @BeforeAll
    static void load() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < VALUES.size(); i++) {
            events.add(event("e" + i, Map.of("v", VALUES.get(i))));
        }
        events.add(event("absent", Map.of()));
        stores = ChdbLibrary.freshStores();
        stores.eventStore().append(events);
        reference = MemoryStore.of(events);
    }

    @Test
    void every_value_groups_as_the_reference_groups_it() {
        AggregateQuery byValue = query(List.of());
        assertThat(stores.analyticsEngine().aggregate(byValue)).isEqualTo(reference.aggregate(byValue))
                .hasSize(VALUES.size() + 1);
    }

    @Test
    void every_value_is_found_by_its_text() {
        for (String text : List.of("say \"hi\"", "back\\slash", "tab\tand\u0001", "über/日本", "2.5", "2.50", "0.000000000000001",
                "-12", "true", "")) {
            AggregateQuery filtered = query(List.of(new Filter.Match(FilterOp.IS, new Dimension.Property("v"), List.of(text))));
            assertThat(stores.analyticsEngine().aggregate(filtered)).as(text).isEqualTo(reference.aggregate(filtered))
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
