package io.tally.bootstrap;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.domain.event.Event;

import java.util.LinkedHashMap;
import java.util.Map;

/** Writes events in the wire format that {@code POST /v1/events} reads. */
final class EventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private EventJson() {
    }

    static Map<String, Object> wire(Event event) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("event_id", event.eventId());
        map.put("project_id", event.projectId());
        map.put("user_id", event.userId());
        map.put("session_id", event.sessionId());
        map.put("event_type", event.eventType());
        map.put("timestamp", event.timestamp().toString());
        Map<String, Object> properties = new LinkedHashMap<>();
        event.properties().forEach((key, value) -> properties.put(key, value.plain()));
        map.put("properties", properties);
        if (!event.userAgent().isEmpty()) {
            map.put("user_agent", event.userAgent());
        }
        if (!event.ipAddress().isEmpty()) {
            map.put("ip_address", event.ipAddress());
        }
        return map;
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
