package io.tally.adapter.in.rest;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.tally.application.port.out.StoreException;

/** The REST adapter's one public face: registers Tally's HTTP routes on a Helidon routing. */
public final class RestApi {

    private static final System.Logger LOG = System.getLogger(RestApi.class.getName());

    private RestApi() {
    }

    /** Every route of the API; {@code openapi.yaml} in this module's resources describes each one. */
    public static void register(HttpRouting.Builder routing, RestServices services, RestSettings settings) {
        EventsEndpoint events = new EventsEndpoint(services.ingest(), settings);
        TimeseriesEndpoint series = new TimeseriesEndpoint(services.timeseries(), settings);
        QueryEndpoints queries = new QueryEndpoints(services.queries(), services.definitions(), settings);
        DefinitionEndpoints definitions = new DefinitionEndpoints(services.definitions(), settings);
        routing.post("/v1/events", events::post)
                .get("/v1/timeseries", series::get)
                .post("/v1/query", queries::report)
                .post("/v1/funnels", queries::funnel)
                .post("/v1/retention", queries::retention)
                .post("/v1/paths", queries::paths)
                .get("/analytics/custom-report", queries::customReport)
                .get("/v1/kpis", definitions::listKpis)
                .post("/v1/kpis", definitions::createKpi)
                .get("/v1/kpis/{name}", definitions::getKpi)
                .put("/v1/kpis/{name}", definitions::putKpi)
                .delete("/v1/kpis/{name}", definitions::deleteKpi)
                .get("/v1/cohorts", definitions::listCohorts)
                .post("/v1/cohorts", definitions::createCohort)
                .get("/v1/cohorts/{name}", definitions::getCohort)
                .put("/v1/cohorts/{name}", definitions::putCohort)
                .delete("/v1/cohorts/{name}", definitions::deleteCohort)
                .error(StoreException.class, (request, response, e) -> {
                    LOG.log(System.Logger.Level.WARNING, "store failure on " + request.path().path(), e);
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
