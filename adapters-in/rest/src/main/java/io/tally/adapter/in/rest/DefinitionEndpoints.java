package io.tally.adapter.in.rest;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tally.application.port.in.ManageDefinitionsUseCase;
import io.tally.domain.cohort.CohortDefinition;
import io.tally.domain.event.Validated;
import io.tally.domain.event.Violation;
import io.tally.domain.event.ViolationKind;
import io.tally.domain.kpi.Kpi;
import io.tally.domain.request.DefinitionRequests;
import io.tally.domain.request.Definitions;
import io.tally.domain.request.RequestContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /v1/kpis} and {@code /v1/cohorts}: list ({@code GET}), create ({@code POST}, 409 if the name is taken),
 * read ({@code GET /{name}}), create or replace ({@code PUT /{name}}), delete ({@code DELETE /{name}}).
 */
final class DefinitionEndpoints {

    private final ManageDefinitionsUseCase definitions;
    private final RestSettings settings;

    DefinitionEndpoints(ManageDefinitionsUseCase definitions, RestSettings settings) {
        this.definitions = definitions;
        this.settings = settings;
    }

    private String project(ServerRequest request) {
        return KeyFilter.project(request, settings);
    }

    // ---- KPIs ----

    void listKpis(ServerRequest request, ServerResponse response) {
        json(response, Status.OK_200, Map.of("kpis", definitions.kpis(project(request)).stream().map(DefinitionRequests::wire).toList()));
    }

    void getKpi(ServerRequest request, ServerResponse response) {
        String name = request.path().pathParameters().get("name");
        definitions.kpi(project(request), name).ifPresentOrElse(k -> json(response, Status.OK_200, DefinitionRequests.wire(k)),
                () -> notFound(response, "KPI", name));
    }

    void createKpi(ServerRequest request, ServerResponse response) {
        readKpi(request, response, null).ifPresent(kpi -> {
            if (definitions.kpi(project(request), kpi.name()).isPresent()) {
                conflict(response, "KPI", kpi.name());
                return;
            }
            definitions.save(project(request), kpi);
            response.header(HeaderNames.LOCATION, "/v1/kpis/" + kpi.name());
            json(response, Status.CREATED_201, DefinitionRequests.wire(kpi));
        });
    }

    void putKpi(ServerRequest request, ServerResponse response) {
        String name = request.path().pathParameters().get("name");
        readKpi(request, response, name).ifPresent(kpi -> {
            boolean replaced = definitions.save(project(request), kpi);
            json(response, replaced ? Status.OK_200 : Status.CREATED_201, DefinitionRequests.wire(kpi));
        });
    }

    void deleteKpi(ServerRequest request, ServerResponse response) {
        String name = request.path().pathParameters().get("name");
        if (definitions.deleteKpi(project(request), name)) {
            response.status(Status.NO_CONTENT_204).send();
        } else {
            notFound(response, "KPI", name);
        }
    }

    private Optional<Kpi> readKpi(ServerRequest request, ServerResponse response, String pathName) {
        return JsonBodies.read(request, response).flatMap(body -> {
            Object named = withName(body, pathName);
            return accept(response, "Invalid KPI", DefinitionRequests.kpi(named), pathName, named);
        });
    }

    // ---- cohorts ----

    void listCohorts(ServerRequest request, ServerResponse response) {
        json(response, Status.OK_200, Map.of("cohorts",
                definitions.cohorts(project(request)).stream().map(DefinitionRequests::wire).toList()));
    }

    void getCohort(ServerRequest request, ServerResponse response) {
        String name = request.path().pathParameters().get("name");
        definitions.cohort(project(request), name).ifPresentOrElse(c -> json(response, Status.OK_200, DefinitionRequests.wire(c)),
                () -> notFound(response, "cohort", name));
    }

    void createCohort(ServerRequest request, ServerResponse response) {
        readCohort(request, response, null).ifPresent(cohort -> {
            if (definitions.cohort(project(request), cohort.name()).isPresent()) {
                conflict(response, "cohort", cohort.name());
                return;
            }
            definitions.save(project(request), cohort);
            response.header(HeaderNames.LOCATION, "/v1/cohorts/" + cohort.name());
            json(response, Status.CREATED_201, DefinitionRequests.wire(cohort));
        });
    }

    void putCohort(ServerRequest request, ServerResponse response) {
        String name = request.path().pathParameters().get("name");
        readCohort(request, response, name).ifPresent(cohort -> {
            boolean replaced = definitions.save(project(request), cohort);
            json(response, replaced ? Status.OK_200 : Status.CREATED_201, DefinitionRequests.wire(cohort));
        });
    }

    void deleteCohort(ServerRequest request, ServerResponse response) {
        String name = request.path().pathParameters().get("name");
        if (definitions.deleteCohort(project(request), name)) {
            response.status(Status.NO_CONTENT_204).send();
        } else {
            notFound(response, "cohort", name);
        }
    }

    private Optional<CohortDefinition> readCohort(ServerRequest request, ServerResponse response, String pathName) {
        return JsonBodies.read(request, response).flatMap(body -> {
            Object named = withName(body, pathName);
            RequestContext context = new RequestContext(project(request), settings.clock().instant(), Definitions.NONE);
            return accept(response, "Invalid cohort", DefinitionRequests.cohort(named, context), pathName, named);
        });
    }

    // ---- shared ----

    /** On PUT the path names the definition; a body may repeat the name but not contradict it. */
    @SuppressWarnings("unchecked")
    private static Object withName(Object body, String pathName) {
        if (pathName == null || !(body instanceof Map<?, ?> map) || map.containsKey("name")) {
            return body;
        }
        Map<String, Object> named = new HashMap<>((Map<String, Object>) map);
        named.put("name", pathName);
        return named;
    }

    private static <T> Optional<T> accept(ServerResponse response, String title, Validated<T> parsed, String pathName, Object body) {
        if (pathName != null && body instanceof Map<?, ?> map && !pathName.equals(map.get("name"))) {
            Problems.invalid(response, title, List.of(new Violation("name", ViolationKind.MALFORMED,
                    "must match the name in the path")));
            return Optional.empty();
        }
        return switch (parsed) {
            case Validated.Valid<T> valid -> Optional.of(valid.value());
            case Validated.Invalid<T> invalid -> {
                Problems.invalid(response, title, invalid.violations());
                yield Optional.empty();
            }
        };
    }

    private static void json(ServerResponse response, Status status, Object body) {
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(Json.write(body));
    }

    private static void notFound(ServerResponse response, String what, String name) {
        Problems.send(response, Status.NOT_FOUND_404, "not-found", "Not found", "no " + what + " is named " + name);
    }

    private static void conflict(ServerResponse response, String what, String name) {
        Problems.send(response, Status.CONFLICT_409, "conflict", "Name taken",
                "a " + what + " named " + name + " exists; PUT to replace it");
    }
}
