package io.tally.adapter.in.rest;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tally.application.port.in.AnalyticsQuery;
import io.tally.application.port.in.AnalyticsRequest;
import io.tally.domain.query.TimeseriesRequest;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code GET /v1/timeseries?metric=page_views,conversions&from=…&to=…&interval=hour&timezone=…}, answered in the
 * chart-ready shape {@code {columns:[{name,type}], rows:[[…]], meta:{…}}} through the front door every query route
 * has. Its parameters are read as {@link QueryParameters} says: exactly as written.
 */
final class TimeseriesEndpoint {

    /** Its parameters ({@code metrics} is another name for {@code metric}); any other is refused by name. */
    static final Set<String> PARAMETERS = Set.of("metric", "metrics", "from", "to", "interval", "timezone", "format",
            "refresh");

    private final QueryAnswers answers;

    TimeseriesEndpoint(QueryAnswers answers) {
        this.answers = answers;
    }

    void get(ServerRequest request, ServerResponse response) {
        answers.respond(request, response, "Invalid time-series query", AnalyticsQuery.Kind.TIMESERIES, asked(request),
                UnaryOperator.identity());
    }

    private static AnalyticsRequest.Asked asked(ServerRequest request) {
        QueryParameters parameters = QueryParameters.read(request.query(), PARAMETERS);
        List<Violation> violations = new ArrayList<>(parameters.violations());
        if (parameters.get("metric").isPresent() && parameters.get("metrics").isPresent()) {
            violations.add(new Violation("metrics", ViolationKind.TOO_MANY, "is another name for metric; give one of them"));
        }
        if (!violations.isEmpty()) {
            return new AnalyticsRequest.Asked.Unreadable(violations);
        }
        return new AnalyticsRequest.Asked.Parameters(new TimeseriesRequest(parameters.get("metric")
                .or(() -> parameters.get("metrics")), parameters.get("from"), parameters.get("to"),
                parameters.get("interval"), parameters.get("timezone")));
    }
}
