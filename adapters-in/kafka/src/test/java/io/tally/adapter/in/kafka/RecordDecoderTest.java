package io.tally.adapter.in.kafka;

import io.tally.domain.event.SubmittedEvent;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a record's text becomes before validation: the same verdicts as HTTP bodies. */
class RecordDecoderTest {

    @Test
    void an_escaped_lone_surrogate_reaches_the_validator_unchanged() {
        SubmittedEvent event = RecordDecoder.decode("{\"user_id\":\"u-\\ud800\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(event).isEqualTo(new SubmittedEvent.Fields(Map.of("user_id", "u-\ud800")));
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
