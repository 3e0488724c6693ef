package io.tally.adapter.in.rest;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tally.application.port.in.AdmitRequestsUseCase;
import io.tally.application.port.in.CachedAnswersUseCase;
import io.tally.application.port.in.RenderReportsUseCase;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;
import io.tally.domain.time.TimeRange;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one front door of every query route: the caller's query limit (RateLimit headers, 429), then the answer through
 * the cache in the format asked for ({@code X-Cache}, {@code meta.cached}, {@code ?refresh=force}).
 */
final class QueryAnswers {

    private final AdmitRequestsUseCase limits;
    private final CachedAnswersUseCase cache;
    private final RenderReportsUseCase reports;
    private final RestSettings settings;

    QueryAnswers(AdmitRequestsUseCase limits, CachedAnswersUseCase cache, RenderReportsUseCase reports, RestSettings settings) {
        this.limits = limits;
        this.cache = cache;
        this.reports = reports;
        this.settings = settings;
    }

    /** Takes one token of the caller's query limit; false after a 429 has been sent. */
    boolean admit(ServerRequest request, ServerResponse response) {
        return RateLimitHeaders.admit(limits.admitQuery(KeyFilter.project(request, settings), KeyFilter.caller(request, settings)),
                response, "query");
    }

    /**
     * A valid query is answered (as JSON, CSV or PDF) through the cache, keyed by the validated query, so two spellings
     * of one question share an entry; an invalid one is a 400 titled {@code title}.
     */
    <Q> void respond(ServerRequest request, ServerResponse response, String title, Validated<Q> parsed,
                     Function<Q, TimeRange> range, Function<Q, Map<String, Object>> run) {
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
        switch (parsed) {
            case Validated.Invalid<Q> invalid -> Problems.invalid(response, title, invalid.violations());
            case Validated.Valid<Q> valid -> {
                boolean force = refresh.isPresent();
                AnswerFormat as = format.get();
                String name = request.path().path().substring(request.path().path().lastIndexOf('/') + 1);
                CachedAnswersUseCase.Cached cached = cache.answer(KeyFilter.project(request, settings), valid.value(),
                        range.apply(valid.value()), as.form(), force,
                        () -> as.render(withCached(run.apply(valid.value()), false), name, reports));
                as.headers(response, name);
                response.header("X-Cache", cached.status());
                response.send(cached.hit() && as == AnswerFormat.JSON ? Json.markCached(cached.body()) : cached.body());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withCached(Map<String, Object> chart, boolean cached) {
        ((Map<String, Object>) chart.get("meta")).put("cached", cached);
        return chart;
    }
}
