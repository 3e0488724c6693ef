package io.tally.adapter.in.graphql;

import io.helidon.graphql.server.InvocationHandler;
import io.tally.application.port.in.Caller;

import java.util.Map;
import java.util.Set;

/**
 * Helidon's GraphQL service runs operations through this handler; the caller comes from {@link CallerFilter}, which
 * binds it for the request's thread before the service is reached.
 */
final class GraphQlHttp implements InvocationHandler {

    static final ScopedValue<Caller> CALLER = ScopedValue.newInstance();

    private final Operations operations;
    private final String schema;

    GraphQlHttp(Operations operations, String schema) {
        this.operations = operations;
        this.schema = schema;
    }

    @Override
    public Map<String, Object> execute(String query, String operationName, Map<String, Object> variables) {
        if (!CALLER.isBound()) {
            return Map.of("errors", java.util.List.of(Errors.operation(Errors.Code.UNAUTHENTICATED, "a valid API key is required")));
        }
        var result = operations.execute(CALLER.get(), query, operationName, variables);
        if (result.getData() instanceof org.reactivestreams.Publisher<?>) {
            return Map.of("errors", java.util.List.of(Errors.operation(Errors.Code.BAD_USER_INPUT,
                    "subscriptions run over WebSocket (graphql-transport-ws) at /graphql/ws")));
        }
        return Operations.specification(result);
    }

    @Override
    public String schemaString() {
        return schema;
    }

    @Override
    public String defaultErrorMessage() {
        return "an unexpected error occurred; it has been logged";
    }

    @Override
    public Set<String> blacklistedExceptions() {
        return Set.of();
    }

    @Override
    public Set<String> whitelistedExceptions() {
        return Set.of();
    }
}
