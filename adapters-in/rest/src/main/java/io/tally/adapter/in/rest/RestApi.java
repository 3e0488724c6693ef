package io.tally.adapter.in.rest;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.http.encoding.ContentEncodingContext;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.tally.application.port.in.AccessUseCase;
import io.tally.application.port.in.AdmitRequestsUseCase;
import io.tally.application.port.in.AnswerAnalyticsUseCase;
import io.tally.application.port.in.AnswerDashboardsUseCase;
import io.tally.application.port.in.ExportEventsUseCase;
import io.tally.application.port.in.IngestEventsUseCase;
import io.tally.application.port.in.ManageAlertsUseCase;
import io.tally.application.port.in.ManageDashboardsUseCase;
import io.tally.application.port.in.ManageDefinitionsUseCase;
import io.tally.application.port.in.ManageSchedulesUseCase;
import io.tally.application.port.in.RenderReportsUseCase;
import io.tally.application.port.in.StoreUnavailableException;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static io.tally.domain.access.KeyKind.Scope.ADMIN;
import static io.tally.domain.access.KeyKind.Scope.INGEST;
import static io.tally.domain.access.KeyKind.Scope.QUERY;

/** The REST adapter's one public face: registers Tally's HTTP routes on a Helidon routing. */
public final class RestApi {

    private static final System.Logger LOG = System.getLogger(RestApi.class.getName());

    private RestApi() {
    }

