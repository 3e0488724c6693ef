package io.tally.adapter.in.rest;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tally.application.port.in.AnswerQueriesUseCase;
import io.tally.application.shape.Charts;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;
import io.tally.domain.query.TimeseriesQuery;
import io.tally.domain.query.TimeseriesRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /v1/timeseries?metric=page_views,conversions&from=…&to=…&interval=hour&timezone=…}, answered in the
 * chart-ready shape {@code {columns:[{name,type}], rows:[[…]], meta:{…}}} through the front door every query route
 * has: the query limit, then the cache. Its parameters are read as {@link QueryParameters} says: exactly as written.
 */
final class TimeseriesEndpoint {

    /** Its parameters ({@code metrics} is another name for {@code metric}); any other is refused by name. */
    static final Set<String> PARAMETERS = Set.of("metric", "metrics", "from", "to", "interval", "timezone", "format",
            "refresh");

    private final AnswerQueriesUseCase queries;
    private final QueryAnswers answers;
    private final RestSettings settings;

    TimeseriesEndpoint(AnswerQueriesUseCase queries, QueryAnswers answers, RestSettings settings) {
        this.queries = queries;
        this.answers = answers;
        this.settings = settings;
    }

    void get(ServerRequest request, ServerResponse response) {
        if (!answers.admit(request, response)) {
            return;
        }
        answers.respond(request, response, "Invalid time-series query", query(request), TimeseriesQuery::range,
                q -> Charts.timeseries(queries.timeseries(q)));
    }

    private Validated<TimeseriesQuery> query(ServerRequest request) {
        QueryParameters parameters = QueryParameters.read(request.query(), PARAMETERS);
        List<Violation> violations = new ArrayList<>(parameters.violations());
        if (parameters.get("metric").isPresent() && parameters.get("metrics").isPresent()) {
            violations.add(new Violation("metrics", ViolationKind.TOO_MANY, "is another name for metric; give one of them"));
        }
        if (!violations.isEmpty()) {
            return new Validated.Invalid<>(violations);
        }
        return new TimeseriesRequest(parameters.get("metric").or(() -> parameters.get("metrics")), parameters.get("from"),
                parameters.get("to"), parameters.get("interval"), parameters.get("timezone"))
                .toQuery(KeyFilter.project(request, settings), settings.clock().instant());
    }
}
