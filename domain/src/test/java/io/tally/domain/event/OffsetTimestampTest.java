package io.tally.domain.event;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-read common form agrees with {@link OffsetDateTime#parse}, which stays the judge of every other text. */
class OffsetTimestampTest {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    /** What the formatter makes of the text: the instant, or the refusal. */
    private static Object byTheFormatter(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return "refused";
        }
    }

    private static Object byOffsetTimestamp(String text) {
        try {
            return OffsetTimestamp.parse(text);
        } catch (DateTimeParseException e) {
            return "refused";
        }
    }

    private static String two(int value) {
        return String.format("%02d", value);
    }

    @Provide
    Arbitrary<String> timestampLike() {
        Arbitrary<String> date = Combinators.combine(
                Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.integers().between(1970, 2100)),
                        Tuple.of(1, Arbitraries.integers().between(0, 9999))).map(y -> String.format("%04d", y)),
                Arbitraries.integers().between(0, 14).map(OffsetTimestampTest::two),
                Arbitraries.integers().between(0, 32).map(OffsetTimestampTest::two)).as((y, m, d) -> y + "-" + m + "-" + d);
        Arbitrary<String> time = Combinators.combine(
                Arbitraries.integers().between(0, 25).map(OffsetTimestampTest::two),
                Arbitraries.integers().between(0, 61).map(OffsetTimestampTest::two),
                Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.integers().between(0, 61).map(s -> ":" + two(s))),
                        Tuple.of(1, Arbitraries.just("")))).as((h, m, s) -> h + ":" + m + s);
        Arbitrary<String> fraction = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just("")),
                Tuple.of(6, Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(9).map(f -> "." + f)),
                Tuple.of(1, Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(12).map(f -> "." + f)));
        Arbitrary<String> offset = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just("Z")),
                Tuple.of(6, Combinators.combine(Arbitraries.of("+", "-"), Arbitraries.integers().between(0, 19),
                        Arbitraries.integers().between(0, 61)).as((s, h, m) -> s + two(h) + ":" + two(m))),
                Tuple.of(2, Arbitraries.of("z", "", "+01", "+0130", "+01:30:15", "-18:00", "+18:00", "+18:01", "UTC",
                        "+1:00", "Z ")));
        Arbitrary<String> separator = Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just("T")),
                Tuple.of(1, Arbitraries.of("t", " ", "")));
        Arbitrary<String> formed = Combinators.combine(date, separator, time, fraction, offset)
                .as((d, t, h, f, o) -> d + t + h + f + o);
        // and a character changed anywhere, so the hand reader meets every near miss
        Arbitrary<String> mutated = Combinators.combine(formed, Arbitraries.integers().between(0, 40),
                        Arbitraries.of('0', '9', '-', ':', '.', 'T', 'Z', '+', 'x', '٣', ' '))
                .as((text, at, c) -> at < text.length() ? text.substring(0, at) + c + text.substring(at + 1) : text + c);
        return Arbitraries.frequencyOf(Tuple.of(4, formed), Tuple.of(1, mutated));
    }

    @Property(tries = 1000, seed = "21501")
    void any_text_is_read_or_refused_exactly_as_the_formatter_reads_it(@ForAll("timestampLike") String text) {
        assertThat(byOffsetTimestamp(text)).as(text).isEqualTo(byTheFormatter(text));
    }

    @Provide
    Arbitrary<String> commonForms() {
        Arbitrary<Instant> instants = Arbitraries.longs().between(Instant.parse("0000-01-02T00:00:00Z").getEpochSecond(),
                Instant.parse("9999-12-30T00:00:00Z").getEpochSecond()).map(Instant::ofEpochSecond);
        return Combinators.combine(instants, Arbitraries.integers().between(0, 999_999_999),
                Arbitraries.integers().between(-18 * 60, 18 * 60), Arbitraries.integers().between(0, 9))
                .as((instant, nanos, offsetMinutes, digits) -> {
                    String local = LOCAL.format(OffsetDateTime.ofInstant(instant, ZoneOffset.ofTotalSeconds(offsetMinutes * 60)));
                    String fraction = digits == 0 ? "" : "." + String.format("%09d", nanos).substring(0, digits);
                    int abs = Math.abs(offsetMinutes);
                    String offset = offsetMinutes == 0 && nanos % 2 == 0 ? "Z"
                            : (offsetMinutes < 0 ? "-" : "+") + two(abs / 60) + ":" + two(abs % 60);
                    return local + fraction + offset;
                });
    }

    @Property(tries = 500, seed = "21502")
    void the_form_clients_send_is_read_by_hand_to_the_formatters_instant(@ForAll("commonForms") String text) {
        assertThat(OffsetTimestamp.commonForm(text)).as(text).isNotNull().isEqualTo(byTheFormatter(text));
    }

    @Test
    void edges_of_the_common_form_agree_with_the_formatter() {
        for (String text : List.of("2024-02-29T23:59:59.999999999+18:00", "2023-02-29T00:00:00Z",
                "2026-11-28T10:15:30-00:00", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.9-18:00",
                "2026-11-28T24:00:00Z", "2026-11-28T10:15:60Z", "2026-11-28T10:15:30.Z", "2026-11-28T10:15Z",
                "2026-11-28t10:15:30z", "2026-11-28T10:15:30+18:01", "2026-11-28T10:15:30.1234567891Z",
                "+2026-11-28T10:15:30Z", "2026-04-31T00:00:00Z")) {
            assertThat(byOffsetTimestamp(text)).as(text).isEqualTo(byTheFormatter(text));
        }
        assertThat(OffsetTimestamp.commonForm("2026-11-28T11:00:00.123456+01:30"))
                .isEqualTo(Instant.parse("2026-11-28T09:30:00.123456Z"));
    }
}