    /**
     * The route table: each route's method, path, the key scope a caller needs for it (checked by {@link KeyFilter}
     * when keys are required) and its handler.
     */
    private static List<Route> routes(RestServices services, RestSettings settings) {
        EventsEndpoint events = new EventsEndpoint(services.ingest(), services.limits(), settings);
        ReportingServices reporting = services.reporting();
        QueryAnswers answers = new QueryAnswers(services.analytics(), reporting.reports(), settings);
        TimeseriesEndpoint series = new TimeseriesEndpoint(answers);
        QueryEndpoints queries = new QueryEndpoints(answers);
        DefinitionEndpoints<?> dashboards = DefinitionEndpoints.dashboards(reporting.dashboards(), services.definitions(), settings);
        DefinitionEndpoints<?> alerts = DefinitionEndpoints.alerts(reporting.alerts(), services.definitions(), settings);
        DefinitionEndpoints<?> schedules = DefinitionEndpoints.schedules(reporting.schedules(), services.definitions(), settings);
        StandingEndpoints standing = new StandingEndpoints(reporting.alerts(), reporting.schedules(), settings);
        DefinitionEndpoints<?> kpis = DefinitionEndpoints.kpis(services.definitions(), settings);
        DefinitionEndpoints<?> cohorts = DefinitionEndpoints.cohorts(services.definitions(), settings);
        DefinitionEndpoints<?> goals = DefinitionEndpoints.goals(services.definitions(), settings);
        AnnotationEndpoints annotations = new AnnotationEndpoints(services.definitions(), settings);
        KeyEndpoints keys = new KeyEndpoints(services.access(), settings);
        return List.of(
                new Route(Method.POST, "/v1/events", INGEST, events::post),
                new Route(Method.GET, "/v1/events/export", QUERY, new ExportEndpoint(services.export(), services.limits(), settings)::get),
                new Route(Method.GET, "/v1/timeseries", QUERY, series::get),
                new Route(Method.POST, "/v1/query", QUERY, queries::report),
                new Route(Method.POST, "/v1/funnels", QUERY, queries::funnel),
                new Route(Method.POST, "/v1/retention", QUERY, queries::retention),
                new Route(Method.POST, "/v1/paths", QUERY, queries::paths),
                new Route(Method.POST, "/v1/stickiness", QUERY, queries::stickiness),
                new Route(Method.POST, "/v1/lifecycle", QUERY, queries::lifecycle),
                new Route(Method.POST, "/v1/trends", QUERY, queries::trend),
                new Route(Method.POST, "/v1/conversions", QUERY, queries::conversions),
                new Route(Method.GET, "/analytics/custom-report", QUERY, queries::customReport),
                new Route(Method.GET, "/v1/kpis", QUERY, kpis::list),
                new Route(Method.POST, "/v1/kpis", ADMIN, kpis::create),
                new Route(Method.GET, "/v1/kpis/{name}", QUERY, kpis::get),
                new Route(Method.PUT, "/v1/kpis/{name}", ADMIN, kpis::put),
                new Route(Method.DELETE, "/v1/kpis/{name}", ADMIN, kpis::delete),
                new Route(Method.GET, "/v1/cohorts", QUERY, cohorts::list),
                new Route(Method.POST, "/v1/cohorts", ADMIN, cohorts::create),
                new Route(Method.GET, "/v1/cohorts/{name}", QUERY, cohorts::get),
                new Route(Method.PUT, "/v1/cohorts/{name}", ADMIN, cohorts::put),
                new Route(Method.DELETE, "/v1/cohorts/{name}", ADMIN, cohorts::delete),
                new Route(Method.GET, "/v1/goals", QUERY, goals::list),
                new Route(Method.POST, "/v1/goals", ADMIN, goals::create),
                new Route(Method.GET, "/v1/goals/{name}", QUERY, goals::get),
                new Route(Method.PUT, "/v1/goals/{name}", ADMIN, goals::put),
                new Route(Method.DELETE, "/v1/goals/{name}", ADMIN, goals::delete),
                new Route(Method.GET, "/v1/annotations", QUERY, annotations::list),
                new Route(Method.POST, "/v1/annotations", ADMIN, annotations::create),
                new Route(Method.GET, "/v1/annotations/{id}", QUERY, annotations::get),
                new Route(Method.PUT, "/v1/annotations/{id}", ADMIN, annotations::put),
                new Route(Method.DELETE, "/v1/annotations/{id}", ADMIN, annotations::delete),
                new Route(Method.GET, "/v1/dashboards", QUERY, dashboards::list),
                new Route(Method.POST, "/v1/dashboards", ADMIN, dashboards::create),
                new Route(Method.GET, "/v1/dashboards/{name}", QUERY, dashboards::get),
                new Route(Method.PUT, "/v1/dashboards/{name}", ADMIN, dashboards::put),
                new Route(Method.DELETE, "/v1/dashboards/{name}", ADMIN, dashboards::delete),
                new Route(Method.GET, "/v1/dashboards/{name}/answer", QUERY,
                        new DashboardEndpoint(reporting.answers(), services.limits(), settings)::answer),
                new Route(Method.GET, "/v1/alerts", QUERY, alerts::list),
                new Route(Method.POST, "/v1/alerts", ADMIN, alerts::create),
                new Route(Method.GET, "/v1/alerts/{name}", QUERY, alerts::get),
                new Route(Method.PUT, "/v1/alerts/{name}", ADMIN, alerts::put),
                new Route(Method.DELETE, "/v1/alerts/{name}", ADMIN, alerts::delete),
                new Route(Method.GET, "/v1/alerts/{name}/history", QUERY, standing::alertHistory),
                new Route(Method.GET, "/v1/schedules", QUERY, schedules::list),
                new Route(Method.POST, "/v1/schedules", ADMIN, schedules::create),
                new Route(Method.GET, "/v1/schedules/{name}", QUERY, schedules::get),
                new Route(Method.PUT, "/v1/schedules/{name}", ADMIN, schedules::put),
                new Route(Method.DELETE, "/v1/schedules/{name}", ADMIN, schedules::delete),
                new Route(Method.GET, "/v1/schedules/{name}/runs", QUERY, standing::scheduleRuns),
                new Route(Method.POST, "/v1/schedules/{name}/run", ADMIN, standing::runSchedule),
                new Route(Method.POST, "/v1/admin/dead-letters/replay", ADMIN, new DeadLetterEndpoint(services.deadLetters())::replay),
                new Route(Method.GET, "/v1/admin/dead-letters/store", ADMIN,
                        new StoreDeadLetterEndpoint(services.setAside(), settings)::list),
                new Route(Method.GET, "/v1/keys", ADMIN, keys::list),
                new Route(Method.POST, "/v1/keys", ADMIN, keys::create),
                new Route(Method.POST, "/v1/keys/{id}/rotate", ADMIN, keys::rotate),
                new Route(Method.DELETE, "/v1/keys/{id}", ADMIN, keys::revoke));
    }

    /**
     * Every route as {@code METHOD /path}; {@code META-INF/openapi.yaml} in this module describes each one, and a
     * test holds the two together.
     */
    public static List<String> routeKeys() {
        return listedRoutes().stream().map(Route::key).toList();
    }

    /** The route table's scopes, as the key filter reads them. */
    static RouteTable scopedRoutes() {
        return RouteTable.scoped(listedRoutes());
    }

    /** The routes, with stand-ins for the use cases, to list them. */
    private static List<Route> listedRoutes() {
        RestServices unused = new RestServices(unused(IngestEventsUseCase.class),
                unused(AnswerAnalyticsUseCase.class), unused(ManageDefinitionsUseCase.class), Optional.empty(),
                unused(AdmitRequestsUseCase.class), unused(AccessUseCase.class),
                unused(ExportEventsUseCase.class),
                new ReportingServices(unused(RenderReportsUseCase.class),
                        unused(ManageDashboardsUseCase.class),
                        unused(AnswerDashboardsUseCase.class),
                        unused(ManageAlertsUseCase.class),
                        unused(ManageSchedulesUseCase.class)));
        return routes(unused, new RestSettings("none", 0, Clock.systemUTC(), false));
    }

