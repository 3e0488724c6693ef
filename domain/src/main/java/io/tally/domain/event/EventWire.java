package io.tally.domain.event;

import java.util.LinkedHashMap;
import java.util.Map;

/** An event in the wire format {@code POST /v1/events} reads, as plain values (any JSON layer can write it). */
public final class EventWire {

    private EventWire() {
    }

    public static Map<String, Object> of(Event event) {
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
}
