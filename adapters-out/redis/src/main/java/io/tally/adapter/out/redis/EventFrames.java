package io.tally.adapter.out.redis;

import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Events as compact bytes for the broadcast between nodes, read back into equal records: every field, properties
 * with their kind (text, exact decimal, flag), instants to the nanosecond. A leading version byte lets a node refuse
 * a frame written by a newer release instead of misreading it.
 */
final class EventFrames {

    static final byte VERSION = 1;
    private static final byte TEXT = 'T';
    private static final byte NUMBER = 'N';
    private static final byte FLAG = 'F';

    private EventFrames() {
    }

    static byte[] write(List<Event> events) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + events.size() * 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(events.size());
            for (Event event : events) {
                text(out, event.eventId());
                text(out, event.projectId());
                text(out, event.userId());
                text(out, event.sessionId());
                text(out, event.eventType());
                instant(out, event.timestamp());
                instant(out, event.receivedAt());
                text(out, event.userAgent());
                text(out, event.ipAddress());
                out.writeInt(event.properties().size());
                for (Map.Entry<String, PropertyValue> property : event.properties().entrySet()) {
                    text(out, property.getKey());
                    switch (property.getValue()) {
                        case PropertyValue.Text t -> {
                            out.writeByte(TEXT);
                            text(out, t.value());
                        }
                        case PropertyValue.Numeric n -> {
                            out.writeByte(NUMBER);
                            text(out, n.value().toString());
                        }
                        case PropertyValue.Flag f -> {
                            out.writeByte(FLAG);
                            out.writeBoolean(f.value());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /** The events of a frame; an {@link IllegalArgumentException} for a frame this release cannot read. */
    static List<Event> read(byte[] frame) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(frame))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("event frame version " + version + ", this node reads " + VERSION);
            }
            int count = in.readInt();
            if (count < 0 || count > in.available()) { // each event takes bytes: a larger count is a broken frame
                throw new IllegalArgumentException("a frame of " + count + " events in " + in.available() + " bytes");
            }
            List<Event> events = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String eventId = text(in);
                String projectId = text(in);
                String userId = text(in);
                String sessionId = text(in);
                String eventType = text(in);
                Instant timestamp = instant(in);
                Instant receivedAt = instant(in);
                String userAgent = text(in);
                String ipAddress = text(in);
                int propertyCount = in.readInt();
                Map<String, PropertyValue> properties = new HashMap<>();
                for (int p = 0; p < propertyCount; p++) {
                    String key = text(in);
                    byte kind = in.readByte();
                    properties.put(key, switch (kind) {
                        case TEXT -> PropertyValue.of(text(in));
                        case NUMBER -> PropertyValue.of(new BigDecimal(text(in)));
                        case FLAG -> PropertyValue.of(in.readBoolean());
                        default -> throw new IllegalArgumentException("unknown property kind " + kind);
                    });
                }
                events.add(new Event(eventId, projectId, userId, sessionId, eventType, timestamp, properties, userAgent,
                        ipAddress, receivedAt));
            }
            return events;
        } catch (IOException e) {
            throw new IllegalArgumentException("a truncated event frame", e);
        }
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String text(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("a text of " + length + " bytes where " + in.available() + " are left");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static void instant(DataOutputStream out, Instant instant) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    private static Instant instant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }
}
