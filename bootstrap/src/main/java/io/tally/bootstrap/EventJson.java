package io.tally.bootstrap;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.domain.event.Event;
import io.tally.domain.event.EventWire;

import java.util.Map;

/** Writes events in the wire format that {@code POST /v1/events} reads. */
final class EventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private EventJson() {
    }

    static Map<String, Object> wire(Event event) {
        return EventWire.of(event);
    }

    static String line(Event event) {
        return write(wire(event));
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
