package io.tally.adapter.in.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tally.domain.event.SubmittedEvent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a request body into submitted events: one JSON object, a JSON array of objects, or NDJSON (one object
 * per line). In an array or NDJSON, an element that is not a readable object becomes an unreadable event of its
 * own, so the others still count; a body that is not JSON at all is refused whole.
 */
final class EventDecoder {

    /** The body as a whole could not be read as the declared format. */
    static final class UnreadableBody extends Exception {
        UnreadableBody(String message) {
            super(message);
        }
    }

    record Decoded(List<SubmittedEvent> events, boolean single) {
    }

    private EventDecoder() {
    }

    static Decoded json(byte[] body) throws UnreadableBody {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new UnreadableBody("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new UnreadableBody("the body could not be read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new UnreadableBody("the body is empty");
        }
        if (root.isObject()) {
            return new Decoded(List.of(new SubmittedEvent.Fields(Json.plainObject(root))), true);
        }
        if (root.isArray()) {
            List<SubmittedEvent> events = new ArrayList<>(root.size());
            root.forEach(element -> events.add(element.isObject()
                    ? new SubmittedEvent.Fields(Json.plainObject(element))
                    : new SubmittedEvent.Unreadable("must be a JSON object")));
            return new Decoded(events, false);
        }
        throw new UnreadableBody("the body must be a JSON object or an array of objects");
    }

    /** NDJSON: each non-blank line is one event; indexes count non-blank lines from 0. */
    static Decoded ndjson(byte[] body) {
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
        return new Decoded(events, false);
    }
}
