package io.tally.adapter.in.rest;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tally.application.port.in.ManageDefinitionsUseCase;
import io.tally.domain.annotation.Annotation;
import io.tally.domain.request.DefinitionRequests;
import io.tally.domain.validation.Validated;

import java.util.Map;
import java.util.Optional;

/**
 * {@code /v1/annotations}: list ({@code GET}, oldest first), create ({@code POST}: the server gives the new one its id),
 * read ({@code GET /{id}}), create or replace under an id ({@code PUT /{id}}), delete ({@code DELETE /{id}}); always
 * within the request's project. As with the named definitions, an id no annotation has is a 404 to read or delete, and a
 * malformed one a 400 naming {@code id} to write.
 */
final class AnnotationEndpoints {

    private final ManageDefinitionsUseCase definitions;
    private final RestSettings settings;

    AnnotationEndpoints(ManageDefinitionsUseCase definitions, RestSettings settings) {
        this.definitions = definitions;
        this.settings = settings;
    }

    private String project(ServerRequest request) {
        return KeyFilter.project(request, settings);
    }

    private static String id(ServerRequest request) {
        return request.path().pathParameters().get("id");
    }

    void list(ServerRequest request, ServerResponse response) {
        json(response, Status.OK_200, Map.of("annotations", definitions.annotations(project(request)).stream()
                .map(DefinitionRequests::wire).toList()));
    }

    void get(ServerRequest request, ServerResponse response) {
        String id = id(request);
        definitions.annotation(project(request), id).ifPresentOrElse(
                annotation -> json(response, Status.OK_200, DefinitionRequests.wire(annotation)),
                () -> notFound(response, id));
    }

    void create(ServerRequest request, ServerResponse response) {
        read(request, response, Annotation.newId()).ifPresent(annotation -> {
            definitions.save(project(request), annotation);
            response.header(HeaderNames.LOCATION, "/v1/annotations/" + annotation.id());
            json(response, Status.CREATED_201, DefinitionRequests.wire(annotation));
        });
    }

    void put(ServerRequest request, ServerResponse response) {
        read(request, response, id(request)).ifPresent(annotation -> {
            boolean replaced = definitions.save(project(request), annotation);
            json(response, replaced ? Status.OK_200 : Status.CREATED_201, DefinitionRequests.wire(annotation));
        });
    }

    void delete(ServerRequest request, ServerResponse response) {
        String id = id(request);
        if (definitions.deleteAnnotation(project(request), id)) {
            response.status(Status.NO_CONTENT_204).send();
        } else {
            notFound(response, id);
        }
    }

    /** The body as the annotation with this id; a body may repeat the id but not name another. */
    private static Optional<Annotation> read(ServerRequest request, ServerResponse response, String id) {
        return JsonBodies.read(request, response).flatMap(body -> switch (DefinitionRequests.annotation(body, id)) {
            case Validated.Valid<Annotation> valid -> Optional.of(valid.value());
            case Validated.Invalid<Annotation> invalid -> {
                Problems.invalid(response, "Invalid annotation", invalid.violations());
                yield Optional.empty();
            }
        });
    }

    private static void notFound(ServerResponse response, String id) {
        Problems.send(response, Status.NOT_FOUND_404, "not-found", "Not found", "no annotation has the id " + id);
    }

    private static void json(ServerResponse response, Status status, Object body) {
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(Json.write(body));
    }
}
