package io.tally.adapter.in.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tally.domain.event.SubmittedEvent;
import io.tally.domain.event.WireDecoder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The streaming decoder against the reference it replaced: Jackson's tree of each line or body, turned into plain
 * values ({@link Json#plainObject}). Same events, same values of the same Java types, same refusals, on hand-picked
 * bodies and on 3,000 random objects (nested values, escapes, every kind of number, duplicate keys, broken lines).
 */
class EventDecoderTest {

    /** The decoding before streaming: a tree per NDJSON line, then plain values. */
    private static List<SubmittedEvent> referenceNdjson(byte[] body) {
        List<SubmittedEvent> events = new ArrayList<>();
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = Json.MAPPER.readTree(line);
                events.add(node != null && node.isObject()
                        ? new SubmittedEvent.Fields(Json.plainObject(node))
                        : new SubmittedEvent.Unreadable("must be a JSON object"));
            } catch (JsonProcessingException e) {
                events.add(new SubmittedEvent.Unreadable("malformed JSON: " + e.getOriginalMessage()));
            }
        }
        return events;
    }

    /**
     * An event as compared: a readable one whole (values and their Java types); an unreadable one by its kind of
     * reason. Jackson words a broken line differently when it reads bytes instead of a String ("in field name" or
     * "was expecting closing '\"' for name"), and names its source; both are Jackson's words, not ours.
     */
    private static Object compared(SubmittedEvent event) {
        return switch (event) {
            case SubmittedEvent.Fields fields -> fields;
            case SubmittedEvent.Unreadable unreadable -> {
                String reason = unreadable.reason();
                yield reason.startsWith("malformed JSON: ") && !reason.startsWith("malformed JSON: Duplicate field")
                        ? "malformed JSON: …" : reason;
            }
        };
    }

    private static List<Object> compared(List<SubmittedEvent> events) {
        return events.stream().map(EventDecoderTest::compared).toList();
    }

    /** The same for a JSON array body. */
    private static List<SubmittedEvent> referenceArray(byte[] body) throws Exception {
        List<SubmittedEvent> events = new ArrayList<>();
        Json.MAPPER.readTree(body).forEach(element -> events.add(element.isObject()
                ? new SubmittedEvent.Fields(Json.plainObject(element))
                : new SubmittedEvent.Unreadable("must be a JSON object")));
        return events;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void hand_picked_lines_decode_as_the_tree_did() {
        String ndjson = String.join("\n",
                "{\"event_id\":\"e1\",\"user_id\":\"u\",\"properties\":{\"plan\":{\"tier\":\"pro\"},\"tags\":[1,\"a\",null,true]}}",
                "",
                "   \t\r",
                "{\"n\":1,\"neg\":-0,\"f\":1.0,\"e\":1e3,\"small\":1.5E-7,\"big\":123456789012345678901234567890,\"exact\":0.1000}",
                "{\"s\":\"quote \\\" backslash \\\\ tab \\t unicode \\u00e9 \\ud83d\\ude00 newline \\n\"}",
                "{\"dup\":1,\"dup\":2}",
                "{\"unterminated\":1",
                "[1,2]",
                "null",
                "\"text\"",
                "{} trailing",
                "{\"ok\":true}\r");
        assertThat(compared(EventDecoder.ndjson(bytes(ndjson)).events())).isEqualTo(compared(referenceNdjson(bytes(ndjson))));
        assertThat(EventDecoder.ndjson(bytes(ndjson)).events()).hasSize(10);
    }

    @Test
    void arrays_and_single_objects_decode_as_the_tree_did() throws Exception {
        String array = "[{\"a\":1},2,\"x\",[{\"b\":2}],{\"c\":{\"d\":[1.25,{\"e\":null}]}},null,{}]";
        WireDecoder.Decoded decoded = EventDecoder.json(bytes(array));
        assertThat(decoded.single()).isFalse();
        assertThat(decoded.events()).isEqualTo(referenceArray(bytes(array)));

        WireDecoder.Decoded single = EventDecoder.json(bytes("{\"a\":{\"b\":[1,2.50]}}"));
        assertThat(single.single()).isTrue();
        assertThat(single.events()).containsExactly(new SubmittedEvent.Fields(Json.plainObject(Json.MAPPER.readTree("{\"a\":{\"b\":[1,2.50]}}"))));
    }

    @Test
    void bodies_the_tree_refused_are_refused() {
        for (String body : List.of("", "   ", "{\"a\":1,\"a\":2}", "[{\"a\":1},{\"b\":", "[{\"a\":1}", "{\"a\":", "42", "\"x\"", "nul")) {
            assertThatThrownBy(() -> EventDecoder.json(bytes(body))).as(body).isInstanceOf(WireDecoder.UnreadableBody.class);
        }
    }

    @Test
    void random_objects_decode_as_the_tree_did() {
        Random random = new Random(7);
        StringBuilder ndjson = new StringBuilder();
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            String object = object(random, 0);
            objects.add(object);
            ndjson.append(random.nextInt(50) == 0 ? object.substring(0, object.length() / 2) : object) // a broken line now and then
                    .append(random.nextInt(10) == 0 ? "\r\n" : "\n");
        }
        byte[] body = bytes(ndjson.toString());
        List<SubmittedEvent> streamed = EventDecoder.ndjson(body).events();
        List<SubmittedEvent> reference = referenceNdjson(body);
        assertThat(streamed).hasSameSizeAs(reference);
        for (int i = 0; i < reference.size(); i++) {
            assertThat(compared(streamed.get(i))).as("line %d: %s", i, objects.get(i)).isEqualTo(compared(reference.get(i)));
        }
    }

    private static String object(Random random, int depth) {
        StringBuilder out = new StringBuilder("{");
        int fields = random.nextInt(depth == 0 ? 8 : 4);
        for (int f = 0; f < fields; f++) {
            if (f > 0) {
                out.append(',');
            }
            // a few keys repeat within an object: the duplicate must be refused the same way
            out.append('"').append(random.nextInt(40) == 0 && f > 0 ? "k0" : "k" + f).append("\":").append(value(random, depth));
        }
        return out.append('}').toString();
    }

    private static String value(Random random, int depth) {
        return switch (random.nextInt(depth < 2 ? 9 : 7)) {
            case 0 -> "\"" + text(random) + "\"";
            case 1 -> Long.toString(random.nextLong() >> random.nextInt(64));
            case 2 -> random.nextInt(100) + "." + random.nextInt(1000);
            case 3 -> (random.nextBoolean() ? "-" : "") + random.nextInt(10) + "." + random.nextInt(100) + "e" + (random.nextInt(40) - 20);
            case 4 -> "9" + Long.toString(Math.abs(random.nextLong())) + Long.toString(Math.abs(random.nextLong()));
            case 5 -> random.nextBoolean() ? "true" : "false";
            case 6 -> "null";
            case 7 -> object(random, depth + 1);
            default -> {
                StringBuilder list = new StringBuilder("[");
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    list.append(i > 0 ? "," : "").append(value(random, depth + 1));
                }
                yield list.append(']').toString();
            }
        };
    }

    private static String text(Random random) {
        String[] pieces = {"a", "Zürich", "\\\"", "\\\\", "\\n", "\\u00e9", "\\ud83d\\ude00", " ", "=cmd", ",", "日本"};
        StringBuilder out = new StringBuilder();
        for (int i = random.nextInt(6); i > 0; i--) {
            out.append(pieces[random.nextInt(pieces.length)]);
        }
        return out.toString();
    }
}
