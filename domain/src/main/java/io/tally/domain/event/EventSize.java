package io.tally.domain.event;

import java.math.BigDecimal;

/**
 * The size an event counts against the limit: the UTF-8 bytes of its field names and values, a property's value as
 * its text ({@code String.valueOf}). The bytes are counted, never encoded: sizing ran on every event and its copies
 * were all garbage.
 */
final class EventSize {

    private static final int TIMESTAMP = 24;
    private static final int FIELD_NAMES = 80;
    private static final int PROPERTY_OVERHEAD = 4;

    private EventSize() {
    }

    /** @param propertyBytes the sum of {@link #of(String, PropertyValue)} over the event's properties */
    static int of(Event event, int propertyBytes) {
        return utf8(event.eventId()) + utf8(event.projectId()) + utf8(event.userId()) + utf8(event.sessionId())
                + utf8(event.eventType()) + utf8(event.userAgent()) + utf8(event.ipAddress()) + TIMESTAMP + FIELD_NAMES
                + propertyBytes;
    }

    /** What one property adds to its event's size. */
    static int of(String key, PropertyValue value) {
        int valueBytes = switch (value) {
            case PropertyValue.Text text -> utf8(text.value());
            case PropertyValue.Numeric number -> textLength(number.value());
            case PropertyValue.Flag flag -> flag.value() ? 4 : 5;
        };
        return utf8(key) + valueBytes + PROPERTY_OVERHEAD;
    }

    /**
     * The bytes {@code text.getBytes(UTF_8)} would hold: a surrogate pair is one 4-byte code point, a lone surrogate
     * the encoder's 1-byte {@code ?}.
     */
    static int utf8(String text) {
        int length = text.length();
        int bytes = length;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 2; // two chars, four bytes
                i++;
            } else if (!Character.isSurrogate(c)) {
                bytes += 2;
            }
        }
        return bytes;
    }

    /** The length of {@code value.toString()} (all ASCII), by the rules its Javadoc states. */
    static int textLength(BigDecimal value) {
        int digits = value.precision();
        int scale = value.scale();
        long adjusted = -(long) scale + (digits - 1);
        int sign = value.signum() < 0 ? 1 : 0;
        if (scale >= 0 && adjusted >= -6) { // plain: 123, 1.23, 0.00123
            int plain = scale == 0 ? digits : digits > scale ? digits + 1 : 2 + scale;
            return sign + plain;
        }
        // scientific: 1.23E+5, 1E-7
        return sign + digits + (digits > 1 ? 1 : 0) + 2 + decimalDigits(Math.abs(adjusted));
    }

    private static int decimalDigits(long value) {
        int digits = 1;
        while (value >= 10) {
            value /= 10;
            digits++;
        }
        return digits;
    }
}
