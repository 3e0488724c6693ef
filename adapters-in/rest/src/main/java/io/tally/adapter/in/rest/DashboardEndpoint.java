package io.tally.adapter.in.rest;

import com.fasterxml.jackson.databind.util.RawValue;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tally.application.port.in.AdmitRequestsUseCase;
import io.tally.application.port.in.AnswerDashboardsUseCase;
import io.tally.domain.request.DashboardRequests;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v1/dashboards/{name}/answer}: every widget answered in one call, each through the query cache (the
 * entry an identical {@code POST /v1/query} uses), with {@code ?refresh=force} to recompute; {@code ?format=pdf} for
 * the dashboard as one PDF report. One rate-limit token per call, however many widgets.
 */
final class DashboardEndpoint {

    private static final AnswerDashboardsUseCase.Encoding JSON = AnswerDashboardsUseCase.Encoding.of(
            AnswerFormat.JSON.form(), Json::write);

    private final AnswerDashboardsUseCase answers;
    private final AdmitRequestsUseCase limits;
    private final RestSettings settings;

    DashboardEndpoint(AnswerDashboardsUseCase answers, AdmitRequestsUseCase limits, RestSettings settings) {
        this.answers = answers;
        this.limits = limits;
        this.settings = settings;
    }

    void answer(ServerRequest request, ServerResponse response) {
        String project = KeyFilter.project(request, settings);
        if (!RateLimitHeaders.admit(limits.admitQuery(project, KeyFilter.caller(request, settings)), response, "query")) {
            return;
        }
        String name = request.path().pathParameters().get("name");
        Optional<String> format = request.query().first("format").asOptional();
        if (format.isPresent() && !format.get().equals("json") && !format.get().equals("pdf")) {
            Problems.send(response, Status.NOT_ACCEPTABLE_406, "not-acceptable", "Unknown format", "a dashboard is answered as json or pdf");
            return;
        }
        if (format.filter("pdf"::equals).isPresent()) {
            answers.pdf(project, name).ifPresentOrElse(pdf -> {
                response.header(HeaderNames.CONTENT_TYPE, "application/pdf");
                response.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"tally-" + name + ".pdf\"");
                response.send(pdf);
            }, () -> notFound(response, name));
            return;
        }
        boolean force = request.query().first("refresh").asOptional().filter("force"::equals).isPresent();
        answers.answer(project, name, force, JSON).ifPresentOrElse(answer -> {
            response.header(HeaderNames.CONTENT_TYPE, "application/json");
            response.send(Json.write(body(answer)));
        }, () -> notFound(response, name));
    }

    /** The dashboard with each widget's answer spliced in as it came from the cache. */
    private static Map<String, Object> body(AnswerDashboardsUseCase.DashboardAnswer answer) {
        List<Object> widgets = new ArrayList<>();
        int hits = 0;
        for (AnswerDashboardsUseCase.WidgetAnswer widget : answer.widgets()) {
            Map<String, Object> w = DashboardRequests.wire(widget.widget());
            w.put("cache", widget.cache());
            if (widget.body().isPresent()) {
                byte[] bytes = widget.fromCache() ? Json.markCached(widget.body().get()) : widget.body().get();
                w.put("answer", new RawValue(new String(bytes, StandardCharsets.UTF_8)));
                hits += widget.fromCache() ? 1 : 0;
            } else {
                w.put("problems", Problems.errors("", widget.problems()));
            }
            widgets.add(w);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", answer.dashboard().name());
        body.put("title", answer.dashboard().title());
        body.put("description", answer.dashboard().description());
        body.put("widgets", widgets);
        body.put("meta", Map.of("widgets", widgets.size(), "cached_widgets", hits));
        return body;
    }

    private static void notFound(ServerResponse response, String name) {
        Problems.send(response, Status.NOT_FOUND_404, "not-found", "Not found", "no dashboard is named " + name);
    }
}
