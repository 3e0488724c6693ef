package io.tally.adapter.out.clickhouse;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.domain.event.Event;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Events as a {@code RowBinary} block for the {@code events} table of migrations 1 to 9 (before the typed layout), for
 * tests that build an older database: columns in table order: strings as a LEB128
 * length and UTF-8 bytes (LowCardinality travels as its plain type), {@code DateTime64(3)} as little-endian
 * milliseconds since the epoch.
 */
final class UntypedEventRows {

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private UntypedEventRows() {
    }

    static byte[] encode(List<Event> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(events.size() * 256);
        for (Event event : events) {
            string(out, event.projectId());
            string(out, event.eventId());
            string(out, event.userId());
            string(out, event.sessionId());
            string(out, event.eventType());
            int64(out, event.timestamp().toEpochMilli());
            string(out, properties(event));
            string(out, event.userAgent());
            string(out, event.ipAddress());
            int64(out, event.receivedAt().toEpochMilli());
        }
        return out.toByteArray();
    }

    private static String properties(Event event) {
        Map<String, Object> properties = new LinkedHashMap<>();
        event.properties().forEach((key, value) -> properties.put(key, value.plain()));
        try {
            return JSON.writeValueAsString(properties);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event " + event.eventId() + " has properties JSON cannot hold", e);
        }
    }

    private static void string(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        long length = bytes.length;
        while (length >= 0x80) {
            out.write((int) (length & 0x7f) | 0x80);
            length >>>= 7;
        }
        out.write((int) length);
        out.write(bytes, 0, bytes.length);
    }

    private static void int64(ByteArrayOutputStream out, long value) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
    }
}
