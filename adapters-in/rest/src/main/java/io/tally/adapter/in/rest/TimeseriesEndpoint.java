package io.tally.adapter.in.rest;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tally.application.port.in.QueryTimeseriesUseCase;
import io.tally.application.port.in.TimeseriesAnswer;
import io.tally.application.port.in.RenderReportsUseCase;
import io.tally.application.shape.Charts;
import io.tally.domain.event.Validated;
import io.tally.domain.query.TimeseriesQuery;
import io.tally.domain.query.TimeseriesRequest;

import java.util.Optional;

/**
 * {@code GET /v1/timeseries?metric=page_views,conversions&from=…&to=…&interval=hour&timezone=…}, answered in the
 * chart-ready shape {@code {columns:[{name,type}], rows:[[…]], meta:{…}}}.
 */
final class TimeseriesEndpoint {

    private final QueryTimeseriesUseCase timeseries;
    private final RestSettings settings;
    private final RenderReportsUseCase reports;

    TimeseriesEndpoint(QueryTimeseriesUseCase timeseries, RenderReportsUseCase reports, RestSettings settings) {
        this.reports = reports;
        this.timeseries = timeseries;
        this.settings = settings;
    }

    void get(ServerRequest request, ServerResponse response) {
        TimeseriesRequest wire = new TimeseriesRequest(param(request, "metric").or(() -> param(request, "metrics")),
                param(request, "from"), param(request, "to"), param(request, "interval"), param(request, "timezone"));
        switch (wire.toQuery(KeyFilter.project(request, settings), settings.clock().instant())) {
            case Validated.Invalid<TimeseriesQuery> invalid ->
                    Problems.invalid(response, "Invalid time-series query", invalid.violations());
            case Validated.Valid<TimeseriesQuery> valid -> {
                Optional<AnswerFormat> format = AnswerFormat.of(request, response);
                if (format.isPresent()) {
                    TimeseriesAnswer answer = timeseries.timeseries(valid.value());
                    format.get().headers(response, "timeseries");
                    response.send(format.get().render(Charts.timeseries(answer), "timeseries", reports));
                }
            }
        }
    }

    private static Optional<String> param(ServerRequest request, String name) {
        return request.query().first(name).asOptional().filter(v -> !v.isBlank());
    }
}
