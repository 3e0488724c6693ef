package io.tally.domain.event;

import java.util.Optional;

/**
 * Text every store keeps as sent. A Java string may hold a lone UTF-16 surrogate (JSON's {@code "\ud800"} decodes to
 * one), which UTF-8 cannot carry: the stores would write {@code ?} instead, so {@code "sur-\ud800"} and
 * {@code "sur-?"} would become one event. NUL is valid Unicode and both stores keep it, so it is text like any other.
 */
public final class UnicodeText {

    private UnicodeText() {
    }

    /** Why the text is not valid Unicode, or empty when it is. */
    public static Optional<String> problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(String.format("is not valid Unicode: a lone surrogate \\u%04X at character %d "
                        + "(a \\uD83D\\uDE00 escape must come as a pair)", (int) c, i + 1));
            }
        }
        return Optional.empty();
    }
}
