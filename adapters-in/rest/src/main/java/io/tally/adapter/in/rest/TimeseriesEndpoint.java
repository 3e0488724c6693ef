package io.tally.adapter.in.rest;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tally.application.port.in.QueryTimeseriesUseCase;
import io.tally.application.shape.Charts;
import io.tally.domain.query.TimeseriesQuery;
import io.tally.domain.query.TimeseriesRequest;

import java.util.Optional;

/**
 * {@code GET /v1/timeseries?metric=page_views,conversions&from=…&to=…&interval=hour&timezone=…}, answered in the
 * chart-ready shape {@code {columns:[{name,type}], rows:[[…]], meta:{…}}} through the front door every query route
 * has: the query limit, then the cache.
 */
final class TimeseriesEndpoint {

    private final QueryTimeseriesUseCase timeseries;
    private final QueryAnswers answers;
    private final RestSettings settings;

    TimeseriesEndpoint(QueryTimeseriesUseCase timeseries, QueryAnswers answers, RestSettings settings) {
        this.timeseries = timeseries;
        this.answers = answers;
        this.settings = settings;
    }

    void get(ServerRequest request, ServerResponse response) {
        if (!answers.admit(request, response)) {
            return;
        }
        TimeseriesRequest wire = new TimeseriesRequest(param(request, "metric").or(() -> param(request, "metrics")),
                param(request, "from"), param(request, "to"), param(request, "interval"), param(request, "timezone"));
        answers.respond(request, response, "Invalid time-series query",
                wire.toQuery(KeyFilter.project(request, settings), settings.clock().instant()), TimeseriesQuery::range,
                q -> Charts.timeseries(timeseries.timeseries(q)));
    }

    private static Optional<String> param(ServerRequest request, String name) {
        return request.query().first(name).asOptional().filter(v -> !v.isBlank());
    }
}
