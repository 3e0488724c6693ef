package io.tally.domain.event;

import io.tally.domain.query.EventFacts;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.ViolationKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RevenueTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private final EventValidator validator = new EventValidator(EventLimits.DEFAULT);

    private Validated<Event> withRevenue(Object revenue) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("revenue", revenue);
        Map<String, Object> fields = new LinkedHashMap<>(Map.of("event_id", "e1", "user_id", "u1", "session_id", "s1",
                "event_type", "purchase", "timestamp", "2026-11-28T11:00:00Z"));
        fields.put("properties", properties);
        return validator.validate(new SubmittedEvent.Fields(fields), "default", "default"::equals, NOW);
    }

    @ParameterizedTest
    @CsvSource({
            "999999999999999.999999, 999999999999999.999999",
            "-999999999999999.999999, -999999999999999.999999",
            "99999999999999.999999, 99999999999999.999999",
            "1.2345675, 1.234568",          // more decimals are rounded half up when counted
            "-1.2345665, -1.234567",
            "0.0000004999, 0.000000",
            "999999999999999.9999994, 999999999999999.999999",
            "12, 12.000000"})
    void amounts_in_the_range_are_accepted_kept_whole_and_counted_at_six_decimals(String sent, String counted) {
        Event event = ((Validated.Valid<Event>) withRevenue(new BigDecimal(sent))).value();
        assertThat(event.properties().get("revenue")).isEqualTo(PropertyValue.of(new BigDecimal(sent).stripTrailingZeros()));
        assertThat(Revenue.amount(event.properties())).contains(new BigDecimal(counted));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1E+400", "123456789012345678901234567890", "1000000000000000", "-1000000000000000",
            "999999999999999.9999995", "-999999999999999.9999995"})
    void amounts_outside_the_range_are_refused_naming_the_property(String sent) {
        assertThat(((Validated.Invalid<Event>) withRevenue(new BigDecimal(sent))).violations()).singleElement()
                .satisfies(v -> {
                    assertThat(v.field()).isEqualTo("properties.revenue");
                    assertThat(v.kind()).isEqualTo(ViolationKind.OUT_OF_RANGE);
                });
    }

    @Test
    void integers_of_any_size_are_held_to_the_same_range() {
        assertThat(withRevenue(999_999_999_999_999L)).isInstanceOf(Validated.Valid.class);
        assertThat(withRevenue(new BigInteger("123456789012345678901234567890"))).isInstanceOf(Validated.Invalid.class);
    }

    @Test
    void revenue_that_is_not_a_number_is_refused_rather_than_silently_not_counted() {
        for (Object notANumber : List.of("19.99", true)) {
            assertThat(withRevenue(notANumber)).as(notANumber.toString()).isInstanceOf(Validated.Invalid.class);
        }
    }

    @Test
    void the_live_tally_and_the_reference_sum_the_largest_amounts_exactly() {
        // three at the largest amount, one below the least, and one stored before the rule (counts nothing):
        // 3 x 999999999999999.999999 - 999999999999999.999999 = 1999999999999999.999998
        EventFacts facts = new EventFacts();
        for (String amount : List.of("999999999999999.999999", "999999999999999.999999", "999999999999999.999999",
                "-999999999999999.999999", "1E+400")) {
            facts.count(new Event("e" + amount, "p", "u", "s", "purchase", NOW,
                    Map.of("revenue", PropertyValue.of(new BigDecimal(amount))), "", "", NOW));
        }
        assertThat(facts.aggregates().revenue()).isEqualTo(new BigDecimal("1999999999999999.999998"));
    }
}
