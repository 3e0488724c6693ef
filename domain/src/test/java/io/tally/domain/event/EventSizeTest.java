package io.tally.domain.event;

import io.tally.domain.Hostile;
import io.tally.domain.time.Retention;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An event's size is counted without encoding it, to the byte the encoder would write. */
class EventSizeTest {

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Hostile.text()),
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(40)),
                // surrogates only: pairs, lone halves, and halves in the wrong order
                Tuple.of(2, Arbitraries.strings().withCharRange('\uD800', '\uDFFF').withChars('a', 'é', '€')
                        .ofMaxLength(12)),
                Tuple.of(2, Arbitraries.integers().between(0, Character.MAX_CODE_POINT).list().ofMaxSize(8)
                        .map(codePoints -> codePoints.stream().collect(StringBuilder::new, StringBuilder::appendCodePoint,
                                StringBuilder::append).toString())));
    }

    @Property(tries = 1000, seed = "21511")
    void the_utf8_bytes_of_any_text_are_counted_as_the_encoder_writes_them(@ForAll("anyText") String text) {
        assertThat(EventSize.utf8(text)).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }

    @Provide
    Arbitrary<BigDecimal> decimals() {
        Arbitrary<BigInteger> unscaled = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(-1_000_000, 1_000_000).map(BigInteger::valueOf)),
                Tuple.of(1, Arbitraries.bigIntegers().between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40))));
        return Combinators.combine(unscaled, Arbitraries.integers().between(-30, 30)).as(BigDecimal::new);
    }

    @Property(tries = 1000, seed = "21512")
    void a_numbers_text_is_counted_as_its_to_string(@ForAll("decimals") BigDecimal number) {
        assertThat(EventSize.textLength(number)).as(number.toString()).isEqualTo(number.toString().length());
        assertThat(EventSize.textLength(number.stripTrailingZeros()))
                .isEqualTo(number.stripTrailingZeros().toString().length());
    }

    @Test
    void an_events_size_is_the_utf8_bytes_of_its_values_and_properties_as_text() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event_id", "e1");
        fields.put("user_id", "u1");
        fields.put("session_id", "s1");
        fields.put("event_type", "page_view");
        fields.put("timestamp", "2026-11-28T11:00:00Z");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("name", "café");
        properties.put("price", new BigDecimal("12.50"));
        properties.put("big", 1000L);
        properties.put("ok", true);
        properties.put("emoji", "\uD83D\uDE00€");
        fields.put("properties", properties);
        EventLimits limits = new EventLimits(Retention.DEFAULT, Duration.ofDays(1), 128, 1024, 1024, 100, 4, 100);
        Instant now = Instant.parse("2026-11-28T12:00:00Z");

        Validated<Event> validated = new EventValidator(limits).validate(new SubmittedEvent.Fields(fields), "default",
                "default"::equals, now);

        // fields: e1 2 + default 7 + u1 2 + s1 2 + page_view 9 + no user agent or ip 0, timestamp 24, names 80 = 126;
        // properties, name + value + 4 each: name café 4+5, price 12.5 5+4, big 1E+3 3+4, ok true 2+4,
        // emoji 😀€ 5+(4+3): 13 + 13 + 11 + 10 + 16 = 63
        List<Violation> violations = validated instanceof Validated.Invalid<Event> invalid ? invalid.violations() : List.of();
        assertThat(violations).extracting(Violation::message).containsExactly("event is 189 bytes; the limit is 100");
    }
}
