package io.tally.adapter.in.rest;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.tally.application.port.in.AccessUseCase;
import io.tally.application.service.Callers;
import io.tally.domain.access.ApiKey;
import io.tally.domain.access.KeyKind;

import java.util.Optional;

/**
 * Every API request needs a key ({@code Authorization: Bearer tly_…} or {@code X-API-Key}) of a kind that allows the
 * route: 401 without a valid key, 403 with a key of the wrong kind, neither revealing anything about other projects.
 * The key's project becomes the request's project. Health, metrics and the OpenAPI document stay open.
 */
final class KeyFilter implements Filter {

    private final AccessUseCase access;

    KeyFilter(AccessUseCase access) {
        this.access = access;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String path = request.path().path();
        if (!path.startsWith("/v1/") && !path.startsWith("/analytics/")) {
            chain.proceed();
            return;
        }
        Optional<String> presented = Callers.presented(request.headers().first(HeaderNames.AUTHORIZATION),
                request.headers().first(HeaderNames.create("X-API-Key")));
        Optional<ApiKey> key = presented.flatMap(access::authenticate);
        if (key.isEmpty()) {
            response.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
            Problems.send(response, Status.UNAUTHORIZED_401, "unauthorized", "A valid API key is required",
                    "send a key as Authorization: Bearer tly_… (or X-API-Key)");
            return;
        }
        KeyKind.Scope scope = scope(request.prologue().method(), path);
        if (!key.get().kind().allows(scope)) {
            Problems.send(response, Status.FORBIDDEN_403, "forbidden", "This key may not do that",
                    "a " + key.get().kind().label() + " key cannot " + switch (scope) {
                        case INGEST -> "send events";
                        case QUERY -> "ask queries";
                        case ADMIN -> "administer the project";
                    });
            return;
        }
        request.context().register(key.get());
        chain.proceed();
    }

    static KeyKind.Scope scope(Method method, String path) {
        if (path.equals("/v1/events")) {
            return KeyKind.Scope.INGEST;
        }
        if (path.startsWith("/v1/keys") || path.startsWith("/v1/admin/")) {
            return KeyKind.Scope.ADMIN;
        }
        boolean definitions = path.startsWith("/v1/kpis") || path.startsWith("/v1/cohorts") || path.startsWith("/v1/dashboards")
                || path.startsWith("/v1/alerts") || path.startsWith("/v1/schedules");
        return definitions && !method.equals(Method.GET) ? KeyKind.Scope.ADMIN : KeyKind.Scope.QUERY;
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
