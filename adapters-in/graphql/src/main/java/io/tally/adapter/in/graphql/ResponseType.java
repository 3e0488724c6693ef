package io.tally.adapter.in.graphql;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The two media types a GraphQL response is written in, and the status each gives an outcome (GraphQL over HTTP,
 * "Status Codes"): with {@code application/graphql-response+json} a response without {@code data} (a request that
 * could not be run) is a 4xx; with the legacy {@code application/json} every well-formed request is answered 200.
 */
enum ResponseType {
    GRAPHQL_RESPONSE_JSON("application/graphql-response+json"),
    JSON("application/json");

    private final String mediaType;

    ResponseType(String mediaType) {
        this.mediaType = mediaType;
    }

    String contentType() {
        return mediaType + "; charset=utf-8";
    }

    /**
     * The type to answer in, from the {@code Accept} header: the supported type of highest quality (on a tie the
     * first listed; {@code *}{@code /*} and {@code application/*} mean JSON, as most clients expect). Without the
     * header, {@code application/graphql-response+json}, as the specification asks of servers since 2025. Empty when
     * the client accepts neither (406).
     */
    static Optional<ResponseType> negotiate(Optional<String> accept) {
        if (accept.isEmpty() || accept.get().isBlank()) {
            return Optional.of(GRAPHQL_RESPONSE_JSON);
        }
        ResponseType best = null;
        double bestQuality = 0;
        for (String range : accept.get().split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            ResponseType candidate = switch (type) {
                case "application/graphql-response+json" -> GRAPHQL_RESPONSE_JSON;
                case "application/json", "application/*", "*/*" -> JSON;
                default -> null;
            };
            double quality = quality(parts);
            if (candidate != null && quality > bestQuality) {
                best = candidate;
                bestQuality = quality;
            }
        }
        return Optional.ofNullable(best);
    }

    private static double quality(String[] parameters) {
        for (int i = 1; i < parameters.length; i++) {
            String[] pair = parameters[i].split("=", 2);
            if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("q")) {
                try {
                    double q = Double.parseDouble(pair[1].strip());
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    /**
     * The status of an answered request: 200 whenever {@code data} is there (field errors are a partial answer);
     * without it, with this type, 400 for a request that could not be run and 500 for a fault of Tally's.
     */
    int status(Map<String, Object> response) {
        if (this == JSON || response.containsKey("data")) {
            return 200;
        }
        return Errors.codes(response).contains(Errors.Code.INTERNAL.name()) ? 500 : 400;
    }
}
