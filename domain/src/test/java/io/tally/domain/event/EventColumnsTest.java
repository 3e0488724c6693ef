package io.tally.domain.event;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EventColumnsTest {

    private static Event event(Map<String, PropertyValue> properties) {
        Instant at = Instant.parse("2026-03-01T10:00:00Z");
        return new Event("e1", "p1", "usr-1-42", "ses-1-ff", "page_view", at, properties, "", "", at);
    }

    @Test
    void text_properties_with_a_column_leave_the_rest_and_come_back_on_reading() {
        Event event = event(Map.of("path", PropertyValue.of("/pricing"), "country", PropertyValue.of("DE"),
                "plan", PropertyValue.of("pro")));

        EventColumns columns = EventColumns.of(event);

        assertThat(columns.promoted("path")).contains("/pricing");
        assertThat(columns.promoted("country")).contains("DE");
        assertThat(columns.promoted("device")).isEmpty();
        assertThat(columns.rest()).containsOnlyKeys("plan");
        assertThat(EventColumns.properties(columns.rest(), columns.promoted())).isEqualTo(event.properties());
    }

    @Test
    void a_number_or_flag_under_a_promoted_key_keeps_its_type_in_the_rest_and_its_text_in_the_column() {
        Event event = event(Map.of("city", PropertyValue.of(new BigDecimal("12.50")), "os", PropertyValue.of(true)));

        EventColumns columns = EventColumns.of(event);

        assertThat(columns.promoted("city")).contains("12.5");
        assertThat(columns.promoted("os")).contains("true");
        assertThat(columns.rest()).containsOnlyKeys("city", "os");
        assertThat(EventColumns.properties(columns.rest(), columns.promoted())).isEqualTo(event.properties());
    }

    @Test
    void revenue_is_the_counted_amount_and_stays_a_property() {
        EventColumns paid = EventColumns.of(event(Map.of("revenue", PropertyValue.of(new BigDecimal("19.9900004")))));
        EventColumns free = EventColumns.of(event(Map.of("revenue", PropertyValue.of("19.99"))));

        assertThat(paid.revenue()).isEqualByComparingTo("19.990000");
        assertThat(paid.rest()).containsKey("revenue");
        assertThat(free.revenue()).isNull(); // text is no amount (ingest refuses it; older rows count for nothing)
    }

    @Test
    void ids_are_hashed_for_counting() {
        EventColumns columns = EventColumns.of(event(Map.of()));

        assertThat(IdHash.unsigned(columns.userHash())).isEqualTo("4460601915062553204");
        assertThat(IdHash.unsigned(columns.sessionHash())).isEqualTo("12809484811402328253");
    }

    @Provide
    Arbitrary<Map<String, PropertyValue>> properties() {
        Arbitrary<String> key = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of(EventColumns.PROMOTED_KEYS)),
                Tuple.of(1, Arbitraries.of("plan", "revenue", "bench_run", "a.b")));
        Arbitrary<PropertyValue> value = Arbitraries.oneOf(Arbitraries.strings().alpha().ofMaxLength(4).map(PropertyValue::of),
                Arbitraries.of(true, false).map(PropertyValue::of),
                Arbitraries.integers().between(-5, 500).map(n -> PropertyValue.of(BigDecimal.valueOf(n))));
        return Arbitraries.maps(key, value).ofMaxSize(16);
    }

    @Property(tries = 200, seed = "21531")
    void the_rest_is_the_properties_less_the_promoted_text_ones_by_every_way_of_reading_a_map(
            @ForAll("properties") Map<String, PropertyValue> properties) {
        Event event = event(properties);
        Map<String, PropertyValue> expected = new LinkedHashMap<>(event.properties());
        expected.entrySet().removeIf(e -> EventColumns.PROMOTED_KEYS.contains(e.getKey())
                && e.getValue() instanceof PropertyValue.Text);

        Map<String, PropertyValue> rest = EventColumns.of(event).rest();

        assertThat(rest).isEqualTo(expected).hasSize(expected.size()).hasSameHashCodeAs(expected);
        assertThat(new ArrayList<>(rest.entrySet())).containsExactlyElementsOf(expected.entrySet());
        Map<String, PropertyValue> visited = new LinkedHashMap<>();
        rest.forEach(visited::put);
        assertThat(visited).containsExactlyEntriesOf(expected);
        for (String key : event.properties().keySet()) {
            assertThat(rest.get(key)).as(key).isEqualTo(expected.get(key));
            assertThat(rest.containsKey(key)).as(key).isEqualTo(expected.containsKey(key));
        }
        assertThat(rest.get("absent")).isNull();
        assertThat(EventColumns.properties(rest, EventColumns.of(event).promoted())).isEqualTo(event.properties());
    }
}
