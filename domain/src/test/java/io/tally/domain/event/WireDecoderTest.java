package io.tally.domain.event;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rules of the wire format, over a scripted JSON reader: each text the decoder opens is looked up in a table
 * and read as its script says (a map is an object, a {@link JsonValues.Next} that token, an exception is thrown
 * where it stands). The adapters' tests read real JSON with Jackson.
 */
class WireDecoderTest {

    private static final JsonValues.Next ARRAY = JsonValues.Next.ARRAY;
    private static final JsonValues.Next ARRAY_END = JsonValues.Next.ARRAY_END;
    private static final JsonValues.Next OTHER = JsonValues.Next.OTHER;

    private static final class Scripted implements JsonValues {
        private final Deque<Object> script;
        private Object current;

        Scripted(List<Object> script) {
            this.script = new ArrayDeque<>(script);
        }

        @Override
        public Next next() throws IOException {
            current = script.poll();
            return switch (current) {
                case null -> Next.END;
                case Map<?, ?> ignored -> Next.OBJECT;
                case Next next -> next;
                case IOException failure -> throw failure;
                default -> throw new IllegalArgumentException("not a script item: " + current);
            };
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map<String, Object> object() {
            return (Map<String, Object>) current;
        }

        @Override
        public void skip() {
            if (current == ARRAY) { // the test scripts hold only empty nested arrays
                assertThat(script.poll()).isEqualTo(ARRAY_END);
            }
        }

        @Override
        public void close() {
        }
    }

    private static WireDecoder decoder(Map<String, List<Object>> scripts) {
        return new WireDecoder((text, offset, length) -> {
            List<Object> script = scripts.get(new String(text, offset, length, StandardCharsets.UTF_8));
            assertThat(script).as("a script for the text").isNotNull();
            return new Scripted(script);
        });
    }