    /** A stand-in for a use case that only lists routes and is never called. */
    private static <T> T unused(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException("only listing routes");
                }));
    }

    /**
     * How the server's listener treats {@code Content-Encoding}: request bodies reach the routes as sent, which decode
     * gzip and refuse other encodings with a problem naming the header.
     */
    public static ContentEncodingContext contentEncodings() {
        return new BodyEncodings();
    }

    /**
     * Helidon's answers to requests it refuses before routing (an unreadable path, a body it cannot frame, …), as
     * problem bodies: register it on the listener for every {@link io.helidon.http.DirectHandler.EventType}.
     */
    public static DirectHandler transportProblems() {
        return new TransportProblems();
    }

    /**
     * Checks on every request's headers before Helidon frames its body ({@code Content-Length} digits only); a
     * refusal is answered by {@link #transportProblems()}. Add it to the HTTP/1 receive listeners.
     */
    public static Http1ConnectionListener requestHeaderChecks() {
        return new ContentLengthRule();
    }

    /**
     * Answers requests no route takes (404, 405 with {@code Allow}, 426 for a WebSocket path without an upgrade) with
     * problem bodies, before any key is checked; register it ahead of every adapter's filters.
     *
     * @param otherRoutes    {@code METHOD /path} of the HTTP routes other adapters register (GraphQL, …)
     * @param webSocketPaths the paths of the WebSocket endpoints
     * @param featureRoutes  {@code METHOD /path} of the routes Helidon's features serve ({@code /observe/…},
     *                       {@code /openapi}): another method on their paths is a 405 too, but requests under their
     *                       prefixes are left to the features' routing (which alone knows every path they serve)
     */
    public static void registerUnrouted(HttpRouting.Builder routing, List<String> otherRoutes, List<String> webSocketPaths,
                                        List<String> featureRoutes) {
        List<String> httpRoutes = new ArrayList<>(routeKeys());
        httpRoutes.addAll(otherRoutes);
        Set<String> prefixes = new HashSet<>();
        for (String path : Stream.concat(httpRoutes.stream().map(r -> r.substring(r.indexOf(' ') + 1)),
                webSocketPaths.stream()).toList()) {
            prefixes.add(path.substring(1).split("/", 2)[0]);
        }
        httpRoutes.addAll(featureRoutes);
        UnroutedRequests unrouted = new UnroutedRequests(RouteTable.of(httpRoutes, webSocketPaths), prefixes);
        routing.addFilter(unrouted).error(HttpException.class, unrouted::handle);
    }

    /** Registers every route and the error handlers on a Helidon routing. */
    public static void register(HttpRouting.Builder routing, RestServices services, RestSettings settings) {
        routing.addFilter(new EncodedBodyFilter());
        List<Route> routes = routes(services, settings);
        if (settings.keysRequired()) {
            routing.addFilter(new KeyFilter(services.access(), RouteTable.scoped(routes)));
        }
        for (Route route : routes) {
            routing.route(route.method(), route.path(), route.handler());
        }
        routing.error(DataReader.InsufficientDataAvailableException.class, (request, response, e) -> {
                    // the client closed the connection before its body was complete: nothing to log, likely no one to answer
                    response.header(HeaderValues.CONNECTION_CLOSE);
                    Problems.send(response, Status.BAD_REQUEST_400, "incomplete-body", "Incomplete body",
                            "the connection ended before the body did");
                })
                .error(StoreUnavailableException.class, (request, response, e) -> {
                    LOG.log(System.Logger.Level.WARNING, "store failure on " + request.path().path(), e);
                    // transient (the store is restarting, or this node is stopping): nothing was changed, retry
                    response.header(HeaderNames.RETRY_AFTER, "5");
                    Problems.send(response, Status.SERVICE_UNAVAILABLE_503, "store-unavailable", "Store unavailable",
                            "the event store did not answer; retry shortly");
                })
                .error(RuntimeException.class, (request, response, e) -> {
                    LOG.log(System.Logger.Level.ERROR, "unexpected failure on " + request.path().path(), e);
                    Problems.send(response, Status.INTERNAL_SERVER_ERROR_500, "internal", "Internal error",
                            "an unexpected error occurred; it has been logged");
                });
    }
}
