package io.tally.adapter.in.graphql;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.tally.application.port.in.Caller;
import io.tally.application.port.in.IdentifyCallerUseCase;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Authenticates {@code /graphql} requests with the REST API's keys ({@code Authorization: Bearer tly_…} or
 * {@code X-API-Key}): without a valid key the answer is 401 with a GraphQL error body; with one, the caller is
 * bound for the operation. The published schema stays open, as {@code /openapi} does.
 */
final class CallerFilter implements Filter {

    private final IdentifyCallerUseCase callers;

    CallerFilter(IdentifyCallerUseCase callers) {
        this.callers = callers;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String path = request.path().path();
        if (!path.equals(GraphQlApi.PATH) && !path.equals(GraphQlApi.PATH + "/")) {
            chain.proceed();
            return;
        }
        Optional<String> presented = IdentifyCallerUseCase.presented(request.headers().first(HeaderNames.AUTHORIZATION),
                request.headers().first(HeaderNames.create("X-API-Key")));
        Optional<Caller> caller = callers.identify(presented);
        if (caller.isEmpty()) {
            response.status(Status.UNAUTHORIZED_401);
            response.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
            response.header(HeaderValues.CONTENT_TYPE_JSON);
            response.send(Json.write(Map.of("errors", List.of(Errors.operation(Errors.Code.UNAUTHENTICATED,
                    "a valid API key is required: send it as Authorization: Bearer tly_… (or X-API-Key)")))));
            return;
        }
        ScopedValue.where(GraphQlHttp.CALLER, caller.get()).run(chain::proceed);
    }
}