    private static WireDecoder neverReads() {
        return new WireDecoder((text, offset, length) -> {
            throw new AssertionError("bytes that are not UTF-8 are never handed to the JSON reader");
        });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void one_object_is_a_single_event() throws Exception {
        WireDecoder.Decoded decoded = decoder(Map.of("{…}", List.of(Map.of("a", 1L)))).json(bytes("{…}"));
        assertThat(decoded.single()).isTrue();
        assertThat(decoded.events()).containsExactly(new SubmittedEvent.Fields(Map.of("a", 1L)));
    }

    @Test
    void an_array_element_that_is_not_an_object_is_unreadable_and_the_others_still_count() throws Exception {
        WireDecoder.Decoded decoded = decoder(Map.of("[…]", List.of(ARRAY, Map.of("a", 1L), OTHER, ARRAY, ARRAY_END,
                Map.of("b", 2L), ARRAY_END))).json(bytes("[…]"));
        assertThat(decoded.single()).isFalse();
        assertThat(decoded.events()).containsExactly(new SubmittedEvent.Fields(Map.of("a", 1L)),
                new SubmittedEvent.Unreadable("must be a JSON object"), new SubmittedEvent.Unreadable("must be a JSON object"),
                new SubmittedEvent.Fields(Map.of("b", 2L)));
    }

    @Test
    void a_body_that_is_empty_not_an_object_unclosed_or_malformed_is_refused_whole() {
        WireDecoder decoder = decoder(Map.of(
                "", List.of(),
                "42", List.of(OTHER),
                "[{}", List.of(ARRAY, Map.of()),
                "{,", List.of(new JsonValues.Malformed("Unexpected character (',')"))));
        assertThatThrownBy(() -> decoder.json(bytes(""))).hasMessage("the body is empty");
        assertThatThrownBy(() -> decoder.json(bytes("42"))).hasMessage("the body must be a JSON object or an array of objects");
        assertThatThrownBy(() -> decoder.json(bytes("[{}")))
                .hasMessage("the body is not valid JSON: the array is not closed");
        assertThatThrownBy(() -> decoder.json(bytes("{,")))
                .isInstanceOf(WireDecoder.UnreadableBody.class).hasMessage("the body is not valid JSON: Unexpected character (',')");
    }

    @Test
    void bytes_that_are_not_utf8_refuse_the_body_naming_the_element_and_field() {
        byte[] body = {'[', '{', '}', ',', '{', '"', 'k', '"', ':', '"', (byte) 0xFF, '"', '}', ']'};
        assertThatThrownBy(() -> neverReads().json(body)).isInstanceOfSatisfying(WireDecoder.UnreadableBody.class, e -> {
            assertThat(e.field()).isEqualTo("[1].k");
            assertThat(e.getMessage()).contains("not valid UTF-8", "0xFF");
        });
    }

    @Test
    void in_ndjson_each_non_blank_line_is_one_event_and_a_bad_line_costs_only_itself() {
        WireDecoder decoder = decoder(Map.of(
                "{a}", List.of(Map.of("a", 1L)),
                "  ", List.of(),
                "", List.of(),
                "[1]", List.of(ARRAY),
                "{,", List.of(new JsonValues.Malformed("Unexpected character (',')")),
                "{b}\r", List.of(Map.of("b", 2L))));
        byte[] body = bytes("{a}\n  \n[1]\n{,\n\n{b}\r\n");
        assertThat(decoder.ndjson(body).events()).containsExactly(new SubmittedEvent.Fields(Map.of("a", 1L)),
                new SubmittedEvent.Unreadable("must be a JSON object"),
                new SubmittedEvent.Unreadable("malformed JSON: Unexpected character (',')"),
                new SubmittedEvent.Fields(Map.of("b", 2L)));
        assertThat(decoder.ndjson(body).single()).isFalse();
    }

    @Test
    void in_ndjson_a_line_that_is_not_utf8_is_an_unreadable_event_naming_the_field() {
        byte[] body = {'{', '"', 'u', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}', '\n'};
        assertThat(neverReads().ndjson(body).events()).singleElement()
                .isInstanceOfSatisfying(SubmittedEvent.Unreadable.class, unreadable -> {
                    assertThat(unreadable.field()).isEqualTo("u");
                    assertThat(unreadable.reason()).contains("not valid UTF-8", "0xC0 0x80");
                });
    }

    @Test
    void a_record_is_one_object_and_nothing_after_it() {
        WireDecoder decoder = decoder(Map.of(
                "{a}", List.of(Map.of("a", 1L)),
                "{a} {b}", List.of(Map.of("a", 1L), Map.of("b", 2L)),
                "[]", List.of(ARRAY, ARRAY_END),
                "{,", List.of(new JsonValues.Malformed("Unexpected character (',')")),
                "\0\0\0{", List.of(new IOException("Unsupported UCS-4 endianness"))));
        assertThat(decoder.record(bytes("{a}"))).isEqualTo(new SubmittedEvent.Fields(Map.of("a", 1L)));
        assertThat(decoder.record(bytes("{a} {b}")))
                .isEqualTo(new SubmittedEvent.Unreadable("the record holds content after its JSON object"));
        assertThat(decoder.record(bytes("[]"))).isEqualTo(new SubmittedEvent.Unreadable("the record is not a JSON object"));
        assertThat(decoder.record(bytes("{,")))
                .isEqualTo(new SubmittedEvent.Unreadable("the record is not valid JSON: Unexpected character (',')"));
        assertThat(decoder.record(bytes("\0\0\0{")))
                .isEqualTo(new SubmittedEvent.Unreadable("the record could not be read: Unsupported UCS-4 endianness"));
        assertThat(decoder.record(null)).isEqualTo(new SubmittedEvent.Unreadable("the record has no value"));
        assertThat(decoder.record(new byte[0])).isEqualTo(new SubmittedEvent.Unreadable("the record has no value"));
    }

    @Test
    void a_record_that_is_not_utf8_is_unreadable_naming_the_field() {
        byte[] value = {'{', '"', 'p', '"', ':', '{', '"', 'c', 'a', 'f', (byte) 0xE9, '"', ':', '1', '}', '}'};
        assertThat(neverReads().record(value)).isInstanceOfSatisfying(SubmittedEvent.Unreadable.class, unreadable -> {
            assertThat(unreadable.field()).isEqualTo("p");
            assertThat(unreadable.reason()).contains("field name", "\"caf\"", "0xE9");
        });
    }
}
