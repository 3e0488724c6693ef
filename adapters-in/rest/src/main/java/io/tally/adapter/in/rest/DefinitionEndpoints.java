package io.tally.adapter.in.rest;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tally.application.port.in.ManageAlertsUseCase;
import io.tally.application.port.in.ManageDashboardsUseCase;
import io.tally.application.port.in.ManageDefinitionsUseCase;
import io.tally.application.port.in.ManageSchedulesUseCase;
import io.tally.domain.alert.AlertRule;
import io.tally.domain.cohort.CohortDefinition;
import io.tally.domain.dashboard.Dashboard;
import io.tally.domain.goal.Goal;
import io.tally.domain.query.Kpi;
import io.tally.domain.request.AlertRequests;
import io.tally.domain.request.DashboardRequests;
import io.tally.domain.request.DefinitionRequests;
import io.tally.domain.request.DeliveryRequests;
import io.tally.domain.request.RequestContext;
import io.tally.domain.request.ScheduleRequests;
import io.tally.domain.schedule.ReportSchedule;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@code /v1/kpis}, {@code /v1/cohorts}, {@code /v1/goals}, {@code /v1/dashboards}, {@code /v1/alerts} and
 * {@code /v1/schedules}: one set of handlers for each kind of saved definition: list
 * ({@code GET}), create ({@code POST}, 409 if the name is taken), read ({@code GET /{name}}), create or replace
 * ({@code PUT /{name}}), delete ({@code DELETE /{name}}); always within the request's project.
 */
final class DefinitionEndpoints<T> {

    /** What differs between kinds of definitions: their name, how they are stored, read and written. */
    private record Kind<T>(String what, String collection,
                           Function<String, List<T>> list,
                           BiFunction<String, String, Optional<T>> get,
                           BiFunction<String, T, Boolean> save,
                           BiFunction<String, String, Boolean> delete,
                           Function<T, String> name,
                           Function<T, Map<String, Object>> wire,
                           BiFunction<Object, RequestContext, Validated<T>> parse) {
    }

    private final Kind<T> kind;
    private final ManageDefinitionsUseCase definitions;
    private final RestSettings settings;

    private DefinitionEndpoints(Kind<T> kind, ManageDefinitionsUseCase definitions, RestSettings settings) {
        this.kind = kind;
        this.definitions = definitions;
        this.settings = settings;
    }

    static DefinitionEndpoints<Kpi> kpis(ManageDefinitionsUseCase definitions, RestSettings settings) {
        return new DefinitionEndpoints<>(new Kind<>("KPI", "kpis", definitions::kpis, definitions::kpi,
                definitions::save, definitions::deleteKpi, Kpi::name, DefinitionRequests::wire,
                (body, context) -> DefinitionRequests.kpi(body)), definitions, settings);
    }

    static DefinitionEndpoints<CohortDefinition> cohorts(ManageDefinitionsUseCase definitions, RestSettings settings) {
        return new DefinitionEndpoints<>(new Kind<>("cohort", "cohorts", definitions::cohorts, definitions::cohort,
                definitions::save, definitions::deleteCohort, CohortDefinition::name, DefinitionRequests::wire,
                DefinitionRequests::cohort), definitions, settings);
    }

    static DefinitionEndpoints<Goal> goals(ManageDefinitionsUseCase definitions, RestSettings settings) {
        return new DefinitionEndpoints<>(new Kind<>("goal", "goals", definitions::goals, definitions::goal,
                definitions::save, definitions::deleteGoal, Goal::name, DefinitionRequests::wire,
                DefinitionRequests::goal), definitions, settings);
    }

    static DefinitionEndpoints<Dashboard> dashboards(ManageDashboardsUseCase dashboards, ManageDefinitionsUseCase definitions,
                                                     RestSettings settings) {
        return new DefinitionEndpoints<>(new Kind<>("dashboard", "dashboards", dashboards::dashboards, dashboards::dashboard,
                dashboards::save, dashboards::delete, Dashboard::name, DashboardRequests::wire, DashboardRequests::parse),
                definitions, settings);
    }

