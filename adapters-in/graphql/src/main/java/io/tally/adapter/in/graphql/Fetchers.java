package io.tally.adapter.in.graphql;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import io.tally.application.port.in.Admission;
import io.tally.application.port.in.AnalyticsQuery;
import io.tally.application.port.in.AnalyticsRequest;
import io.tally.application.port.in.AnswerAnalyticsUseCase;
import io.tally.application.port.in.AnswerForm;
import io.tally.application.port.in.Caller;
import io.tally.application.port.in.StoreUnavailableException;
import io.tally.application.port.in.shape.Charts;
import io.tally.domain.access.KeyKind;
import io.tally.domain.query.TimeseriesRequest;
import io.tally.domain.request.RequestContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The query fields: the caller's rights, then its rate limit, then the domain's request rules, then the cached
 * answer in the chart shape REST sends. Errors come back as GraphQL errors, never as a failed request.
 */
final class Fetchers {

    private static final System.Logger LOG = System.getLogger(Fetchers.class.getName());

    /** GraphQL's answers are cached apart from REST's: the same JSON, without REST's formats. */
    private static final AnswerForm FORM = AnswerForm.of("graphql", (chart, kind) -> Json.write(chart));

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
            } catch (StoreUnavailableException e) {
                LOG.log(System.Logger.Level.WARNING, "store failure in GraphQL field " + env.getField().getName(), e);
                return Errors.of(env, Errors.Code.STORE_UNAVAILABLE, "the event store did not answer; retry shortly", Map.of());
            }
        };
    }

    /** Admits one query against the caller's limit; the refusal as an error, or empty. */
    Optional<Object> refused(DataFetchingEnvironment env) {
        Caller caller = caller(env);
        Admission decision = services.limits().admitQuery(caller.projectId(), caller.id());
        if (decision.allowed()) {
            return Optional.empty();
        }
        long retry = Math.max(1, decision.retryAfterSeconds());
        return Optional.of(Errors.of(env, Errors.Code.RATE_LIMITED, "the query limit of this project is reached; retry after "
                + retry + " s", Map.of("retry_after_seconds", retry)));
    }

    DataFetcher<Object> report() {
        return query(AnalyticsQuery.Kind.REPORT);
    }

    DataFetcher<Object> funnel() {
        return query(AnalyticsQuery.Kind.FUNNEL);
    }

    DataFetcher<Object> retention() {
        return query(AnalyticsQuery.Kind.RETENTION);
    }

    DataFetcher<Object> paths() {
        return query(AnalyticsQuery.Kind.PATHS);
    }

    DataFetcher<Object> stickiness() {
        return query(AnalyticsQuery.Kind.STICKINESS);
    }

    DataFetcher<Object> lifecycle() {
        return query(AnalyticsQuery.Kind.LIFECYCLE);
    }

    DataFetcher<Object> trend() {
        return query(AnalyticsQuery.Kind.TREND);
    }

    DataFetcher<Object> conversions() {
        return query(AnalyticsQuery.Kind.CONVERSIONS);
    }

    /** The time series through the same front door as the other query fields (its arguments are REST's parameters). */
    DataFetcher<Object> timeseries() {
        return guarded(KeyKind.Scope.QUERY, env -> answer(env, "", AnalyticsQuery.Kind.TIMESERIES,
                new AnalyticsRequest.Asked.Parameters(new TimeseriesRequest(text(env, "metric"), text(env, "from"),
                        text(env, "to"), text(env, "interval"), text(env, "timezone")))));
    }

    /** An argument as written: an empty one is refused by the rules, never read as left out. */
    private static Optional<String> text(DataFetchingEnvironment env, String name) {
        return Optional.ofNullable(env.<String>getArgument(name));
    }

    private DataFetcher<Object> query(AnalyticsQuery.Kind kind) {
        return guarded(KeyKind.Scope.QUERY, env -> answer(env, "query", kind,
                new AnalyticsRequest.Asked.Body(Inputs.body(env.getArgument("query")))));
    }

    /**
     * The question asked at the front door, in GraphQL's own cached form: the answer in the chart shape REST sends with
     * {@code meta.cached} saying where it came from, or the refusal as an error ({@code field} names the argument).
     */
    private Object answer(DataFetchingEnvironment env, String field, AnalyticsQuery.Kind kind, AnalyticsRequest.Asked asked) {
        Caller caller = caller(env);
        AnalyticsRequest request = new AnalyticsRequest(caller.projectId(), Optional.of(caller.id()), kind, asked, false, FORM);
        return switch (services.analytics().answer(request)) {
            case AnswerAnalyticsUseCase.Outcome.RateLimited limited -> {
                long retry = Math.max(1, limited.decision().retryAfterSeconds());
                yield Errors.of(env, Errors.Code.RATE_LIMITED, "the query limit of this project is reached; retry after "
                        + retry + " s", Map.of("retry_after_seconds", retry));
            }
            case AnswerAnalyticsUseCase.Outcome.Invalid invalid -> Errors.invalid(env, field, invalid.violations());
            case AnswerAnalyticsUseCase.Outcome.Answered answered ->
                    Charts.cached(Json.readObject(answered.body()), answered.cache().fromCache());
        };
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
