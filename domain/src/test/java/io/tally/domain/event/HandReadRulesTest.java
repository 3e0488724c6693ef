package io.tally.domain.event;

import io.tally.domain.Hostile;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules ingest reads by hand, each against the form it was first written in: the property-name regex, and the
 * dotted-decimal IPv4 reading through {@code split} and {@code parseInt}.
 */
class HandReadRulesTest {

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().withChars("aZ09_$@.:/-").withChars('é', ' ', '+', '#', '\u0000', '٣')
                        .ofMaxLength(8)),
                Tuple.of(2, Arbitraries.strings().ascii().ofMaxLength(8)),
                Tuple.of(1, Hostile.text()));
    }

    @Property(tries = 1000, seed = "21521")
    void a_property_name_is_accepted_exactly_when_the_regex_matches_it(@ForAll("names") String name) {
        assertThat(EventValidator.isPropertyKey(name)).as(name)
                .isEqualTo(EventValidator.PROPERTY_KEY.matcher(name).matches());
    }

    @Provide
    Arbitrary<String> ipv4Like() {
        Arbitrary<String> part = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0, 300).map(String::valueOf)),
                Tuple.of(2, Arbitraries.strings().withChars("0123456789").ofMaxLength(5)),
                Tuple.of(1, Arbitraries.of("0x7f", "-1", "+1", "1 ", "٣", "a")));
        return Arbitraries.frequencyOf(
                Tuple.of(6, Combinators.combine(part, part, part, part).as((a, b, c, d) -> a + "." + b + "." + c + "." + d)),
                Tuple.of(2, part.list().ofMinSize(1).ofMaxSize(6).map(parts -> String.join(".", parts))),
                Tuple.of(1, Arbitraries.strings().withChars("0123456789.").ofMaxLength(18)));
    }

    @Property(tries = 1000, seed = "21522")
    void an_ipv4_address_is_accepted_exactly_when_its_split_parts_are_each_a_byte(@ForAll("ipv4Like") String text) {
        assertThat(IpLiteral.isValid(text)).as(text).isEqualTo(splitReading(text));
    }

    /** The rule as first written: four parts, each 1 to 3 ASCII digits, no leading zero, at most 255. */
    private static boolean splitReading(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')
                    || !part.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
