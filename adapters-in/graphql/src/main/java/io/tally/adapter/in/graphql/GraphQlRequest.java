package io.tally.adapter.in.graphql;

import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One GraphQL-over-HTTP request (the GraphQL over HTTP specification's "well-formed request"): the document, the
 * name of the operation to run in it, and its variables. Anything else is refused with the parameter at fault
 * named, before a GraphQL engine sees it.
 */
record GraphQlRequest(String query, Optional<String> operationName, Map<String, Object> variables) {

    GraphQlRequest {
        operationName = operationName.filter(name -> !name.isEmpty()); // "" means none, as in the specification
        variables = variables == null ? Map.of() : variables;
    }

    /** A POST body (or a graphql-transport-ws payload): a JSON object, never a batch. */
    @SuppressWarnings("unchecked")
    static Validated<GraphQlRequest> fromBody(Object body) {
        if (body instanceof List<?>) {
            return invalid("", ViolationKind.UNSUPPORTED,
                    "batched requests (a JSON array) are not supported: send one operation per request, as a JSON object");
        }
        if (!(body instanceof Map<?, ?> map)) {
            return invalid("", ViolationKind.WRONG_TYPE, "the body must be a JSON object with a \"query\" string");
        }
        Map<String, Object> fields = (Map<String, Object>) map;
        List<Violation> violations = new ArrayList<>();
        String query = fields.get("query") instanceof String text ? text : null;
        if (fields.get("query") == null) {
            violations.add(new Violation("query", ViolationKind.MISSING, "the GraphQL document is required, as a string"));
        } else if (query == null) {
            violations.add(new Violation("query", ViolationKind.WRONG_TYPE, "must be a string holding the GraphQL document"));
        }
        Object name = fields.get("operationName");
        if (name != null && !(name instanceof String)) {
            violations.add(new Violation("operationName", ViolationKind.WRONG_TYPE, "must be a string or null"));
        }
        for (String objectField : List.of("variables", "extensions")) {
            Object value = fields.get(objectField);
            if (value != null && !(value instanceof Map<?, ?>)) {
                violations.add(new Violation(objectField, ViolationKind.WRONG_TYPE, "must be a JSON object or null"));
            }
        }
        if (!violations.isEmpty()) {
            return new Validated.Invalid<>(violations);
        }
        return new Validated.Valid<>(new GraphQlRequest(query, Optional.ofNullable((String) name),
                (Map<String, Object>) fields.get("variables")));
    }

    /**
     * The parameters of a GET request: {@code query}, {@code operationName}, and {@code variables} and
     * {@code extensions} as JSON text; {@code json} reads such text into plain values (empty when it is not JSON).
     */
    static Validated<GraphQlRequest> fromParameters(Function<String, Optional<String>> parameter,
                                                    Function<String, Optional<Object>> json) {
        List<Violation> violations = new ArrayList<>();
        Optional<String> query = parameter.apply("query");
        if (query.isEmpty()) {
            violations.add(new Violation("query", ViolationKind.MISSING, "the GraphQL document is required: ?query=…"));
        }
        Map<String, Object> decoded = new HashMap<>();
        for (String objectField : List.of("variables", "extensions")) {
            Optional<String> text = parameter.apply(objectField).filter(t -> !t.isBlank());
            if (text.isPresent()) {
                Optional<Object> value = json.apply(text.get());
                if (value.isEmpty() || !(value.get() instanceof Map<?, ?>)) {
                    violations.add(new Violation(objectField, ViolationKind.MALFORMED, "must be a JSON object, URL-encoded"));
                } else {
                    decoded.put(objectField, value.get());
                }
            }
        }
        if (!violations.isEmpty()) {
            return new Validated.Invalid<>(violations);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> variables = (Map<String, Object>) decoded.get("variables");
        return new Validated.Valid<>(new GraphQlRequest(query.get(), parameter.apply("operationName"), variables));
    }

    private static Validated<GraphQlRequest> invalid(String field, ViolationKind kind, String message) {
        return new Validated.Invalid<>(List.of(new Violation(field, kind, message)));
    }
}
