package io.tally.domain.goal;

import io.tally.domain.query.FilterPattern;

import java.util.Objects;

/**
 * A page path with wildcards, as a page-visit goal names its pages: {@code *} stands for any characters but {@code /}
 * (within one path segment), {@code **} for any characters at all; everything else is itself. The whole path must
 * match: {@code /blog/*} matches {@code /blog/a} but neither {@code /blog} nor {@code /blog/a/b}; {@code /blog/**}
 * matches {@code /blog/a/b}; {@code /blog*} matches {@code /blog} and {@code /blog-news}.
 */
public record PagePattern(String text) {

    /** Characters as written; compiled, a pattern must also fit a {@code matches} filter (a {@code *} takes 5 there). */
    public static final int MAX_LENGTH = 100;

    public PagePattern {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty() || text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a page pattern has 1 to " + MAX_LENGTH + " characters");
        }
        if (text.contains("***")) {
            throw new IllegalArgumentException("a page pattern has * or **, not three in a row");
        }
        if (regex(text).length() > FilterPattern.MAX_LENGTH) {
            throw new IllegalArgumentException("too many wildcards and special characters: a * takes the room of 5 characters, "
                    + "a special character of 2, and the pattern may take " + FilterPattern.MAX_LENGTH);
        }
    }

    /**
     * The pattern as an anchored RE2 expression (what a {@code matches} filter runs in every engine): each character
     * that is not a wildcard escaped, so nothing the user wrote is read as regular-expression syntax.
     */
    public String regex() {
        String regex = regex(text);
        FilterPattern.of(regex); // refuses what a store would refuse
        return regex;
    }

    private static String regex(String text) {
        StringBuilder out = new StringBuilder("^");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                out.append(".*");
                i++;
            } else if (c == '*') {
                out.append("[^/]*");
            } else if ("\\.+?()|[]{}^$".indexOf(c) >= 0) {
                out.append('\\').append(c); // RE2's syntax characters, taken literally
            } else {
                out.append(c);
            }
        }
        return out.append('$').toString();
    }
}
