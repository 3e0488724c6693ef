package io.tally.adapter.in.rest;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Answers a request no route takes with a problem: 404 for an unknown path, 405 with {@code Allow} for a known path
 * asked with another method, 426 for a WebSocket endpoint asked without an upgrade. As a filter it runs before any
 * key is checked, for the paths under Tally's own prefixes ({@code /v1}, {@code /analytics}, {@code /graphql}): the
 * routes are public (the OpenAPI document lists them), so the answer tells a caller its real mistake and reveals
 * nothing, and no handler ever runs for such a request. As the error handler of Helidon's {@link HttpException}s it
 * answers the rest ({@code GET /nonexistent}) the same way, without a stack trace.
 */
final class UnroutedRequests implements Filter {

    private static final System.Logger LOG = System.getLogger(UnroutedRequests.class.getName());

    private final RouteTable routes;
    private final Set<String> prefixes;

    /** @param prefixes the first path segments whose requests this filter decides ({@code v1}, {@code graphql}, …) */
    UnroutedRequests(RouteTable routes, Set<String> prefixes) {
        this.routes = routes;
        this.prefixes = Set.copyOf(prefixes);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String path = request.path().path();
        String first = path.length() <= 1 ? "" : path.substring(1).split("/", 2)[0];
        // OPTIONS goes on to routing: a CORS preflight is answered there (and anything else by the error handler)
        if (!prefixes.contains(first) || request.prologue().method().equals(Method.OPTIONS) || !answered(request, response)) {
            chain.proceed();
        }
    }

    /** Helidon's own refusals (no route matched, a bad request line): their status, as a problem. */
    void handle(ServerRequest request, ServerResponse response, HttpException e) {
        if (e.status().equals(Status.NOT_FOUND_404) && answered(request, response)) {
            return;
        }
        if (e.status().code() >= 500) {
            LOG.log(System.Logger.Level.ERROR, "the web server failed a request", e);
        }
        e.headers().forEach(response::header);
        Problems.send(response, e.status(), e.status().code() >= 500 ? "internal" : "http-" + e.status().code(),
                e.status().reasonPhrase(), e.status().code() >= 500 ? "an unexpected error occurred; it has been logged"
                        : "the request was refused by the web server (" + e.status().code() + ")");
    }

    /** Answers the request when no route takes it; false when one does. */
    private boolean answered(ServerRequest request, ServerResponse response) {
        switch (routes.verdict(request.prologue().method(), request.prologue().uriPath())) {
            case RouteTable.Verdict.Routed routed -> {
                return false;
            }
            case RouteTable.Verdict.UnknownPath unknown -> Problems.send(response, Status.NOT_FOUND_404, "not-found",
                    "No such route", "no route has this path; the routes are listed at /openapi");
            case RouteTable.Verdict.WrongMethod wrong -> {
                String allow = wrong.allowed().stream().collect(Collectors.joining(", "));
                response.header(HeaderNames.ALLOW, allow);
                Problems.send(response, Status.METHOD_NOT_ALLOWED_405, "method-not-allowed", "Method not allowed",
                        "this path takes " + allow);
            }
            case RouteTable.Verdict.NeedsUpgrade upgrade -> {
                response.header(HeaderNames.UPGRADE, "websocket");
                Problems.send(response, Status.create(426, "Upgrade Required"), "upgrade-required", "WebSocket only",
                        "this path is a WebSocket endpoint: connect with Upgrade: websocket");
            }
        }
        return true;
    }
}
