package io.tally.adapter.in.kafka;

import io.tally.domain.event.SubmittedEvent;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a record's text becomes before validation: the same verdicts as HTTP bodies. */
class RecordDecoderTest {

    @Test
    void an_escaped_lone_surrogate_reaches_the_validator_unchanged() {
        SubmittedEvent event = RecordDecoder.decode("{\"user_id\":\"u-\\ud800\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(event).isEqualTo(new SubmittedEvent.Fields(Map.of("user_id", "u-\ud800")));
    }

    @Test
    void a_number_past_a_doubles_range_keeps_its_digits_and_never_fails_the_poll() {
        // a tree reads 1e400 as Infinity, whose decimal threw on every poll of the record
        SubmittedEvent event = RecordDecoder.decode("{\"properties\":{\"revenue\":1e400,\"n\":-2.5E-400}}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(event).isEqualTo(new SubmittedEvent.Fields(Map.of("properties",
                Map.of("revenue", new BigDecimal("1e400"), "n", new BigDecimal("-2.5E-400")))));
    }

    @Test
    void content_after_the_object_is_unreadable_not_ignored() {
        assertThat(RecordDecoder.decode("{\"a\":1} {\"b\":2}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SubmittedEvent.Unreadable.class);
    }

    @Test
    void ill_formed_bytes_are_an_unreadable_event_naming_the_field_not_end_of_input() {
        // a property name cut by a lone E9 (Latin-1 é): Jackson said "Unexpected end-of-input in field name"
        byte[] value = {'{', '"', 'p', '"', ':', '{', '"', 'c', 'a', 'f', (byte) 0xE9, '"', ':', '1', '}', '}'};
        assertThat(RecordDecoder.decode(value)).isInstanceOfSatisfying(SubmittedEvent.Unreadable.class, unreadable -> {
            assertThat(unreadable.field()).isEqualTo("p");
            assertThat(unreadable.reason()).contains("field name", "\"caf\"", "0xE9").doesNotContain("end-of-input");
        });
    }
}
