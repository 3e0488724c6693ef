package io.tally.adapter.in.rest;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;

import java.util.List;

/**
 * Refuses a request whose {@code Content-Length} is not one number of bytes in plain digits (RFC 9110:
 * {@code 1*DIGIT}), as soon as its headers are read and before Helidon frames its body: Helidon's own reading failed
 * on {@code abc} or {@code 1 2} with a 500 and a stack trace, took {@code +5} for 5 and {@code -1} for a chunked
 * body. The refusal is a 400 naming the header, and the connection is closed (its framing is unknown).
 */
final class ContentLengthRule implements Http1ConnectionListener {

    /** Digits only, at most 18 of them, so that the number always fits a long. */
    private static final int MAX_DIGITS = 18;

    @Override
    public void headers(ConnectionContext connection, Headers headers) {
        if (headers.contains(HeaderNames.CONTENT_LENGTH) && !valid(headers.get(HeaderNames.CONTENT_LENGTH).allValues())) {
            throw RequestException.builder()
                    .type(DirectHandler.EventType.BAD_REQUEST)
                    .status(Status.BAD_REQUEST_400)
                    .setKeepAlive(false)
                    .message("invalid Content-Length")
                    .cause(new RefusedHeader(HeaderNames.CONTENT_LENGTH.defaultCase(),
                            "must be one number of bytes written in digits only, such as 128"))
                    .build();
        }
    }

    static boolean valid(List<String> values) {
        if (values.size() != 1) {
            return false;
        }
        String value = values.getFirst();
        return !value.isEmpty() && value.length() <= MAX_DIGITS && value.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
