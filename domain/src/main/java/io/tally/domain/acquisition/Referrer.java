package io.tally.domain.acquisition;

import java.util.Locale;

/**
 * The host and path of a referrer as events carry it: a URL ({@code https://www.google.de/search?q=x}), an app
 * referrer ({@code android-app://com.google.android.gm/}) or a bare host ({@code news.ycombinator.com}). The host is
 * lower case, without a port, a trailing dot or a leading {@code www.}; the path starts at the first {@code /} and
 * stops before {@code ?} or {@code #}.
 */
public record Referrer(String host, String path) {

    /** The referrer of a text, or null when no host can be read from it (free text, a bare path); never throws. */
    public static Referrer parse(String text) {
        if (text == null) {
            return null;
        }
        String rest = text.strip();
        int scheme = rest.indexOf("://");
        if (scheme >= 0 && isScheme(rest.substring(0, scheme))) {
            rest = rest.substring(scheme + 3);
        } else if (rest.startsWith("//")) {
            rest = rest.substring(2);
        }
        int end = firstOf(rest, "/?#");
        String authority = rest.substring(0, end);
        int at = authority.lastIndexOf('@');
        String host = authority.substring(at + 1);
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            host = close < 0 ? "" : host.substring(0, close + 1); // an IPv6 address: its colons are not a port
        } else {
            int port = host.indexOf(':');
            if (port >= 0) {
                host = host.substring(0, port);
            }
        }
        host = host.toLowerCase(Locale.ROOT);
        while (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.startsWith("www.")) {
            host = host.substring(4);
        }
        if (!isHost(host)) {
            return null;
        }
        String path = rest.substring(end);
        int query = firstOf(path, "?#");
        return new Referrer(host, path.substring(0, query));
    }

    /** A URL scheme as RFC 3986 writes it ({@code https}, {@code android-app}); text before a {@code ://} in a path or query is none. */
    private static boolean isScheme(String text) {
        if (text.isEmpty() || !isAsciiLetter(text.charAt(0))) {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /** Dot-separated labels of letters, digits, {@code -} and {@code _}, or a bracketed IPv6 address: free text is no host. */
    private static boolean isHost(String host) {
        if (host.isEmpty()) {
            return false;
        }
        if (host.startsWith("[")) {
            return host.length() > 2 && host.endsWith("]")
                    && host.substring(1, host.length() - 1).chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        }
        for (String label : host.split("\\.", -1)) {
            if (label.isEmpty() || !label.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static int firstOf(String text, String stops) {
        for (int i = 0; i < text.length(); i++) {
            if (stops.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }
}
