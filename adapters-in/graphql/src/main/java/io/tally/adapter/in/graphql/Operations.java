package io.tally.adapter.in.graphql;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import io.tally.application.port.in.Caller;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one GraphQL operation for a caller, with the depth and complexity limits applied before anything is
 * fetched. Every outcome is a GraphQL result; nothing escapes as an exception.
 */
final class Operations {

    private static final System.Logger LOG = System.getLogger(Operations.class.getName());

    private final GraphQL graphQl;

    Operations(GraphQLSchema schema, GraphQlSettings settings) {
        this.graphQl = GraphQL.newGraphQL(schema)
                .instrumentation(new ChainedInstrumentation(List.of(
                        new MaxQueryDepthInstrumentation(settings.maxDepth()),
                        new MaxQueryComplexityInstrumentation(settings.maxComplexity()))))
                .build();
    }

    /**
     * A result as the GraphQL response map, each error with an {@code extensions.code}: the fetchers' own, or one
     * named after graphql-java's classification ({@code GRAPHQL_PARSE_FAILED}, {@code GRAPHQL_VALIDATION_FAILED},
     * {@code LIMIT_EXCEEDED} for depth and complexity).
     */
    static Map<String, Object> specification(ExecutionResult result) {
        Map<String, Object> spec = new LinkedHashMap<>(result.toSpecification());
        if (spec.get("errors") instanceof List<?> errors) {
            List<Object> coded = new ArrayList<>();
            for (Object e : errors) {
                @SuppressWarnings("unchecked")
                Map<String, Object> error = new LinkedHashMap<>((Map<String, Object>) e);
                @SuppressWarnings("unchecked")
                Map<String, Object> extensions = new LinkedHashMap<>(
                        error.get("extensions") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of());
                Object classification = extensions.remove("classification");
                extensions.putIfAbsent("code", switch (String.valueOf(classification)) {
                    case "InvalidSyntax" -> "GRAPHQL_PARSE_FAILED";
                    case "ValidationError" -> "GRAPHQL_VALIDATION_FAILED";
                    case "ExecutionAborted" -> "LIMIT_EXCEEDED";
                    default -> "INTERNAL";
                });
                error.put("extensions", extensions);
                coded.add(error);
            }
            spec.put("errors", coded);
        }
        return spec;
    }

    /** Which operation of a document would run: its kind, or why none can be chosen. */
    sealed interface Resolution {
        record Resolved(OperationDefinition.Operation kind) implements Resolution {
        }

        record Unresolved(String message) implements Resolution {
        }

        /** The document does not parse; running it reports where. */
        record Unparsed() implements Resolution {
        }
    }

    /**
     * The operation {@code operationName} picks (the only one when no name is given), as GraphQL's GetOperation()
     * does; decided before anything runs, so that a GET never runs a mutation and an ambiguous document is a request
     * error rather than a failure.
     */
    static Resolution resolve(String query, Optional<String> operationName) {
        Document document;
        try {
            document = Parser.parse(query);
        } catch (RuntimeException e) { // graphql-java's syntax and token-limit errors
            return new Resolution.Unparsed();
        }
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        if (operationName.isPresent()) {
            return operations.stream().filter(o -> operationName.get().equals(o.getName())).findFirst()
                    .<Resolution>map(o -> new Resolution.Resolved(o.getOperation()))
                    .orElseGet(() -> new Resolution.Unresolved("the document has no operation named \"" + operationName.get()
                            + "\"; operationName is one of " + operations.stream().map(OperationDefinition::getName)
                            .filter(n -> n != null).limit(20).toList()));
        }
        return switch (operations.size()) {
            case 0 -> new Resolution.Unresolved("the document holds no operation (query, mutation or subscription)");
            case 1 -> new Resolution.Resolved(operations.getFirst().getOperation());
            default -> new Resolution.Unresolved("the document holds " + operations.size()
                    + " operations: name the one to run with operationName");
        };
    }

    ExecutionResult execute(Caller caller, GraphQlRequest request) {
        return execute(caller, request.query(), request.operationName().orElse(null), request.variables());
    }

    /** The result: for a subscription, {@code getData()} is a publisher of results. */
    ExecutionResult execute(Caller caller, String query, String operationName, Map<String, Object> variables) {
        ExecutionInput input = ExecutionInput.newExecutionInput()
                .query(query == null ? "" : query)
                .operationName(operationName)
                .variables(variables == null ? Map.of() : variables)
                .graphQLContext(Map.of(Caller.class, caller))
                .build();
        try {
            return graphQl.execute(input);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "a GraphQL operation failed unexpectedly", e);
            return ExecutionResult.newExecutionResult()
                    .addError(graphql.GraphqlErrorBuilder.newError().errorType(Errors.Code.INTERNAL)
                            .message("an unexpected error occurred; it has been logged")
                            .extensions(Map.of("code", Errors.Code.INTERNAL.name())).build())
                    .build();
        }
    }
}
