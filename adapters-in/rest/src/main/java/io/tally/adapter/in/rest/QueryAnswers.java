package io.tally.adapter.in.rest;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tally.application.port.in.AnalyticsQuery;
import io.tally.application.port.in.AnalyticsRequest;
import io.tally.application.port.in.AnswerAnalyticsUseCase;
import io.tally.application.port.in.RenderReportsUseCase;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What every query route sends: the format and {@code ?refresh=} read from HTTP, the question asked at the front
 * door, and its outcome as HTTP (the RateLimit headers, 429, the 400 problem, or the answer with {@code X-Cache} and
 * {@code meta.cached}).
 */
final class QueryAnswers {

    private final AnswerAnalyticsUseCase analytics;
    private final RenderReportsUseCase reports;
    private final RestSettings settings;

    QueryAnswers(AnswerAnalyticsUseCase analytics, RenderReportsUseCase reports, RestSettings settings) {
        this.analytics = analytics;
        this.reports = reports;
        this.settings = settings;
    }

    /**
     * Asks the question and sends its outcome; an invalid one is a 400 titled {@code title}, each violation as
     * {@code named} spells it for this route.
     */
    void respond(ServerRequest request, ServerResponse response, String title, AnalyticsQuery.Kind kind,
                 AnalyticsRequest.Asked asked, UnaryOperator<Violation> named) {
        Optional<AnswerFormat> format = AnswerFormat.of(request, response);
        if (format.isEmpty()) {
            return;
        }
        Optional<String> refresh = request.query().first("refresh").asOptional();
        if (refresh.isPresent() && !refresh.get().equals("force")) {
            // any other value was read as "use the cache" without a word
            Problems.invalid(response, title, List.of(new Violation("refresh", ViolationKind.MALFORMED,
                    "is force (recompute instead of answering from the cache), or left out")));
            return;
        }
        AnswerFormat as = format.get();
        AnswerAnalyticsUseCase.Outcome outcome = analytics.answer(new AnalyticsRequest(KeyFilter.project(request, settings),
                Optional.of(KeyFilter.caller(request, settings)), kind, asked, refresh.isPresent(), as.form(reports)));
        if (!RateLimitHeaders.admit(outcome.limit().orElseThrow(), response, "query")) {
            return;
        }
        switch (outcome) {
            case AnswerAnalyticsUseCase.Outcome.Invalid invalid ->
                    Problems.invalid(response, title, invalid.violations().stream().map(named).toList());
            case AnswerAnalyticsUseCase.Outcome.Answered answered -> {
                String name = request.path().path().substring(request.path().path().lastIndexOf('/') + 1);
                as.headers(response, name);
                response.header("X-Cache", answered.cache().name());
                response.send(answered.cache().fromCache() && as == AnswerFormat.JSON
                        ? Json.markCached(answered.body()) : answered.body());
            }
            case AnswerAnalyticsUseCase.Outcome.RateLimited limited -> {
                // answered with 429 by RateLimitHeaders
            }
        }
    }
}
