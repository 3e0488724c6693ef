package io.tally.adapter.in.rest;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link BodyEncodings} hands every body to its route as received; the REST routes decode gzip themselves
 * ({@link RequestBodies}), the others (GraphQL) read bodies as they come, so an encoded body is refused before them.
 */
final class EncodedBodyFilter implements Filter {

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String path = request.path().path();
        String encoding = request.headers().first(HeaderNames.CONTENT_ENCODING)
                .map(value -> value.trim().toLowerCase(Locale.ROOT)).orElse("");
        if (encoding.isEmpty() || encoding.equals("identity") || path.startsWith("/v1/") || path.startsWith("/analytics/")) {
            chain.proceed();
            return;
        }
        String message = "this route takes bodies uncompressed (only /v1 routes take gzip)";
        Problems.send(response, Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported-content-encoding",
                "Content-Encoding not taken", message, Map.of("errors", List.of(
                        Map.of("field", "Content-Encoding", "reason", "unsupported", "message", message))));
    }
}
