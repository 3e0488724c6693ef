package io.tally.adapter.in.rest;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.tally.application.port.in.IngestEventsUseCase;
import io.tally.application.port.in.QueryTimeseriesUseCase;
import io.tally.application.port.out.StoreException;

/** The REST adapter's one public face: registers Tally's HTTP routes on a Helidon routing. */
public final class RestApi {

    private static final System.Logger LOG = System.getLogger(RestApi.class.getName());

    private RestApi() {
    }

    public static void register(HttpRouting.Builder routing, IngestEventsUseCase ingest,
                                QueryTimeseriesUseCase timeseries, RestSettings settings) {
        EventsEndpoint events = new EventsEndpoint(ingest, settings);
        TimeseriesEndpoint series = new TimeseriesEndpoint(timeseries, settings);
        routing.post("/v1/events", events::post)
                .get("/v1/timeseries", series::get)
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
