package io.tally.domain.event;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The first place where a JSON text stops being UTF-8, named as the validator names fields. It is looked for before
 * parsing because JSON readers either stop there with a message about something else ("Unexpected end-of-input in
 * field name") or decode the bytes into other text (an overlong {@code C0 80} into NUL, encoded surrogates into lone
 * surrogates), which would be stored as text the client never sent.
 *
 * @param offset  the first byte that is not UTF-8, counted from the start of the text read
 * @param line    its line in the text, from 1
 * @param column  its column in that line, in characters, from 1
 * @param element the index of the event when the text is an array of events
 * @param field   the field the bytes are in ({@code properties.plan.tier}); when they are in a name, the object holding it
 *                ({@code properties}; empty at the top level)
 * @param inName  whether the bytes are in a field name rather than a value
 * @param start   the valid characters before the bytes in the same name or value (at most 40)
 * @param bytes   the bytes from the offset, in hex (at most 4)
 */
public record InvalidUtf8(int offset, int line, int column, OptionalInt element, String field, boolean inName,
                          String start, String bytes) {

    /** The first ill-formed byte in {@code length} bytes from {@code from}, if there is one. */
    public static Optional<InvalidUtf8> find(byte[] text, int from, int length) {
        int bad = firstIllFormed(text, from, from + length);
        if (bad < 0) {
            return Optional.empty();
        }
        String prefix = new String(text, from, bad - from, StandardCharsets.UTF_8);
        String shown = HexFormat.ofDelimiter(" ").withPrefix("0x").withUpperCase()
                .formatHex(text, bad, Math.min(bad + 4, from + length));
        return Optional.of(Locator.locate(prefix, bad - from, shown));
    }

    /** The violation's message: what is wrong, and where. */
    public String message() {
        String where = bytes + " at byte offset " + offset + " (line " + line + ", column " + column + ")";
        return inName
                ? "has a field name that is not valid UTF-8: \"" + start + "\" then " + where
                : "is not valid UTF-8: " + where + (start.isEmpty() ? "" : " after \"" + start + "\"");
    }

    /**
     * The index of the first byte that does not begin a well-formed UTF-8 sequence (Unicode 15, table 3-7: no
     * overlong forms, no surrogates, nothing above U+10FFFF), or -1.
     */
    static int firstIllFormed(byte[] text, int from, int end) {
        int i = from;
        while (i < end) {
            int b = text[i] & 0xFF;
            if (b < 0x80) {
                i++;
                continue;
            }
            int more;
            int low = 0x80;
            int high = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                more = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                more = 2;
                low = b == 0xE0 ? 0xA0 : 0x80;
                high = b == 0xED ? 0x9F : 0xBF;
            } else if (b >= 0xF0 && b <= 0xF4) {
                more = 3;
                low = b == 0xF0 ? 0x90 : 0x80;
                high = b == 0xF4 ? 0x8F : 0xBF;
            } else {
                return i;
            }
            if (i + more >= end) { // cut short
                return i;
            }
            int second = text[i + 1] & 0xFF;
            if (second < low || second > high) {
                return i;
            }
            for (int k = 2; k <= more; k++) {
                int next = text[i + k] & 0xFF;
                if (next < 0x80 || next > 0xBF) {
                    return i;
                }
            }
            i += more + 1;
        }
        return -1;
    }

    /** Reads the JSON structure of the valid text before the bad bytes, enough to name where they are. */
    private static final class Locator {

        /** An object (with the name of the member being read) or an array (with the index of the element). */
        private static final class Frame {
            final boolean object;
            String name;
            boolean expectingName;
            int index = -1;
            boolean expectingElement;

            Frame(boolean object) {
                this.object = object;
                this.expectingName = object;
                this.expectingElement = !object;
            }
        }

        private final Deque<Frame> frames = new ArrayDeque<>();

        static InvalidUtf8 locate(String prefix, int offset, String bytes) {
            return new Locator().read(prefix, offset, bytes);
        }

        private InvalidUtf8 read(String prefix, int offset, String bytes) {
            int i = 0;
            while (i < prefix.length()) {
                char c = prefix.charAt(i);
                Frame top = frames.peek();
                switch (c) {
                    case '{', '[' -> {
                        valueStarts();
                        frames.push(new Frame(c == '{'));
                        i++;
                    }
                    case '}', ']' -> {
                        if (!frames.isEmpty()) {
                            frames.pop();
                        }
                        i++;
                    }
                    case ',' -> {
                        if (top != null) {
                            top.expectingName = top.object;
                            top.expectingElement = !top.object;
                        }
                        i++;
                    }
                    case ':' -> {
                        if (top != null) {
                            top.expectingName = false;
                        }
                        i++;
                    }
                    case '"' -> {
                        int close = closingQuote(prefix, i + 1);
                        boolean name = top != null && top.object && top.expectingName;
                        if (close < 0) { // the bad bytes are inside this string
                            return found(prefix, offset, bytes, name, prefix.substring(i + 1));
                        }
                        if (name) {
                            top.name = prefix.substring(i + 1, close);
                        } else {
                            valueStarts();
                        }
                        i = close + 1;
                    }
                    default -> {
                        if (!Character.isWhitespace(c)) {
                            valueStarts(); // a number or a literal
                        }
                        i++;
                    }
                }
            }
            return found(prefix, offset, bytes, false, "");
        }

        private void valueStarts() {
            Frame top = frames.peek();
            if (top != null && !top.object && top.expectingElement) {
                top.index++;
                top.expectingElement = false;
            }
        }

        /** The index of the quote that closes a string whose content starts at {@code from}, or -1. */
        private static int closingQuote(String text, int from) {
            for (int i = from; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    return i;
                }
            }
            return -1;
        }

        private InvalidUtf8 found(String prefix, int offset, String bytes, boolean inName, String start) {
            OptionalInt element = OptionalInt.empty();
            StringBuilder field = new StringBuilder();
            Iterator<Frame> outward = frames.descendingIterator();
            boolean root = true;
            while (outward.hasNext()) {
                Frame frame = outward.next();
                boolean innermost = !outward.hasNext();
                if (frame.object) {
                    if (!(innermost && inName) && frame.name != null) {
                        field.append(field.isEmpty() ? "" : ".").append(frame.name);
                    }
                } else if (root) {
                    element = OptionalInt.of(Math.max(frame.index, 0));
                } else {
                    field.append('[').append(Math.max(frame.index, 0)).append(']');
                }
                root = false;
            }
            int lineStart = prefix.lastIndexOf('\n') + 1;
            int line = (int) prefix.chars().filter(c -> c == '\n').count() + 1;
            String shownStart = start.length() > 40 ? "…" + start.substring(start.length() - 40) : start;
            return new InvalidUtf8(offset, line, prefix.length() - lineStart + 1, element, field.toString(), inName,
                    shownStart, bytes);
        }
    }
}