    /** Webhook secrets are write-only: answers show their last 4 characters. */
    static DefinitionEndpoints<AlertRule> alerts(ManageAlertsUseCase alerts, ManageDefinitionsUseCase definitions,
                                                 RestSettings settings) {
        return new DefinitionEndpoints<>(new Kind<>("alert", "alerts", alerts::alerts, alerts::alert, alerts::save,
                alerts::delete, AlertRule::name, rule -> DeliveryRequests.withoutSecrets(AlertRequests.wire(rule), "notify"),
                AlertRequests::parse), definitions, settings);
    }

    static DefinitionEndpoints<ReportSchedule> schedules(ManageSchedulesUseCase schedules, ManageDefinitionsUseCase definitions,
                                                         RestSettings settings) {
        return new DefinitionEndpoints<>(new Kind<>("schedule", "schedules", schedules::schedules, schedules::schedule,
                schedules::save, schedules::delete, ReportSchedule::name,
                schedule -> DeliveryRequests.withoutSecrets(ScheduleRequests.wire(schedule), "deliver"), ScheduleRequests::parse),
                definitions, settings);
    }

    private String project(ServerRequest request) {
        return KeyFilter.project(request, settings);
    }

    void list(ServerRequest request, ServerResponse response) {
        json(response, Status.OK_200, Map.of(kind.collection(), kind.list().apply(project(request)).stream().map(kind.wire()).toList()));
    }

    void get(ServerRequest request, ServerResponse response) {
        String name = request.path().pathParameters().get("name");
        kind.get().apply(project(request), name).ifPresentOrElse(d -> json(response, Status.OK_200, kind.wire().apply(d)),
                () -> Problems.send(response, Status.NOT_FOUND_404, "not-found", "Not found", "no " + kind.what() + " is named " + name));
    }

    void create(ServerRequest request, ServerResponse response) {
        read(request, response, null).ifPresent(definition -> {
            String name = kind.name().apply(definition);
            if (kind.get().apply(project(request), name).isPresent()) {
                Problems.send(response, Status.CONFLICT_409, "conflict", "Name taken",
                        "a " + kind.what() + " named " + name + " exists; PUT to replace it");
                return;
            }
            kind.save().apply(project(request), definition);
            response.header(HeaderNames.LOCATION, "/v1/" + kind.collection() + "/" + name);
            json(response, Status.CREATED_201, kind.wire().apply(definition));
        });
    }

    void put(ServerRequest request, ServerResponse response) {
        read(request, response, request.path().pathParameters().get("name")).ifPresent(definition -> {
            boolean replaced = kind.save().apply(project(request), definition);
            json(response, replaced ? Status.OK_200 : Status.CREATED_201, kind.wire().apply(definition));
        });
    }

    void delete(ServerRequest request, ServerResponse response) {
        String name = request.path().pathParameters().get("name");
        if (kind.delete().apply(project(request), name)) {
            response.status(Status.NO_CONTENT_204).send();
        } else {
            Problems.send(response, Status.NOT_FOUND_404, "not-found", "Not found", "no " + kind.what() + " is named " + name);
        }
    }

    /** The body as a definition; on PUT the path names it, and a body may repeat the name but not contradict it. */
    private Optional<T> read(ServerRequest request, ServerResponse response, String pathName) {
        return JsonBodies.read(request, response).flatMap(body -> {
            Object named = withName(body, pathName);
            String title = "Invalid " + kind.what();
            if (pathName != null && named instanceof Map<?, ?> map && !pathName.equals(map.get("name"))) {
                Problems.invalid(response, title, List.of(new Violation("name", ViolationKind.MALFORMED,
                        "must match the name in the path")));
                return Optional.empty();
            }
            RequestContext context = new RequestContext(project(request), settings.clock().instant(),
                    definitions.definitions(project(request)));
            return switch (kind.parse().apply(named, context)) {
                case Validated.Valid<T> valid -> Optional.of(valid.value());
                case Validated.Invalid<T> invalid -> {
                    Problems.invalid(response, title, invalid.violations());
                    yield Optional.empty();
                }
            };
        });
    }

    @SuppressWarnings("unchecked")
    private static Object withName(Object body, String pathName) {
        if (pathName == null || !(body instanceof Map<?, ?> map) || map.containsKey("name")) {
            return body;
        }
        Map<String, Object> named = new HashMap<>((Map<String, Object>) map);
        named.put("name", pathName);
        return named;
    }

    private static void json(ServerResponse response, Status status, Object body) {
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(Json.write(body));
    }
}
