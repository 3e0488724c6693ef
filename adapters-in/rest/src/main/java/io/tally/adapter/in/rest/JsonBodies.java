package io.tally.adapter.in.rest;

import com.fasterxml.jackson.core.JacksonException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tally.domain.event.InvalidUtf8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a small JSON request body (queries, definitions) as plain Java values, answering the problem itself if it cannot. */
final class JsonBodies {

    static final int MAX_BYTES = 256 * 1024;

    private JsonBodies() {
    }

    /** The body, or empty after a 413/415/400 has been sent. */
    static Optional<Object> read(ServerRequest request, ServerResponse response) {
        if (RequestBodies.mediaType(request, response, MediaType::isJson, "the body as application/json").isEmpty()) {
            return Optional.empty();
        }
        Optional<byte[]> read = RequestBodies.read(request, response, MAX_BYTES, () -> Problems.send(response,
                Status.REQUEST_ENTITY_TOO_LARGE_413, "too-large", "Body too large", "a query body has at most " + MAX_BYTES + " bytes"));
        if (read.isEmpty()) {
            return Optional.empty();
        }
        byte[] body = read.get();
        if (body.length == 0) {
            Problems.send(response, Status.BAD_REQUEST_400, "invalid-request", "Empty body",
                    "send the query as a JSON object", Map.of("errors", List.of(
                            Map.of("field", "body", "reason", "missing", "message", "a JSON object is required"))));
            return Optional.empty();
        }
        Optional<InvalidUtf8> invalid = InvalidUtf8.find(body, 0, body.length);
        if (invalid.isPresent()) {
            String field = invalid.get().field().isEmpty() ? "body" : invalid.get().field();
            Problems.send(response, Status.BAD_REQUEST_400, "invalid-request", "Body not UTF-8",
                    field + ": " + invalid.get().message(), Map.of("errors", List.of(
                            Map.of("field", field, "reason", "malformed", "message", invalid.get().message()))));
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(Json.readPlainValue(body)).or(() -> Optional.of(Map.of()));
        } catch (JacksonException e) {
            Problems.send(response, Status.BAD_REQUEST_400, "invalid-request", "Malformed JSON",
                    "the body is not valid JSON: " + e.getOriginalMessage(), Map.of("errors", List.of(
                            Map.of("field", "body", "reason", "malformed", "message", "not valid JSON"))));
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
