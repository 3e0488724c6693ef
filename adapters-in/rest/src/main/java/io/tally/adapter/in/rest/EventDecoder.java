package io.tally.adapter.in.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.tally.domain.event.InvalidUtf8;
import io.tally.domain.event.SubmittedEvent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decodes a request body into submitted events: one JSON object, a JSON array of objects, or NDJSON (one object
 * per line). In an array or NDJSON, an element that is not a readable object becomes an unreadable event of its
 * own, so the others still count; a body that is not JSON at all is refused whole. Bytes that are not UTF-8 are
 * found before parsing and named by field (JSON readers decode some of them into other text, and report others as
 * something else); in NDJSON they cost only their line.
 * <p>
 * Events are read straight from Jackson's token stream into plain values ({@link Json#readPlain}), never through a
 * tree: ingestion is the busiest path, and the tree and its copy were a third of a request's work.
 */
final class EventDecoder {

    /** The body as a whole could not be read as the declared format; {@code field} says where, when known. */
    static final class UnreadableBody extends Exception {
        private final String field;

        UnreadableBody(String message) {
            this("", message);
        }

        UnreadableBody(String field, String message) {
            super(message);
            this.field = field;
        }

        String field() {
            return field;
        }
    }

    record Decoded(List<SubmittedEvent> events, boolean single) {
    }

    private EventDecoder() {
    }

    static Decoded json(byte[] body) throws UnreadableBody {
        Optional<InvalidUtf8> invalid = InvalidUtf8.find(body, 0, body.length);
        if (invalid.isPresent()) {
            InvalidUtf8 at = invalid.get();
            String element = at.element().isPresent() ? "[" + at.element().getAsInt() + "]" : "";
            throw new UnreadableBody(element.isEmpty() || at.field().isEmpty() ? element + at.field()
                    : element + "." + at.field(), at.message());
        }
        try (JsonParser parser = Json.MAPPER.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new UnreadableBody("the body is empty");
            }
            if (first == JsonToken.START_OBJECT) {
                return new Decoded(List.of(new SubmittedEvent.Fields(Json.readPlainObject(parser))), true);
            }
            if (first == JsonToken.START_ARRAY) {
                List<SubmittedEvent> events = new ArrayList<>();
                for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
                    if (element == null) {
                        throw new UnreadableBody("the body is not valid JSON: the array is not closed");
                    }
                    if (element == JsonToken.START_OBJECT) {
                        events.add(new SubmittedEvent.Fields(Json.readPlainObject(parser)));
                    } else {
                        parser.skipChildren();
                        events.add(new SubmittedEvent.Unreadable("must be a JSON object"));
                    }
                }
                return new Decoded(events, false);
            }
            throw new UnreadableBody("the body must be a JSON object or an array of objects");
        } catch (JsonProcessingException e) {
            throw new UnreadableBody("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UnreadableBody("the body could not be read: " + e.getMessage());
        }
    }

    /** NDJSON: each non-blank line is one event; indexes count non-blank lines from 0. */
    static Decoded ndjson(byte[] body) {
        List<SubmittedEvent> events = new ArrayList<>();
        int start = 0;
        while (start < body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            line(body, start, end - start, events);
            start = end + 1;
        }
        return new Decoded(events, false);
    }

    /** One line's event, if the line is not blank: the first JSON value on it (as a tree reader would take it). */
    private static void line(byte[] body, int offset, int length, List<SubmittedEvent> events) {
        Optional<InvalidUtf8> invalid = InvalidUtf8.find(body, offset, length);
        if (invalid.isPresent()) {
            events.add(new SubmittedEvent.Unreadable(invalid.get().field(), invalid.get().message()));
            return;
        }
        try (JsonParser parser = Json.MAPPER.createParser(body, offset, length)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return; // blank
            }
            events.add(first == JsonToken.START_OBJECT
                    ? new SubmittedEvent.Fields(Json.readPlainObject(parser))
                    : new SubmittedEvent.Unreadable("must be a JSON object"));
        } catch (JsonProcessingException e) {
            events.add(new SubmittedEvent.Unreadable("malformed JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("reading a byte array failed", e);
        }
    }
}
