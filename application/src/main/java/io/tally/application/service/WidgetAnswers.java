package io.tally.application.service;

import io.tally.application.port.in.AnswerDashboardsUseCase;
import io.tally.application.port.in.AnswerQueriesUseCase;
import io.tally.application.port.in.CachedAnswersUseCase;
import io.tally.application.port.in.ManageDefinitionsUseCase;
import io.tally.application.shape.Charts;
import io.tally.domain.dashboard.Widget;
import io.tally.domain.validation.Validated;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.query.TimeseriesQuery;
import io.tally.domain.request.FunnelRequest;
import io.tally.domain.request.PathsRequest;
import io.tally.domain.request.ReportRequest;
import io.tally.domain.request.RequestContext;
import io.tally.domain.request.RetentionRequest;
import io.tally.domain.request.WidgetQueries;
import io.tally.domain.retention.RetentionQuery;
import io.tally.domain.time.TimeRange;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Answers one saved widget: its query read again by its endpoint's rules (so {@code last_7d} means today's last
 * seven days), then answered by the same use case and, when asked, through the same cache as that endpoint; a
 * widget and an identical {@code POST /v1/query} share one cache entry.
 */
public final class WidgetAnswers {

    private final AnswerQueriesUseCase queries;
    private final ManageDefinitionsUseCase definitions;
    private final CachedAnswersUseCase cache;
    private final Clock clock;

    public WidgetAnswers(AnswerQueriesUseCase queries, ManageDefinitionsUseCase definitions,
                         CachedAnswersUseCase cache, Clock clock) {
        this.queries = queries;
        this.definitions = definitions;
        this.cache = cache;
        this.clock = clock;
    }

    /** A widget's query read and ready to run: the query (the cache key), its range, and how to answer it. */
    private record Prepared(Object query, TimeRange range, java.util.function.Supplier<Map<String, Object>> chart) {
    }

    /** The widget's chart, computed now. */
    public Validated<Map<String, Object>> chart(String projectId, Widget widget) {
        return switch (prepare(projectId, widget)) {
            case Validated.Valid<Prepared> valid -> new Validated.Valid<>(valid.value().chart().get());
            case Validated.Invalid<Prepared> invalid -> new Validated.Invalid<>(invalid.violations());
        };
    }

    /** The widget's answer in the adapter's encoding, through the cache. */
    public AnswerDashboardsUseCase.WidgetAnswer answer(String projectId, Widget widget, boolean force,
                                                       AnswerDashboardsUseCase.Encoding encoding) {
        return switch (prepare(projectId, widget)) {
            case Validated.Invalid<Prepared> invalid -> new AnswerDashboardsUseCase.WidgetAnswer(widget, Optional.empty(),
                    "NONE", WidgetQueries.under("query", invalid.violations()));
            case Validated.Valid<Prepared> valid -> {
                Prepared prepared = valid.value();
                CachedAnswersUseCase.Cached cached = cache.answer(projectId, prepared.query(), prepared.range(), encoding.form(),
                        force, () -> encoding.encode(prepared.chart().get()));
                yield new AnswerDashboardsUseCase.WidgetAnswer(widget, Optional.of(cached.body()), cached.status(), List.of());
            }
        };
    }

    private Validated<Prepared> prepare(String projectId, Widget widget) {
        RequestContext context = new RequestContext(projectId, clock.instant(), definitions.definitions(projectId));
        Object body = widget.query();
        return switch (widget.kind()) {
            case REPORT -> prepared(ReportRequest.parse(body, context), ReportQuery::range, q -> Charts.report(queries.report(q)));
            case TIMESERIES -> prepared(WidgetQueries.timeseries(body, context), TimeseriesQuery::range,
                    q -> Charts.timeseries(queries.timeseries(q)));
            case FUNNEL -> prepared(FunnelRequest.parse(body, context), FunnelQuery::range, q -> Charts.funnel(queries.funnel(q)));
            case RETENTION -> prepared(RetentionRequest.parse(body, context), RetentionQuery::range,
                    q -> Charts.retention(queries.retention(q)));
            case PATHS -> prepared(PathsRequest.parse(body, context), PathsQuery::range, q -> Charts.paths(queries.paths(q)));
        };
    }

    /** Answers are marked {@code meta.cached: false} when computed, as the query endpoints mark theirs. */
    @SuppressWarnings("unchecked")
    private static <Q> Validated<Prepared> prepared(Validated<Q> parsed, Function<Q, TimeRange> range,
                                                    Function<Q, Map<String, Object>> run) {
        return switch (parsed) {
            case Validated.Invalid<Q> invalid -> new Validated.Invalid<>(invalid.violations());
            case Validated.Valid<Q> valid -> new Validated.Valid<>(new Prepared(valid.value(), range.apply(valid.value()), () -> {
                Map<String, Object> chart = run.apply(valid.value());
                ((Map<String, Object>) chart.get("meta")).put("cached", false);
                return chart;
            }));
        };
    }
}
