package io.tally.adapter.out.clickhouse;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.domain.event.Event;
import io.tally.domain.event.EventColumns;
import io.tally.domain.event.PropertyValue;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Events as a {@code RowBinary} block for the typed {@code events} table, columns in table order
 * ({@link ClickHouseSql#CREATE_TYPED_EVENTS}): strings as a LEB128 length and UTF-8 bytes (LowCardinality travels as
 * its plain type), a Nullable value after a byte 1 for NULL or 0, {@code UInt64} and {@code DateTime64(3)} (epoch
 * milliseconds) as 8 little-endian bytes, {@code Decimal128(6)} as the 16-byte little-endian unscaled value.
 */
final class EventRows {

    private static final int SCALE = 6;
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private EventRows() {
    }

    static byte[] encode(List<Event> events) {
        return encodeColumns(events.stream().map(EventColumns::of).toList());
    }

    static byte[] encodeColumns(List<EventColumns> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(rows.size() * 256);
        for (EventColumns row : rows) {
            Event event = row.event();
            string(out, event.projectId());
            int64(out, event.timestamp().toEpochMilli());
            string(out, event.eventType());
            int64(out, row.userHash());
            int64(out, row.sessionHash());
            string(out, event.eventId());
            string(out, event.userId());
            string(out, event.sessionId());
            for (String promoted : row.promoted()) {
                nullableString(out, promoted);
            }
            nullableDecimal(out, row.revenue());
            string(out, properties(event.eventId(), row.rest()));
            string(out, event.userAgent());
            string(out, event.ipAddress());
            int64(out, event.receivedAt().toEpochMilli());
        }
        return out.toByteArray();
    }

    /**
     * The block's deduplication token: a digest of its events' projects and ids, so a retry of the same block
     * carries the same token and a different block never does.
     */
    static String token(List<Event> events) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Event event : events) {
                sha.update(event.projectId().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(event.eventId().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String properties(String eventId, Map<String, PropertyValue> rest) {
        Map<String, Object> properties = new LinkedHashMap<>();
        rest.forEach((key, value) -> properties.put(key, value.plain()));
        try {
            return JSON.writeValueAsString(properties);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event " + eventId + " has properties JSON cannot hold", e);
        }
    }

    private static void nullableString(ByteArrayOutputStream out, String value) {
        out.write(value == null ? 1 : 0);
        if (value != null) {
            string(out, value);
        }
    }

    private static void nullableDecimal(ByteArrayOutputStream out, BigDecimal value) {
        out.write(value == null ? 1 : 0);
        if (value != null) {
            byte[] bigEndian = value.setScale(SCALE, RoundingMode.HALF_UP).unscaledValue().toByteArray();
            if (bigEndian.length > 16) {
                throw new IllegalArgumentException("revenue beyond Decimal128(6): " + value);
            }
            byte sign = (byte) (bigEndian[0] < 0 ? 0xff : 0);
            for (int i = 0; i < 16; i++) {
                out.write(i < bigEndian.length ? bigEndian[bigEndian.length - 1 - i] : sign);
            }
        }
    }

    static void string(ByteArrayOutputStream out, String value) {
        bytes(out, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A String column's bytes as they are: their length as a varint, then the bytes. */
    static void bytes(ByteArrayOutputStream out, byte[] bytes) {
        long length = bytes.length;
        while (length >= 0x80) {
            out.write((int) (length & 0x7f) | 0x80);
            length >>>= 7;
        }
        out.write((int) length);
        out.write(bytes, 0, bytes.length);
    }

    static void int64(ByteArrayOutputStream out, long value) {
        littleEndian(out, value, 8);
    }

    /** A UInt32 column, such as a DateTime's seconds. */
    static void uint32(ByteArrayOutputStream out, long value) {
        littleEndian(out, value, 4);
    }

    private static void littleEndian(ByteArrayOutputStream out, long value, int width) {
        for (int i = 0; i < width; i++) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
    }
}
