package io.tally.application.service;

import io.tally.application.port.in.Admission;
import io.tally.application.port.in.AdmitRequestsUseCase;
import io.tally.application.port.in.AnalyticsQuery;
import io.tally.application.port.in.AnalyticsRequest;
import io.tally.application.port.in.AnswerAnalyticsUseCase;
import io.tally.application.port.in.AnswerQueriesUseCase;
import io.tally.application.port.in.CacheStatus;
import io.tally.application.port.in.CachedAnswersUseCase;
import io.tally.application.port.in.ManageDefinitionsUseCase;
import io.tally.application.port.in.shape.Charts;
import io.tally.domain.query.CacheKey;
import io.tally.domain.request.ConversionsRequest;
import io.tally.domain.request.FunnelRequest;
import io.tally.domain.request.LifecycleRequest;
import io.tally.domain.request.PathsRequest;
import io.tally.domain.request.ReportRequest;
import io.tally.domain.request.RequestContext;
import io.tally.domain.request.RetentionRequest;
import io.tally.domain.request.StickinessRequest;
import io.tally.domain.request.TrendRequest;
import io.tally.domain.request.WidgetQueries;
import io.tally.domain.validation.Validated;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The front door of analytics questions: admits (the caller's query limit), reads (the domain's request rules, with
 * the project's saved definitions and the clock), caches ({@link CachePolicy}, keyed by
 * {@link AnalyticsQuery#cacheKey()} and the answer's form), runs ({@link QueryService}) and shapes ({@link Charts}).
 */
public final class AnalyticsService implements AnswerAnalyticsUseCase {

    private final AnswerQueriesUseCase queries;
    private final ManageDefinitionsUseCase definitions;
    private final CachedAnswersUseCase cache;
    private final AdmitRequestsUseCase limits;
    private final Clock clock;

    public AnalyticsService(AnswerQueriesUseCase queries, ManageDefinitionsUseCase definitions, CachedAnswersUseCase cache,
                            AdmitRequestsUseCase limits, Clock clock) {
        this.queries = queries;
        this.definitions = definitions;
        this.cache = cache;
        this.limits = limits;
        this.clock = clock;
    }

    @Override
    public Outcome answer(AnalyticsRequest request) {
        Optional<Admission> limit = request.caller().map(caller -> limits.admitQuery(request.projectId(), caller));
        if (limit.isPresent() && !limit.get().allowed()) {
            return new Outcome.RateLimited(limit.get());
        }
        return switch (read(request.projectId(), request.kind(), request.asked())) {
            case Validated.Invalid<AnalyticsQuery> invalid -> new Outcome.Invalid(invalid.violations(), limit);
            case Validated.Valid<AnalyticsQuery> valid -> {
                AnalyticsQuery query = valid.value();
                CachedAnswersUseCase.Cached cached = cache.answer(request.projectId(), cacheKey(query), query.range(),
                        request.form().name(), request.force(), () -> request.form().render(chart(query), query.kind()));
                yield new Outcome.Answered(cached.body(), CacheStatus.valueOf(cached.status()), limit);
            }
        };
    }

    /** The question read by the rules of its kind; JSON kinds read the project's saved KPIs and cohorts. */
    public Validated<AnalyticsQuery> read(String projectId, AnalyticsQuery.Kind kind, AnalyticsRequest.Asked asked) {
        return switch (asked) {
            case AnalyticsRequest.Asked.Unreadable unreadable -> new Validated.Invalid<>(unreadable.violations());
            case AnalyticsRequest.Asked.Parameters parameters -> {
                if (kind != AnalyticsQuery.Kind.TIMESERIES) {
                    throw new IllegalArgumentException("only a time series is asked by parameters, not a " + kind.label());
                }
                yield as(parameters.parameters().toQuery(projectId, clock.instant()), AnalyticsQuery.Series::new);
            }
            case AnalyticsRequest.Asked.Body body -> {
                RequestContext context = new RequestContext(projectId, clock.instant(), definitions.definitions(projectId),
                        () -> queries.firstEvent(projectId));
                Object value = body.value();
                yield switch (kind) {
                    case REPORT -> as(ReportRequest.parse(value, context), AnalyticsQuery.Report::new);
                    case TIMESERIES -> as(WidgetQueries.timeseries(value, context), AnalyticsQuery.Series::new);
                    case FUNNEL -> as(FunnelRequest.parse(value, context), AnalyticsQuery.Funnel::new);
                    case RETENTION -> as(RetentionRequest.parse(value, context), AnalyticsQuery.Retention::new);
                    case PATHS -> as(PathsRequest.parse(value, context), AnalyticsQuery.Paths::new);
                    case STICKINESS -> as(StickinessRequest.parse(value, context), AnalyticsQuery.Stickiness::new);
                    case LIFECYCLE -> as(LifecycleRequest.parse(value, context), AnalyticsQuery.Lifecycle::new);
                    case TREND -> as(TrendRequest.parse(value, context), AnalyticsQuery.Trend::new);
                    case CONVERSIONS -> as(ConversionsRequest.parse(value, context), AnalyticsQuery.Conversions::new);
                };
            }
        };
    }

    /**
     * An answer along time shows the annotations of its range: it is cached under their version too; and every answer
     * under the engagement types it was counted with (a restart with other ones asks other questions).
     */
    private String cacheKey(AnalyticsQuery query) {
        String key = query.alongTime() ? query.cacheKey() + "\nannotations@" + definitions.annotationsVersion(query.projectId())
                : query.cacheKey();
        Set<String> engagement = queries.engagementTypes();
        return engagement.isEmpty() ? key : key + "\nengagement=" + CacheKey.of("types", List.copyOf(new TreeSet<>(engagement)));
    }

    /** The question's chart, computed now: {@code meta.cached} is false. */
    public Map<String, Object> chart(AnalyticsQuery query) {
        Map<String, Object> chart = switch (query) {
            case AnalyticsQuery.Report report -> Charts.report(queries.report(report.query()));
            case AnalyticsQuery.Series series -> Charts.timeseries(queries.timeseries(series.query()));
            case AnalyticsQuery.Funnel funnel -> Charts.funnel(queries.funnel(funnel.query()));
            case AnalyticsQuery.Retention retention -> Charts.retention(queries.retention(retention.query()));
            case AnalyticsQuery.Paths paths -> Charts.paths(queries.paths(paths.query()));
            case AnalyticsQuery.Stickiness stickiness -> Charts.stickiness(queries.stickiness(stickiness.query()));
            case AnalyticsQuery.Lifecycle lifecycle -> Charts.lifecycle(queries.lifecycle(lifecycle.query()));
            case AnalyticsQuery.Trend trend -> Charts.trend(queries.trend(trend.query()));
            case AnalyticsQuery.Conversions conversions -> Charts.conversions(queries.conversions(conversions.query()));
        };
        if (query.alongTime()) {
            Charts.annotations(chart, definitions.annotations(query.projectId()).stream()
                    .filter(annotation -> query.range().contains(annotation.at())).toList()); // listed oldest first
        }
        return Charts.cached(chart, false);
    }

    private static <Q> Validated<AnalyticsQuery> as(Validated<Q> parsed, Function<Q, AnalyticsQuery> variant) {
        return switch (parsed) {
            case Validated.Invalid<Q> invalid -> new Validated.Invalid<>(invalid.violations());
            case Validated.Valid<Q> valid -> new Validated.Valid<>(variant.apply(valid.value()));
        };
    }
}
