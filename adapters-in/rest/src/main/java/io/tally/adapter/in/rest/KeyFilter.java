package io.tally.adapter.in.rest;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.tally.application.port.in.AccessUseCase;
import io.tally.application.port.in.IdentifyCallerUseCase;
import io.tally.domain.access.ApiKey;
import io.tally.domain.access.KeyKind;

import java.util.Optional;

/**
 * Every API request needs a key ({@code Authorization: Bearer tly_…} or {@code X-API-Key}) of a kind that allows the
 * route's scope (a column of the route table): 401 without a valid key, 403 with a key of the wrong kind, neither
 * revealing anything about other projects. The key's project becomes the request's project. A request no route takes
 * needs a valid key of any kind and is then refused by the routing. Health, metrics and the OpenAPI document stay open.
 */
final class KeyFilter implements Filter {

    private final AccessUseCase access;
    private final RouteTable routes;

    /** @param routes the REST routes with their scopes */
    KeyFilter(AccessUseCase access, RouteTable routes) {
        this.access = access;
        this.routes = routes;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String path = request.path().path();
        if (!path.startsWith("/v1/") && !path.startsWith("/analytics/")) {
            chain.proceed();
            return;
        }
        Optional<String> presented = IdentifyCallerUseCase.presented(request.headers().first(HeaderNames.AUTHORIZATION),
                request.headers().first(HeaderNames.create("X-API-Key")));
        Optional<ApiKey> key = presented.flatMap(access::authenticate);
        if (key.isEmpty()) {
            response.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
            Problems.send(response, Status.UNAUTHORIZED_401, "unauthorized", "A valid API key is required",
                    "send a key as Authorization: Bearer tly_… (or X-API-Key)");
            return;
        }
        Optional<KeyKind.Scope> scope = routes.scope(request.prologue().method(), request.prologue().uriPath());
        if (scope.isPresent() && !key.get().kind().allows(scope.get())) {
            Problems.send(response, Status.FORBIDDEN_403, "forbidden", "This key may not do that",
                    "a " + key.get().kind().label() + " key cannot " + switch (scope.get()) {
                        case INGEST -> "send events";
                        case QUERY -> "ask queries";
                        case ADMIN -> "administer the project";
                    });
            return;
        }
        request.context().register(key.get());
        chain.proceed();
    }

    /** Who is asking, for rate limits: the key's id, or the project when keys are not required. */
    static String caller(ServerRequest request, RestSettings settings) {
        return request.context().get(ApiKey.class).map(k -> "key:" + k.id()).orElse("project:" + settings.defaultProject());
    }

    /** The project of a request: its key's, or the configured one when keys are not required. */
    static String project(ServerRequest request, RestSettings settings) {
        return request.context().get(ApiKey.class).map(ApiKey::projectId).orElse(settings.defaultProject());
    }
}
