package io.tally.domain.event;

import java.net.Inet6Address;

/**
 * An IP address as text: a dotted-decimal IPv4 address or an IPv6 address, read without any name lookup. Legacy
 * IPv4 spellings ({@code 127.1}, {@code 0x7f.0.0.1}, {@code 010.0.0.1}) and IPv6 zones ({@code %eth0}) are refused:
 * they mean different addresses to different readers, and a client's address never has a zone.
 */
final class IpLiteral {

    private IpLiteral() {
    }

    static boolean isValid(String text) {
        return text.indexOf(':') >= 0 ? isIpv6(text) : isIpv4(text);
    }

    /** Four parts split by dots, each 0 to 255 in 1 to 3 ASCII digits without a leading zero; read in one pass. */
    private static boolean isIpv4(String text) {
        int parts = 0;
        int at = 0;
        while (true) {
            int start = at;
            int value = 0;
            while (at < text.length() && at - start < 4 && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
                value = value * 10 + (text.charAt(at) - '0');
                at++;
            }
            int digits = at - start;
            if (digits == 0 || digits > 3 || (digits > 1 && text.charAt(start) == '0') || value > 255) {
                return false;
            }
            parts++;
            if (at == text.length()) {
                return parts == 4;
            }
            if (parts == 4 || text.charAt(at) != '.') {
                return false;
            }
            at++;
        }
    }

    private static boolean isIpv6(String text) {
        if (!text.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
            return false;
        }
        int lastColon = text.lastIndexOf(':');
        if (text.indexOf('.') >= 0 && !isIpv4(text.substring(lastColon + 1))) {
            return false; // an embedded IPv4 tail is held to the same dotted-decimal rule
        }
        try {
            Inet6Address.ofLiteral(text); // a literal parser: never a DNS lookup
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
