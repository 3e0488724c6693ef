package io.tally.adapter.in.rest;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import io.tally.domain.validation.Violation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RFC 9457 problem bodies ({@code application/problem+json}); every client-fixable error names its fields. */
final class Problems {

    static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    static void send(ServerResponse response, Status status, String type, String title, String detail,
                     Map<String, Object> extensions) {
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, MEDIA_TYPE);
        response.send(body(status, type, title, detail, extensions));
    }

    /** The problem document itself, for answers written outside routing (Helidon's own refusals). */
    static byte[] body(Status status, String type, String title, String detail, Map<String, Object> extensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:tally:problem:" + type);
        body.put("title", title);
        body.put("status", status.code());
        body.put("detail", detail);
        body.putAll(extensions);
        return Json.write(body);
    }

    static void send(ServerResponse response, Status status, String type, String title, String detail) {
        send(response, status, type, title, detail, Map.of());
    }

    /** A 400 whose {@code errors} list every violation with its field. */
    static void invalid(ServerResponse response, String title, List<Violation> violations) {
        send(response, Status.BAD_REQUEST_400, "invalid-request", title,
                violations.size() + " problem(s) with the request; see errors",
                Map.of("errors", errors("", violations.stream().map(v -> v.field().isEmpty()
                        ? new Violation("body", v.kind(), v.message()) : v).toList())));
    }

    static List<Map<String, String>> errors(String prefix, List<Violation> violations) {
        List<Map<String, String>> errors = new ArrayList<>();
        for (Violation v : violations) {
            String field = v.field().isEmpty() ? prefix : (prefix.isEmpty() ? v.field() : prefix + "." + v.field());
            errors.add(Map.of("field", field, "reason", v.kind().label(), "message", v.message()));
        }
        return errors;
    }
}
