package io.tally.bootstrap;

import java.util.regex.Pattern;

/**
 * The one masking rule of every log format: text shaped like an API key or an IP address is masked, whatever code
 * wrote it (a path such as {@code /zz/tly_…/x}, an exception message, a caller's request id).
 */
final class LogMask {

    private static final Pattern KEY = Pattern.compile("tly_[A-Za-z0-9_-]+");
    private static final Pattern IPV4 = Pattern.compile("(?<![\\d.])(?:\\d{1,3}\\.){3}\\d{1,3}(?![\\d.])");
    private static final Pattern IPV6 = Pattern.compile("(?<![\\w:.])(?:(?:[0-9A-Fa-f]{1,4}:){3,7}[0-9A-Fa-f]{1,4}"
            + "|(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,5})?)(?![\\w:])");

    private LogMask() {
    }

    static String masked(String text) {
        if (text == null) {
            return null;
        }
        String keysMasked = KEY.matcher(text).replaceAll("tly_***");
        return IPV6.matcher(IPV4.matcher(keysMasked).replaceAll("*.*.*.*")).replaceAll("*:*");
    }

    /** Whether the text holds nothing this rule would mask. */
    static boolean isClean(String text) {
        return masked(text).equals(text);
    }
}
