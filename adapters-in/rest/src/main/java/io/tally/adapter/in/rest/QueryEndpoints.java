package io.tally.adapter.in.rest;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tally.application.port.in.shape.Charts;
import io.tally.application.port.in.AnswerQueriesUseCase;
import io.tally.application.port.in.ManageDefinitionsUseCase;
import io.tally.domain.validation.Validated;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.retention.RetentionQuery;
import io.tally.domain.time.TimeRange;
import io.tally.domain.request.FunnelRequest;
import io.tally.domain.request.PathsRequest;
import io.tally.domain.request.ReportRequest;
import io.tally.domain.request.RequestContext;
import io.tally.domain.request.RetentionRequest;

import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@code POST /v1/query}, {@code /v1/funnels}, {@code /v1/retention}, {@code /v1/paths}, and the seed's
 * {@code GET /analytics/custom-report}: JSON in, the domain's request rules, one use case, chart-ready JSON out.
 */
final class QueryEndpoints {

    private final AnswerQueriesUseCase queries;
    private final ManageDefinitionsUseCase definitions;
    private final QueryAnswers answers;
    private final RestSettings settings;

    QueryEndpoints(AnswerQueriesUseCase queries, ManageDefinitionsUseCase definitions, QueryAnswers answers,
                   RestSettings settings) {
        this.queries = queries;
        this.definitions = definitions;
        this.answers = answers;
        this.settings = settings;
    }

    private RequestContext context(ServerRequest request) {
        String project = KeyFilter.project(request, settings);
        return new RequestContext(project, settings.clock().instant(), definitions.definitions(project));
    }

    void report(ServerRequest request, ServerResponse response) {
        answer(request, response, "Invalid report query", ReportRequest::parse, ReportQuery::range,
                q -> Charts.report(queries.report(q)));
    }

    void funnel(ServerRequest request, ServerResponse response) {
        answer(request, response, "Invalid funnel query", FunnelRequest::parse, FunnelQuery::range,
                q -> Charts.funnel(queries.funnel(q)));
    }

    void retention(ServerRequest request, ServerResponse response) {
        answer(request, response, "Invalid retention query", RetentionRequest::parse, RetentionQuery::range,
                q -> Charts.retention(queries.retention(q)));
    }

    void paths(ServerRequest request, ServerResponse response) {
        answer(request, response, "Invalid paths query", PathsRequest::parse, PathsQuery::range,
                q -> Charts.paths(queries.paths(q)));
    }

    private <Q> void answer(ServerRequest request, ServerResponse response, String title,
                            BiFunction<Object, RequestContext, Validated<Q>> parser, Function<Q, TimeRange> range,
                            Function<Q, Map<String, Object>> run) {
        if (!answers.admit(request, response)) {
            return;
        }
        Optional<Object> body = JsonBodies.read(request, response);
        if (body.isEmpty()) {
            return;
        }
        answers.respond(request, response, title, parser.apply(body.get(), context(request)), range, run);
    }

    /**
     * The seed's {@code GET /analytics/custom-report?start_date&end_date&metrics&dimensions[&timezone][&filters]}:
     * answered as {@code POST /v1/query} would answer the same body (see {@link CustomReportParameters}).
     */
    void customReport(ServerRequest request, ServerResponse response) {
        if (!answers.admit(request, response)) {
            return;
        }
        Validated<ReportQuery> parsed = switch (CustomReportParameters.body(request.query())) {
            case Validated.Invalid<Map<String, Object>> invalid -> new Validated.Invalid<>(invalid.violations());
            case Validated.Valid<Map<String, Object>> body -> switch (ReportRequest.parse(body.value(), context(request))) {
                case Validated.Invalid<ReportQuery> invalid ->
                        new Validated.Invalid<>(invalid.violations().stream().map(CustomReportParameters::named).toList());
                case Validated.Valid<ReportQuery> valid -> valid;
            };
        };
        answers.respond(request, response, "Invalid custom report", parsed, ReportQuery::range, q -> Charts.report(queries.report(q)));
    }
}
