package io.tally.adapter.in.rest;

import io.tally.domain.event.SubmittedEvent;
import io.tally.domain.event.WireDecoder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What reaches the validator of text that is not Unicode: escapes arrive as sent, ill-formed bytes never do. */
class EventDecoderTextTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void an_escaped_lone_surrogate_reaches_the_validator_unchanged() throws Exception {
        WireDecoder.Decoded decoded = EventDecoder.json(bytes("{\"event_id\":\"sur-\\ud800\",\"properties\":{\"k\":\"\\udc00\"}}"));
        Map<String, Object> fields = ((SubmittedEvent.Fields) decoded.events().getFirst()).values();
        assertThat(fields.get("event_id")).isEqualTo("sur-\ud800");
        assertThat(fields.get("properties")).isEqualTo(Map.of("k", "\udc00"));
    }

    @Test
    void ill_formed_bytes_never_become_text_and_are_named_by_field() {
        // ED A0 80 is U+D800 encoded as if it were a character: Jackson would hand over "sur-\ud800"
        byte[] surrogate = {'{', '"', 'e', 'v', 'e', 'n', 't', '_', 'i', 'd', '"', ':', '"', 'x', (byte) 0xED, (byte) 0xA0,
                (byte) 0x80, '"', '}'};
        assertThatThrownBy(() -> EventDecoder.json(surrogate)).isInstanceOfSatisfying(WireDecoder.UnreadableBody.class, e -> {
            assertThat(e.field()).isEqualTo("event_id");
            assertThat(e.getMessage()).contains("not valid UTF-8", "0xED 0xA0 0x80");
        });
        // C0 80 is an overlong NUL: Jackson would hand over "a\u0000"
        byte[] overlong = {'[', '{', '}', ',', '{', '"', 'k', '"', ':', '"', 'a', (byte) 0xC0, (byte) 0x80, '"', '}', ']'};
        assertThatThrownBy(() -> EventDecoder.json(overlong)).isInstanceOfSatisfying(WireDecoder.UnreadableBody.class,
                e -> assertThat(e.field()).isEqualTo("[1].k"));
    }

    @Test
    void in_ndjson_a_line_that_is_not_utf8_is_an_unreadable_event_naming_the_field() {
        byte[] body = {'{', '"', 'a', '"', ':', '1', '}', '\n', '{', '"', 'u', 's', 'e', 'r', '_', 'i', 'd', '"', ':', '"',
                (byte) 0xFF, '"', '}', '\n'};
        WireDecoder.Decoded decoded = EventDecoder.ndjson(body);
        assertThat(decoded.events()).hasSize(2);
        assertThat(decoded.events().get(0)).isEqualTo(new SubmittedEvent.Fields(Map.of("a", 1L)));
        assertThat(decoded.events().get(1)).isInstanceOfSatisfying(SubmittedEvent.Unreadable.class, unreadable -> {
            assertThat(unreadable.field()).isEqualTo("user_id");
            assertThat(unreadable.reason()).contains("not valid UTF-8", "0xFF");
        });
    }
}
