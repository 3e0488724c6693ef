package io.tally.domain.event;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.format.DateTimeParseException;

/**
 * An ISO-8601 date-time with an offset, read exactly as {@link OffsetDateTime#parse} reads it. The form clients send
 * ({@code 2026-11-28T10:15:30Z}, {@code 2026-11-28T10:15:30.123+01:00}) is read by hand: the formatter's general
 * parser was the largest single cost of validating an event. Any other spelling, and any field out of its range,
 * goes to the formatter, so what is accepted and what is refused are its decisions.
 */
final class OffsetTimestamp {

    private static final int SECONDS_PER_DAY = 86_400;
    private static final int MAX_OFFSET_HOURS = 18;
    private static final int[] NANOS_SCALE = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private OffsetTimestamp() {
    }

    /** The instant the text names. */
    static Instant parse(String text) throws DateTimeParseException {
        Instant common = commonForm(text);
        return common != null ? common : OffsetDateTime.parse(text).toInstant();
    }

    /**
     * The instant of {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:mm)} with every field in range, or null for any other
     * text (which the formatter then reads or refuses).
     */
    static Instant commonForm(String text) {
        int length = text.length();
        if (length < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int at = 19;
        int nanos = 0;
        if (text.charAt(at) == '.') {
            int from = ++at;
            while (at < length && at - from < 10 && isDigit(text.charAt(at))) {
                at++;
            }
            int fractionDigits = at - from;
            if (fractionDigits < 1 || fractionDigits > 9) {
                return null;
            }
            nanos = digits(text, from, fractionDigits) * NANOS_SCALE[fractionDigits];
        }
        int offsetSeconds = offsetSeconds(text, at);
        if (offsetSeconds == Integer.MIN_VALUE) {
            return null;
        }
        long epochSecond = LocalDate.of(year, month, day).toEpochDay() * SECONDS_PER_DAY
                + hour * 3_600 + minute * 60 + second - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /** The offset from {@code at} to the end ({@code Z} or {@code ±HH:mm}), or {@link Integer#MIN_VALUE} if it is none. */
    private static int offsetSeconds(String text, int at) {
        int rest = text.length() - at;
        if (rest == 1 && text.charAt(at) == 'Z') {
            return 0;
        }
        if (rest != 6 || text.charAt(at + 3) != ':') {
            return Integer.MIN_VALUE;
        }
        char sign = text.charAt(at);
        int hours = digits(text, at + 1, 2);
        int minutes = digits(text, at + 4, 2);
        if ((sign != '+' && sign != '-') || hours < 0 || minutes < 0 || minutes > 59 || hours > MAX_OFFSET_HOURS
                || (hours == MAX_OFFSET_HOURS && minutes > 0)) {
            return Integer.MIN_VALUE;
        }
        int seconds = hours * 3_600 + minutes * 60;
        return sign == '-' ? -seconds : seconds;
    }

    /** The number the ASCII digits from {@code from} spell, or -1 if one is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
