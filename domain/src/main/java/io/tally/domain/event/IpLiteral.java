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

    private static boolean isIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')
                    || !part.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
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
