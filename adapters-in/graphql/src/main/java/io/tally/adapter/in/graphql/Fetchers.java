package io.tally.adapter.in.graphql;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import io.tally.application.port.in.CachedAnswersUseCase;
import io.tally.application.port.in.Caller;
import io.tally.application.port.out.RateLimiter;
import io.tally.application.port.out.StoreException;
import io.tally.application.shape.Charts;
import io.tally.domain.access.KeyKind;
import io.tally.domain.validation.Validated;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.query.TimeseriesQuery;
import io.tally.domain.query.TimeseriesRequest;
import io.tally.domain.request.FunnelRequest;
import io.tally.domain.request.PathsRequest;
import io.tally.domain.request.ReportRequest;
import io.tally.domain.request.RequestContext;
import io.tally.domain.request.RetentionRequest;
import io.tally.domain.retention.RetentionQuery;
import io.tally.domain.time.TimeRange;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The query fields: the caller's rights, then its rate limit, then the domain's request rules, then the cached
 * answer in the chart shape REST sends. Errors come back as GraphQL errors, never as a failed request.
 */
final class Fetchers {

    private static final System.Logger LOG = System.getLogger(Fetchers.class.getName());

    private final GraphQlServices services;
    private final GraphQlSettings settings;

    Fetchers(GraphQlServices services, GraphQlSettings settings) {
        this.services = services;
        this.settings = settings;
    }

    static Caller caller(DataFetchingEnvironment env) {
        return env.getGraphQlContext().get(Caller.class);
    }

    RequestContext context(Caller caller) {
        return new RequestContext(caller.projectId(), settings.clock().instant(),
                services.definitions().definitions(caller.projectId()));
    }

    /** A fetcher run only for callers whose key allows {@code scope}; store outages become errors, not failures. */
    DataFetcher<Object> guarded(KeyKind.Scope scope, DataFetcher<Object> fetcher) {
        return env -> {
            Caller caller = caller(env);
            if (!caller.may(scope)) {
                return Errors.of(env, Errors.Code.FORBIDDEN, "a " + caller.kind().label() + " key cannot "
                        + (scope == KeyKind.Scope.ADMIN ? "change definitions" : "ask queries"), Map.of());
            }
            try {
                return fetcher.get(env);
            } catch (StoreException e) {
                LOG.log(System.Logger.Level.WARNING, "store failure in GraphQL field " + env.getField().getName(), e);
                return Errors.of(env, Errors.Code.STORE_UNAVAILABLE, "the event store did not answer; retry shortly", Map.of());
            }
        };
    }

    /** Admits one query against the caller's limit; the refusal as an error, or empty. */
    Optional<Object> refused(DataFetchingEnvironment env) {
        Caller caller = caller(env);
        RateLimiter.Decision decision = services.limits().admitQuery(caller.projectId(), caller.id());
        if (decision.allowed()) {
            return Optional.empty();
        }
        long retry = Math.max(1, decision.retryAfterSeconds());
        return Optional.of(Errors.of(env, Errors.Code.RATE_LIMITED, "the query limit of this project is reached; retry after "
                + retry + " s", Map.of("retry_after_seconds", retry)));
    }

    DataFetcher<Object> report() {
        return query(ReportRequest::parse, ReportQuery::range, q -> Charts.report(services.queries().report(q)));
    }

    DataFetcher<Object> funnel() {
        return query(FunnelRequest::parse, FunnelQuery::range, q -> Charts.funnel(services.queries().funnel(q)));
    }

    DataFetcher<Object> retention() {
        return query(RetentionRequest::parse, RetentionQuery::range, q -> Charts.retention(services.queries().retention(q)));
    }

    DataFetcher<Object> paths() {
        return query(PathsRequest::parse, PathsQuery::range, q -> Charts.paths(services.queries().paths(q)));
    }

    /** The time series through the same limit and cache as the other query fields (its arguments are REST's parameters). */
    DataFetcher<Object> timeseries() {
        return guarded(KeyKind.Scope.QUERY, env -> {
            Optional<Object> refused = refused(env);
            if (refused.isPresent()) {
                return refused.get();
            }
            TimeseriesRequest request = new TimeseriesRequest(text(env, "metric"), text(env, "from"), text(env, "to"),
                    text(env, "interval"), text(env, "timezone"));
            return switch (request.toQuery(caller(env).projectId(), settings.clock().instant())) {
                case Validated.Invalid<TimeseriesQuery> invalid -> Errors.invalid(env, "", invalid.violations());
                case Validated.Valid<TimeseriesQuery> valid -> cached(caller(env), valid.value(), TimeseriesQuery::range,
                        q -> Charts.timeseries(services.queries().timeseries(q)));
            };
        });
    }

    /** An argument as written: an empty one is refused by the rules, never read as left out. */
    private static Optional<String> text(DataFetchingEnvironment env, String name) {
        return Optional.ofNullable(env.<String>getArgument(name));
    }

    private <Q> DataFetcher<Object> query(BiFunction<Object, RequestContext, Validated<Q>> parser,
                                          Function<Q, TimeRange> range, Function<Q, Map<String, Object>> run) {
        return guarded(KeyKind.Scope.QUERY, env -> {
            Optional<Object> refused = refused(env);
            if (refused.isPresent()) {
                return refused.get();
            }
            Caller caller = caller(env);
            Map<String, Object> body = Inputs.body(env.getArgument("query"));
            return switch (parser.apply(body, context(caller))) {
                case Validated.Invalid<Q> invalid -> Errors.invalid(env, "query", invalid.violations());
                case Validated.Valid<Q> valid -> cached(caller, valid.value(), range, run);
            };
        });
    }

    /** The answer through the cache, in GraphQL's own form, with {@code meta.cached} saying where it came from. */
    private <Q> Map<String, Object> cached(Caller caller, Q query, Function<Q, TimeRange> range,
                                           Function<Q, Map<String, Object>> run) {
        CachedAnswersUseCase.Cached cached = services.cache().answer(caller.projectId(), query, range.apply(query),
                "graphql", false, () -> Json.write(run.apply(query)));
        Map<String, Object> answer = Json.readObject(cached.body());
        meta(answer).put("cached", cached.hit());
        return answer;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> meta(Map<String, Object> answer) {
        return (Map<String, Object>) answer.get("meta");
    }

    /** A {@code {metric: value}} map of the chart shape as a list of {@code {metric, value}}. */
    static DataFetcher<Object> metricValues(String key) {
        return env -> {
            Map<String, Object> source = env.getSource();
            if (!(source.get(key) instanceof Map<?, ?> values)) {
                return List.of();
            }
            return values.entrySet().stream().map(e -> {
                Map<String, Object> pair = new LinkedHashMap<>();
                pair.put("metric", e.getKey());
                pair.put("value", e.getValue());
                return pair;
            }).toList();
        };
    }
}
