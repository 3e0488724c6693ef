package io.tally.domain.event;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The event wire format, read into submitted events the same way over HTTP and Kafka: one JSON object, a JSON array
 * of objects, NDJSON (one object per line), or a Kafka record (one object). In an array or NDJSON, an element that is
 * not a readable object becomes an unreadable event of its own, so the others still count; a body that is not JSON at
 * all is refused whole. Bytes that are not UTF-8 are found before parsing and named by field (JSON readers decode
 * some of them into other text, and report others as something else); in NDJSON they cost only their line.
 * <p>
 * The JSON itself is read by the adapter ({@link JsonValues}), straight from its token stream into plain values and
 * never through a tree: ingestion is the busiest path, and a tree and its copy were a third of a request's work; a
 * tree also turns a number past a double's range ({@code 1e400}) into Infinity, which no decimal holds.
 */
public final class WireDecoder {

    /** The body as a whole could not be read as the declared format; {@code field} says where, when known. */
    public static final class UnreadableBody extends Exception {
        private final String field;

        UnreadableBody(String message) {
            this("", message);
        }

        UnreadableBody(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** The events of a body, and whether the body was one object rather than an array or NDJSON. */
    public record Decoded(List<SubmittedEvent> events, boolean single) {
    }

    private static final String NOT_AN_OBJECT = "must be a JSON object";

    private final JsonValues.Reader json;

    public WireDecoder(JsonValues.Reader json) {
        this.json = json;
    }

    /** A JSON body: one object or an array of objects. */
    public Decoded json(byte[] body) throws UnreadableBody {
        Optional<InvalidUtf8> invalid = InvalidUtf8.find(body, 0, body.length);
        if (invalid.isPresent()) {
            InvalidUtf8 at = invalid.get();
            String element = at.element().isPresent() ? "[" + at.element().getAsInt() + "]" : "";
            throw new UnreadableBody(element.isEmpty() || at.field().isEmpty() ? element + at.field()
                    : element + "." + at.field(), at.message());
        }
        try (JsonValues values = json.open(body, 0, body.length)) {
            return switch (values.next()) {
                case END -> throw new UnreadableBody("the body is empty");
                case OBJECT -> new Decoded(List.of(new SubmittedEvent.Fields(values.object())), true);
                case ARRAY -> new Decoded(elements(values), false);
                case ARRAY_END, OTHER -> throw new UnreadableBody("the body must be a JSON object or an array of objects");
            };
        } catch (JsonValues.Malformed e) {
            throw new UnreadableBody("the body is not valid JSON: " + e.getMessage());
        } catch (IOException e) {
            throw new UnreadableBody("the body could not be read: " + e.getMessage());
        }
    }

    private static List<SubmittedEvent> elements(JsonValues values) throws IOException, UnreadableBody {
        List<SubmittedEvent> events = new ArrayList<>();
        while (true) {
            switch (values.next()) {
                case ARRAY_END -> {
                    return events;
                }
                case END -> throw new UnreadableBody("the body is not valid JSON: the array is not closed");
                case OBJECT -> events.add(new SubmittedEvent.Fields(values.object()));
                case ARRAY, OTHER -> {
                    values.skip();
                    events.add(new SubmittedEvent.Unreadable(NOT_AN_OBJECT));
                }
            }
        }
    }

    /** NDJSON: each non-blank line is one event; indexes count non-blank lines from 0. */
    public Decoded ndjson(byte[] body) {
        List<SubmittedEvent> events = new ArrayList<>();
        int start = 0;
        while (start < body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            line(body, start, end - start).ifPresent(events::add);
            start = end + 1;
        }
        return new Decoded(events, false);
    }

    /** One line's event, if the line is not blank: the first JSON value on it (as a tree reader would take it). */
    private Optional<SubmittedEvent> line(byte[] body, int offset, int length) {
        Optional<InvalidUtf8> invalid = InvalidUtf8.find(body, offset, length);
        if (invalid.isPresent()) {
            return Optional.of(new SubmittedEvent.Unreadable(invalid.get().field(), invalid.get().message()));
        }
        try (JsonValues values = json.open(body, offset, length)) {
            return switch (values.next()) {
                case END -> Optional.empty();
                case OBJECT -> Optional.of(new SubmittedEvent.Fields(values.object()));
                case ARRAY, ARRAY_END, OTHER -> Optional.of(new SubmittedEvent.Unreadable(NOT_AN_OBJECT));
            };
        } catch (JsonValues.Malformed e) {
            return Optional.of(new SubmittedEvent.Unreadable("malformed JSON: " + e.getMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException("reading a byte array failed", e);
        }
    }

    /** A Kafka record's value: one event as JSON, as {@code POST /v1/events} takes it, and nothing after it. */
    public SubmittedEvent record(byte[] value) {
        if (value == null || value.length == 0) {
            return new SubmittedEvent.Unreadable("the record has no value");
        }
        Optional<InvalidUtf8> invalid = InvalidUtf8.find(value, 0, value.length);
        if (invalid.isPresent()) {
            return new SubmittedEvent.Unreadable(invalid.get().field(), invalid.get().message());
        }
        try (JsonValues values = json.open(value, 0, value.length)) {
            if (values.next() != JsonValues.Next.OBJECT) {
                return new SubmittedEvent.Unreadable("the record is not a JSON object");
            }
            Map<String, Object> fields = values.object();
            if (values.next() != JsonValues.Next.END) {
                return new SubmittedEvent.Unreadable("the record holds content after its JSON object");
            }
            return new SubmittedEvent.Fields(fields);
        } catch (JsonValues.Malformed e) {
            return new SubmittedEvent.Unreadable("the record is not valid JSON: " + e.getMessage());
        } catch (IOException e) {
            return new SubmittedEvent.Unreadable("the record could not be read: " + e.getMessage());
        }
    }
}
