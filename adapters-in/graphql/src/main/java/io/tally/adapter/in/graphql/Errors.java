package io.tally.adapter.in.graphql;

import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.schema.DataFetchingEnvironment;
import io.tally.domain.validation.Violation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GraphQL errors with an {@code extensions.code} a client can switch on: {@code BAD_USER_INPUT} (with {@code field}
 * and {@code kind}), {@code UNAUTHENTICATED}, {@code FORBIDDEN}, {@code RATE_LIMITED} (with
 * {@code retry_after_seconds}), {@code STORE_UNAVAILABLE}, {@code INTERNAL}; and for a request that cannot be run at
 * all, {@code BAD_REQUEST} (with {@code field}: the request parameter at fault) and
 * {@code OPERATION_RESOLUTION_FAILURE} (no operation, or several, match {@code operationName}).
 */
final class Errors {

    enum Code implements ErrorClassification {
        BAD_USER_INPUT, UNAUTHENTICATED, FORBIDDEN, RATE_LIMITED, STORE_UNAVAILABLE, INTERNAL, BAD_REQUEST,
        OPERATION_RESOLUTION_FAILURE
    }

    private Errors() {
    }

    static <T> DataFetcherResult<T> invalid(DataFetchingEnvironment env, String argument, List<Violation> violations) {
        DataFetcherResult.Builder<T> result = DataFetcherResult.newResult();
        for (Violation v : violations) {
            String field = Inputs.path(argument, v.field());
            Map<String, Object> extensions = new LinkedHashMap<>();
            extensions.put("code", Code.BAD_USER_INPUT.name());
            extensions.put("field", field);
            extensions.put("kind", v.kind().label());
            result.error(GraphqlErrorBuilder.newError(env).errorType(Code.BAD_USER_INPUT)
                    .message(field + ": " + v.message()).extensions(extensions).build());
        }
        return result.build();
    }

    static <T> DataFetcherResult<T> of(DataFetchingEnvironment env, Code code, String message, Map<String, Object> more) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", code.name());
        extensions.putAll(more);
        return DataFetcherResult.<T>newResult().error(GraphqlErrorBuilder.newError(env).errorType(code)
                .message(message).extensions(extensions).build()).build();
    }

    /** An error of the whole operation (no field reached), as the response's {@code errors} entry. */
    static Map<String, Object> operation(Code code, String message) {
        GraphQLError error = GraphqlErrorBuilder.newError().errorType(code).message(message)
                .extensions(Map.of("code", code.name())).build();
        return error.toSpecification();
    }

    /** A response of request errors only (no {@code data}: nothing ran), one per violation, naming its parameter. */
    static Map<String, Object> request(List<Violation> violations) {
        List<Object> errors = new ArrayList<>();
        for (Violation v : violations) {
            Map<String, Object> extensions = new LinkedHashMap<>();
            extensions.put("code", Code.BAD_REQUEST.name());
            extensions.put("field", v.field());
            extensions.put("kind", v.kind().label());
            errors.add(GraphqlErrorBuilder.newError().errorType(Code.BAD_REQUEST)
                    .message(v.field().isEmpty() ? v.message() : v.field() + ": " + v.message())
                    .extensions(extensions).build().toSpecification());
        }
        return Map.of("errors", errors);
    }

    /** A response of one error of the whole request (no {@code data}). */
    static Map<String, Object> request(Code code, String message) {
        return Map.of("errors", List.of(operation(code, message)));
    }

    /** The {@code extensions.code} of every error in a response. */
    static List<String> codes(Map<String, Object> response) {
        if (!(response.get("errors") instanceof List<?> errors)) {
            return List.of();
        }
        return errors.stream().map(e -> e instanceof Map<?, ?> error && error.get("extensions") instanceof Map<?, ?> ext
                ? String.valueOf(ext.get("code")) : "").toList();
    }
}
