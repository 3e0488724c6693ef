package io.tally.domain.event;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class InvalidUtf8Test {

    /** The text's UTF-8 with {@code bad} put where {@code @} stands. */
    private static byte[] with(String text, int... bad) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            if (b == '@') {
                for (int x : bad) {
                    out.write(x);
                }
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static InvalidUtf8 find(byte[] bytes) {
        return InvalidUtf8.find(bytes, 0, bytes.length).orElseThrow(() -> new AssertionError("found nothing"));
    }

    @Test
    void well_formed_text_of_every_length_passes() {
        byte[] text = "{\"a\":\"plain, é, €, 𝄞, 中文, \\ud83d\\ude00\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(InvalidUtf8.find(text, 0, text.length)).isEmpty();
        assertThat(InvalidUtf8.find(new byte[0], 0, 0)).isEmpty();
    }

    @Test
    void every_kind_of_ill_formed_sequence_is_found_at_its_first_byte() {
        List<int[]> bad = List.of(
                new int[]{0x80},                   // a continuation byte alone
                new int[]{0xC3, 0x28},             // a lead byte without its continuation
                new int[]{0xC0, 0x80},             // an overlong NUL (a JSON reader decodes it to NUL)
                new int[]{0xC1, 0xBF},             // overlong
                new int[]{0xE0, 0x80, 0x80},       // overlong three bytes
                new int[]{0xED, 0xA0, 0x80},       // a surrogate encoded (CESU-8), decoded to a lone surrogate otherwise
                new int[]{0xED, 0xBF, 0xBF},       // the last low surrogate
                new int[]{0xF0, 0x80, 0x80, 0x80}, // overlong four bytes
                new int[]{0xF4, 0x90, 0x80, 0x80}, // above U+10FFFF
                new int[]{0xF5, 0x80, 0x80, 0x80}, // never a lead byte
                new int[]{0xFF},
                new int[]{0xE2, 0x82});            // cut short before the closing quote
        for (int[] sequence : bad) {
            byte[] bytes = with("{\"k\":\"ab@\"}", sequence);
            assertThat(find(bytes).offset()).as(Arrays.toString(sequence)).isEqualTo(8);
        }
        byte[] truncatedAtEnd = with("{\"k\":\"ab@", 0xE2, 0x82);
        assertThat(find(truncatedAtEnd).offset()).isEqualTo(8);
    }

    @Test
    void the_boundaries_of_valid_sequences_pass() {
        for (int[] sequence : List.of(new int[]{0xC2, 0x80}, new int[]{0xDF, 0xBF}, new int[]{0xE0, 0xA0, 0x80},
                new int[]{0xED, 0x9F, 0xBF}, new int[]{0xEE, 0x80, 0x80}, new int[]{0xF0, 0x90, 0x80, 0x80},
                new int[]{0xF4, 0x8F, 0xBF, 0xBF})) {
            byte[] bytes = with("{\"k\":\"@\"}", sequence);
            assertThat(InvalidUtf8.find(bytes, 0, bytes.length)).as(Arrays.toString(sequence)).isEmpty();
        }
    }

    @Test
    void a_bad_byte_in_a_property_value_names_the_property() {
        InvalidUtf8 found = find(with("{\"event_id\":\"e1\",\"properties\":{\"plan\":{\"tier\":\"caf@\"}}}", 0xE9, 0x22));
        assertThat(found.element()).isEmpty();
        assertThat(found.field()).isEqualTo("properties.plan.tier");
        assertThat(found.inName()).isFalse();
        assertThat(found.message()).contains("not valid UTF-8", "0xE9", "offset 50");
    }

    @Test
    void a_bad_byte_in_a_property_name_names_the_object_and_the_start_of_the_name() {
        InvalidUtf8 found = find(with("{\"properties\":{\"ok\":1,\"caf@\":1}}", 0xE9));
        assertThat(found.field()).isEqualTo("properties");
        assertThat(found.inName()).isTrue();
        assertThat(found.message()).contains("name", "\"caf\"", "0xE9");
    }

    @Test
    void a_bad_byte_in_a_top_level_name_or_value_is_named() {
        assertThat(find(with("{\"user_id\":\"u@\"}", 0xFF)).field()).isEqualTo("user_id");
        InvalidUtf8 name = find(with("{\"user_id\":\"u\",\"x@\":1}", 0xFF));
        assertThat(name.field()).isEmpty();
        assertThat(name.inName()).isTrue();
    }

    @Test
    void in_an_array_of_events_the_element_is_named_and_escaped_quotes_do_not_mislead() {
        String body = "[{\"event_id\":\"a\\\"b\",\"n\":[1,2,{\"x\":3}]},\n {\"event_id\":\"x\"},\n {\"properties\":{\"k\":\"\\\\@\"}}]";
        InvalidUtf8 found = find(with(body, 0xC0, 0xAF));
        assertThat(found.element()).isEqualTo(OptionalInt.of(2));
        assertThat(found.field()).isEqualTo("properties.k");
        assertThat(found.line()).isEqualTo(3);
        assertThat(found.message()).contains("line 3");
    }

    @Test
    void only_the_given_slice_is_read() {
        byte[] bytes = with("@{\"k\":\"v\"}@", 0xFF);
        assertThat(InvalidUtf8.find(bytes, 1, bytes.length - 2)).isEmpty();
    }
}
