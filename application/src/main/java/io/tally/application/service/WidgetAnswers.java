package io.tally.application.service;

import io.tally.application.port.in.AnalyticsQuery;
import io.tally.application.port.in.AnalyticsRequest;
import io.tally.application.port.in.AnswerAnalyticsUseCase;
import io.tally.application.port.in.AnswerDashboardsUseCase;
import io.tally.application.port.in.AnswerForm;
import io.tally.domain.dashboard.Widget;
import io.tally.domain.request.WidgetQueries;
import io.tally.domain.validation.Validated;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers one saved widget through the front door, as its endpoint would answer the same question: its query read
 * again by that endpoint's rules (so {@code last_7d} means today's last seven days) and, when asked, through the same
 * cache; a widget and an identical {@code POST /v1/query} share one cache entry. The dashboard was admitted as a
 * whole, so a widget takes no token of the query limit.
 */
public final class WidgetAnswers {

    private final AnalyticsService analytics;

    public WidgetAnswers(AnalyticsService analytics) {
        this.analytics = analytics;
    }

    /** The widget's chart, computed now. */
    public Validated<Map<String, Object>> chart(String projectId, Widget widget) {
        return switch (analytics.read(projectId, kind(widget), new AnalyticsRequest.Asked.Body(widget.query()))) {
            case Validated.Valid<AnalyticsQuery> valid -> new Validated.Valid<>(analytics.chart(valid.value()));
            case Validated.Invalid<AnalyticsQuery> invalid -> new Validated.Invalid<>(invalid.violations());
        };
    }

    /** The widget's answer in the adapter's encoding, through the cache. */
    public AnswerDashboardsUseCase.WidgetAnswer answer(String projectId, Widget widget, boolean force,
                                                       AnswerDashboardsUseCase.Encoding encoding) {
        AnalyticsRequest request = new AnalyticsRequest(projectId, Optional.empty(), kind(widget),
                new AnalyticsRequest.Asked.Body(widget.query()), force,
                AnswerForm.of(encoding.form(), (chart, kind) -> encoding.encode(chart)));
        return switch (analytics.answer(request)) {
            case AnswerAnalyticsUseCase.Outcome.Answered answered -> new AnswerDashboardsUseCase.WidgetAnswer(widget,
                    Optional.of(answered.body()), answered.cache().name(), List.of());
            case AnswerAnalyticsUseCase.Outcome.Invalid invalid -> new AnswerDashboardsUseCase.WidgetAnswer(widget,
                    Optional.empty(), "NONE", WidgetQueries.under("query", invalid.violations()));
            case AnswerAnalyticsUseCase.Outcome.RateLimited limited ->
                    throw new IllegalStateException("a widget is never limited on its own");
        };
    }

    private static AnalyticsQuery.Kind kind(Widget widget) {
        return switch (widget.kind()) {
            case REPORT -> AnalyticsQuery.Kind.REPORT;
            case TIMESERIES -> AnalyticsQuery.Kind.TIMESERIES;
            case FUNNEL -> AnalyticsQuery.Kind.FUNNEL;
            case RETENTION -> AnalyticsQuery.Kind.RETENTION;
            case PATHS -> AnalyticsQuery.Kind.PATHS;
            case STICKINESS -> AnalyticsQuery.Kind.STICKINESS;
            case LIFECYCLE -> AnalyticsQuery.Kind.LIFECYCLE;
            case TREND -> AnalyticsQuery.Kind.TREND;
            case CONVERSIONS -> AnalyticsQuery.Kind.CONVERSIONS;
        };
    }
}
