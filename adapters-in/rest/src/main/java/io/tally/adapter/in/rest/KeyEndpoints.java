package io.tally.adapter.in.rest;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tally.application.port.in.AccessUseCase;
import io.tally.domain.access.ApiKey;
import io.tally.domain.access.KeyKind;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /v1/keys} (admin keys only): create ({@code {"kind": "write|read|admin"}}, the key text shown once), list,
 * rotate, revoke, always within the calling key's project.
 */
final class KeyEndpoints {

    private final AccessUseCase access;
    private final RestSettings settings;

    KeyEndpoints(AccessUseCase access, RestSettings settings) {
        this.access = access;
        this.settings = settings;
    }

    void list(ServerRequest request, ServerResponse response) {
        json(response, Status.OK_200, Map.of("keys", access.keys(KeyFilter.project(request, settings)).stream()
                .map(KeyEndpoints::describe).toList()));
    }

    void create(ServerRequest request, ServerResponse response) {
        Optional<Object> body = JsonBodies.read(request, response);
        if (body.isEmpty()) {
            return;
        }
        Optional<KeyKind> kind = body.get() instanceof Map<?, ?> map && map.get("kind") instanceof String label
                ? KeyKind.fromLabel(label) : Optional.empty();
        if (kind.isEmpty()) {
            Problems.invalid(response, "Invalid key request", List.of(new Violation("kind", ViolationKind.MALFORMED,
                    "must be write, read or admin")));
            return;
        }
        issued(response, access.create(KeyFilter.project(request, settings), kind.get()));
    }

    void rotate(ServerRequest request, ServerResponse response) {
        access.rotate(KeyFilter.project(request, settings), request.path().pathParameters().get("id"))
                .ifPresentOrElse(issued -> issued(response, issued), () -> notFound(response));
    }

    void revoke(ServerRequest request, ServerResponse response) {
        if (access.revoke(KeyFilter.project(request, settings), request.path().pathParameters().get("id"))) {
            response.status(Status.NO_CONTENT_204).send();
        } else {
            notFound(response);
        }
    }

    private static void issued(ServerResponse response, ApiKey.Issued issued) {
        Map<String, Object> body = describe(issued.key());
        body.put("key", issued.text());
        json(response, Status.CREATED_201, body);
    }

    private static Map<String, Object> describe(ApiKey key) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", key.id());
        body.put("kind", key.kind().label());
        body.put("project", key.projectId());
        body.put("created_at", key.createdAt().toString());
        body.put("revoked", key.revoked());
        return body;
    }

    private static void notFound(ServerResponse response) {
        Problems.send(response, Status.NOT_FOUND_404, "not-found", "Not found", "this project has no live key with that id");
    }

    private static void json(ServerResponse response, Status status, Object body) {
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(Json.write(body));
    }
}
