package io.tally.adapter.in.graphql;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import graphql.ExecutionResult;
import graphql.language.OperationDefinition;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tally.application.port.in.Caller;
import io.tally.domain.validation.Validated;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /graphql} and {@code GET /graphql} as the GraphQL over HTTP specification has them: the response type
 * negotiated from {@code Accept}; a request that is not well formed (not JSON, a batch, a parameter of the wrong type)
 * is a 400 naming the parameter; an operation that cannot be chosen is a request error; a GET never runs a mutation
 * (405, {@code Allow: POST}). The caller comes from {@link CallerFilter}, which binds it before this is reached.
 */
final class GraphQlHttp {

    static final ScopedValue<Caller> CALLER = ScopedValue.newInstance();
    /** Enough for any real document and its variables; a larger body is refused before it is parsed. */
    static final int MAX_BODY_BYTES = 256 * 1024;
    private static final ObjectReader BODY = Json.MAPPER.readerFor(Object.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Operations operations;
    private final String schema;

    GraphQlHttp(Operations operations, String schema) {
        this.operations = operations;
        this.schema = schema;
    }

    void schema(ServerRequest request, ServerResponse response) {
        response.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.send(schema);
    }

    void get(ServerRequest request, ServerResponse response) {
        Optional<ResponseType> type = negotiate(request, response);
        if (type.isEmpty()) {
            return;
        }
        Validated<GraphQlRequest> parsed = GraphQlRequest.fromParameters(
                name -> request.query().first(name).asOptional(), GraphQlHttp::json);
        run(parsed, true, type.get(), response);
    }

    void post(ServerRequest request, ServerResponse response) {
        Optional<ResponseType> type = negotiate(request, response);
        if (type.isEmpty()) {
            return;
        }
        Optional<String> refusedType = refusedContentType(request);
        if (refusedType.isPresent()) {
            send(response, Status.UNSUPPORTED_MEDIA_TYPE_415, ResponseType.JSON,
                    Errors.request(Errors.Code.BAD_REQUEST, refusedType.get()));
            return;
        }
        byte[] body;
        try (InputStream in = request.content().inputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (body.length > MAX_BODY_BYTES) {
            send(response, Status.REQUEST_ENTITY_TOO_LARGE_413, type.get(), Errors.request(Errors.Code.BAD_REQUEST,
                    "a GraphQL request has at most " + MAX_BODY_BYTES + " bytes"));
            return;
        }
        Object json;
        try {
            json = body.length == 0 ? null : BODY.readValue(body);
        } catch (JacksonException e) {
            send(response, Status.BAD_REQUEST_400, type.get(), Errors.request(Errors.Code.BAD_REQUEST,
                    "the body is not valid JSON: " + e.getOriginalMessage()));
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(GraphQlRequest.fromBody(json), false, type.get(), response);
    }

    private void run(Validated<GraphQlRequest> parsed, boolean overGet, ResponseType type, ServerResponse response) {
        if (parsed instanceof Validated.Invalid<GraphQlRequest> invalid) {
            send(response, Status.BAD_REQUEST_400, type, Errors.request(invalid.violations()));
            return;
        }
        GraphQlRequest request = ((Validated.Valid<GraphQlRequest>) parsed).value();
        switch (Operations.resolve(request.query(), request.operationName())) {
            case Operations.Resolution.Unresolved unresolved -> {
                respond(response, type, Errors.request(Errors.Code.OPERATION_RESOLUTION_FAILURE, unresolved.message()));
                return;
            }
            case Operations.Resolution.Resolved resolved when resolved.kind() == OperationDefinition.Operation.MUTATION
                    && overGet -> {
                response.header(HeaderNames.ALLOW, "POST");
                send(response, Status.METHOD_NOT_ALLOWED_405, type, Errors.request(Errors.Code.BAD_REQUEST,
                        "a mutation runs only over POST; GET runs queries"));
                return;
            }
            case Operations.Resolution.Resolved resolved when resolved.kind() == OperationDefinition.Operation.SUBSCRIPTION -> {
                respond(response, type, Errors.request(Errors.Code.BAD_REQUEST,
                        "subscriptions run over WebSocket (graphql-transport-ws) at " + GraphQlApi.WS_PATH));
                return;
            }
            default -> {
            }
        }
        if (!CALLER.isBound()) {
            send(response, Status.UNAUTHORIZED_401, type, Errors.request(Errors.Code.UNAUTHENTICATED,
                    "a valid API key is required"));
            return;
        }
        ExecutionResult result = operations.execute(CALLER.get(), request);
        respond(response, type, Operations.specification(result));
    }

    /** A GraphQL response, with the status its media type gives it. */
    private static void respond(ServerResponse response, ResponseType type, Map<String, Object> body) {
        send(response, Status.create(type.status(body)), type, body);
    }

    private static void send(ServerResponse response, Status status, ResponseType type, Map<String, Object> body) {
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, type.contentType());
        response.send(Json.write(body));
    }

    /** The response type, or empty after a 406 when the client accepts neither GraphQL type. */
    private static Optional<ResponseType> negotiate(ServerRequest request, ServerResponse response) {
        List<String> accept = request.headers().all(HeaderNames.ACCEPT, List::of);
        Optional<ResponseType> type = ResponseType.negotiate(accept.isEmpty() ? Optional.empty()
                : Optional.of(String.join(",", accept)));
        if (type.isEmpty()) {
            send(response, Status.NOT_ACCEPTABLE_406, ResponseType.JSON, Errors.request(Errors.Code.BAD_REQUEST,
                    "GraphQL answers application/graphql-response+json or application/json; accept one of them"));
        }
        return type;
    }

    /**
     * Why the body's type is refused, if it is: a POST is {@code application/json} in UTF-8. A missing type is refused
     * too, as the specification advises (form and text bodies are what a cross-site form can send).
     */
    private static Optional<String> refusedContentType(ServerRequest request) {
        Optional<HttpMediaType> type = request.headers().contentType();
        String wanted = "send the request as Content-Type: application/json";
        if (type.isEmpty()) {
            return Optional.of("the request has no Content-Type; " + wanted);
        }
        String media = (type.get().mediaType().type() + "/" + type.get().mediaType().subtype()).toLowerCase(Locale.ROOT);
        if (!media.equals("application/json")) {
            return Optional.of(media + " is not accepted; " + wanted);
        }
        Optional<String> charset = type.get().charset();
        if (charset.isPresent() && !charset.get().equalsIgnoreCase(StandardCharsets.UTF_8.name())) {
            return Optional.of("the charset " + charset.get() + " is not accepted; send UTF-8");
        }
        return Optional.empty();
    }

    /** URL-encoded JSON text (GET's variables and extensions) as plain values; empty when it is not JSON. */
    private static Optional<Object> json(String text) {
        try {
            return Optional.ofNullable(BODY.readValue(text));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
