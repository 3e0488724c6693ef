package io.tally.adapter.in.rest;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tally.application.port.in.AnalyticsQuery;
import io.tally.application.port.in.AnalyticsRequest;
import io.tally.domain.validation.Validated;

import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@code POST /v1/query}, {@code /v1/funnels}, {@code /v1/retention}, {@code /v1/paths}, {@code /v1/stickiness},
 * {@code /v1/lifecycle}, {@code /v1/trends}, {@code /v1/conversions}, and the seed's {@code GET /analytics/custom-report}:
 * the JSON body (or the parameters) as plain values, asked at the front door.
 */
final class QueryEndpoints {

    private final QueryAnswers answers;

    QueryEndpoints(QueryAnswers answers) {
        this.answers = answers;
    }

    void report(ServerRequest request, ServerResponse response) {
        json(request, response, "Invalid report query", AnalyticsQuery.Kind.REPORT);
    }

    void funnel(ServerRequest request, ServerResponse response) {
        json(request, response, "Invalid funnel query", AnalyticsQuery.Kind.FUNNEL);
    }

    void retention(ServerRequest request, ServerResponse response) {
        json(request, response, "Invalid retention query", AnalyticsQuery.Kind.RETENTION);
    }

    void paths(ServerRequest request, ServerResponse response) {
        json(request, response, "Invalid paths query", AnalyticsQuery.Kind.PATHS);
    }

    void stickiness(ServerRequest request, ServerResponse response) {
        json(request, response, "Invalid stickiness query", AnalyticsQuery.Kind.STICKINESS);
    }

    void lifecycle(ServerRequest request, ServerResponse response) {
        json(request, response, "Invalid lifecycle query", AnalyticsQuery.Kind.LIFECYCLE);
    }

    void trend(ServerRequest request, ServerResponse response) {
        json(request, response, "Invalid trend query", AnalyticsQuery.Kind.TREND);
    }

    void conversions(ServerRequest request, ServerResponse response) {
        json(request, response, "Invalid conversions query", AnalyticsQuery.Kind.CONVERSIONS);
    }

    private void json(ServerRequest request, ServerResponse response, String title, AnalyticsQuery.Kind kind) {
        Optional<Object> body = JsonBodies.read(request, response);
        if (body.isEmpty()) {
            return;
        }
        answers.respond(request, response, title, kind, new AnalyticsRequest.Asked.Body(body.get()), UnaryOperator.identity());
    }

    /**
     * The seed's {@code GET /analytics/custom-report?start_date&end_date&metrics&dimensions[&timezone][&filters]}:
     * answered as {@code POST /v1/query} would answer the same body (see {@link CustomReportParameters}).
     */
    void customReport(ServerRequest request, ServerResponse response) {
        AnalyticsRequest.Asked asked = switch (CustomReportParameters.body(request.query())) {
            case Validated.Invalid<Map<String, Object>> invalid -> new AnalyticsRequest.Asked.Unreadable(invalid.violations());
            case Validated.Valid<Map<String, Object>> body -> new AnalyticsRequest.Asked.Body(body.value());
        };
        answers.respond(request, response, "Invalid custom report", AnalyticsQuery.Kind.REPORT, asked,
                CustomReportParameters::named);
    }
}
