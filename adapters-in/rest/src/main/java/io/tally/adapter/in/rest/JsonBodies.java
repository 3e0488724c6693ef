package io.tally.adapter.in.rest;

import com.fasterxml.jackson.core.JacksonException;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Reads a small JSON request body (queries, definitions) as plain Java values, answering the problem itself if it cannot. */
final class JsonBodies {

    static final int MAX_BYTES = 256 * 1024;

    private JsonBodies() {
    }

    /** The body, or empty after a 413/415/400 has been sent. */
    static Optional<Object> read(ServerRequest request, ServerResponse response) {
        Optional<String> mediaType = request.headers().contentType().map(HttpMediaType::mediaType)
                .map(m -> m.type() + "/" + m.subtype());
        if (mediaType.isPresent() && !mediaType.get().equals("application/json")) {
            Problems.send(response, Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported-media-type", "Unsupported media type",
                    "send the query as application/json");
            return Optional.empty();
        }
        try (InputStream in = request.content().inputStream()) {
            byte[] body = in.readNBytes(MAX_BYTES + 1);
            if (body.length > MAX_BYTES) {
                Problems.send(response, Status.REQUEST_ENTITY_TOO_LARGE_413, "too-large", "Body too large",
                        "a query body has at most " + MAX_BYTES + " bytes");
                return Optional.empty();
            }
            if (body.length == 0) {
                Problems.send(response, Status.BAD_REQUEST_400, "invalid-request", "Empty body",
                        "send the query as a JSON object", java.util.Map.of("errors", java.util.List.of(
                                java.util.Map.of("field", "body", "reason", "missing", "message", "a JSON object is required"))));
                return Optional.empty();
            }
            return Optional.ofNullable(Json.plain(Json.MAPPER.readTree(body))).or(() -> Optional.of(java.util.Map.of()));
        } catch (JacksonException e) {
            Problems.send(response, Status.BAD_REQUEST_400, "invalid-request", "Malformed JSON",
                    "the body is not valid JSON: " + e.getOriginalMessage(), java.util.Map.of("errors", java.util.List.of(
                            java.util.Map.of("field", "body", "reason", "malformed", "message", "not valid JSON"))));
            return Optional.empty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
