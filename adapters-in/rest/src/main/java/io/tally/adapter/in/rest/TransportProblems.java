package io.tally.adapter.in.rest;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.tally.domain.validation.ViolationKind;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Helidon's own answers to requests it refuses before any route runs (a request line or path it cannot read, a
 * header it cannot frame a body by, a body over the limit), written as problems like every other answer: Helidon
 * wrote them as {@code text/plain} ("Bad request, see server log"). A 4xx names what was refused in {@code errors}.
 */
final class TransportProblems implements DirectHandler {

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, Throwable thrown, System.Logger logger) {
        return answer(request, status, headers, thrown);
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        return answer(request, status, headers, null);
    }

    private static TransportResponse answer(TransportRequest request, Status status, ServerResponseHeaders headers,
                                            Throwable thrown) {
        byte[] body = status.code() >= 500
                ? Problems.body(status, status.code() == 500 ? "internal" : "http-" + status.code(), status.reasonPhrase(),
                "the web server could not answer the request", Map.of())
                : refused(status, Refusal.of(request, status, thrown));
        headers.set(HeaderNames.CONTENT_TYPE, Problems.MEDIA_TYPE);
        return TransportResponse.builder().status(status).headers(headers).entity(body).build();
    }

    private static byte[] refused(Status status, Refusal refusal) {
        return Problems.body(status, "http-" + status.code(), status.reasonPhrase(), refusal.field() + " " + refusal.message(),
                Map.of("errors", List.of(Map.of("field", refusal.field(), "reason", refusal.kind().label(),
                        "message", refusal.message()))));
    }

    /** What part of the request was refused, and why, in the words of a problem's {@code errors}. */
    record Refusal(String field, ViolationKind kind, String message) {

        private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

        static Refusal of(TransportRequest request, Status status, Throwable thrown) {
            for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
                if (cause instanceof RefusedHeader header) {
                    return new Refusal(header.header(), ViolationKind.MALFORMED, header.getMessage());
                }
            }
            if (request != null && BAD_ESCAPE.matcher(request.path()).find()) {
                return new Refusal("path", ViolationKind.MALFORMED,
                        "cannot be decoded: a % in a path starts an escape of two hexadecimal digits, such as %2F");
            }
            if (status.code() == Status.REQUEST_ENTITY_TOO_LARGE_413.code()) {
                return new Refusal("body", ViolationKind.TOO_LARGE, "is larger than the web server takes");
            }
            return new Refusal("request", ViolationKind.MALFORMED,
                    "was refused by the web server (" + status.code() + " " + status.reasonPhrase() + ")");
        }
    }
}
