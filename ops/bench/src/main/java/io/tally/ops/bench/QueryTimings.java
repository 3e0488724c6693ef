package io.tally.ops.bench;

import io.tally.application.port.in.shape.Charts;
import io.tally.application.port.out.QueryTelemetry;
import io.tally.application.service.QueryService;
import io.tally.bootstrap.Tally;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.goal.ConversionsQuery;
import io.tally.domain.lifecycle.LifecycleQuery;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.request.ConversionsRequest;
import io.tally.domain.request.FunnelRequest;
import io.tally.domain.request.LifecycleRequest;
import io.tally.domain.request.ReportRequest;
import io.tally.domain.request.RequestContext;
import io.tally.domain.request.RetentionRequest;
import io.tally.domain.request.StickinessRequest;
import io.tally.domain.request.TrendRequest;
import io.tally.domain.retention.RetentionQuery;
import io.tally.domain.stickiness.StickinessQuery;
import io.tally.domain.trend.TrendQuery;
import io.tally.domain.validation.Validated;

import java.net.http.HttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static io.tally.ops.bench.Http.JSON;

/** The benchmark queries timed in-process (service and engine) and through a started server's API. */
final class QueryTimings {

    private QueryTimings() {
    }

    /**
     * A query parsed at one instant: its answer by the service in-process, the API's body for it (as
     * {@link Charts} renders every answer), and the ranges it resolved to.
     */
    record Asked(Supplier<Object> answer, Supplier<Map<String, Object>> chart, HandSql.Ranges ranges) {
    }

    static Asked ask(QueryService service, IngestAndQueries.Query query, Instant now) {
        RequestContext context = new RequestContext(IngestAndQueries.PROJECT, now, LargeQueries.DEFINITIONS);
        return switch (query.path()) {
            case "/v1/funnels" -> {
                FunnelQuery funnel = valid(FunnelRequest.parse(query.body(), context));
                yield new Asked(() -> service.funnel(funnel), () -> Charts.funnel(service.funnel(funnel)),
                        new HandSql.Ranges(funnel.range(), Optional.empty()));
            }
            case "/v1/retention" -> {
                RetentionQuery retention = valid(RetentionRequest.parse(query.body(), context));
                yield new Asked(() -> service.retention(retention), () -> Charts.retention(service.retention(retention)),
                        new HandSql.Ranges(retention.range(), Optional.empty()));
            }
            case "/v1/stickiness" -> {
                StickinessQuery stickiness = valid(StickinessRequest.parse(query.body(), context));
                yield new Asked(() -> service.stickiness(stickiness), () -> Charts.stickiness(service.stickiness(stickiness)),
                        new HandSql.Ranges(stickiness.range(), Optional.empty()));
            }
            case "/v1/lifecycle" -> {
                LifecycleQuery lifecycle = valid(LifecycleRequest.parse(query.body(), context));
                yield new Asked(() -> service.lifecycle(lifecycle), () -> Charts.lifecycle(service.lifecycle(lifecycle)),
                        new HandSql.Ranges(lifecycle.range(), Optional.empty()));
            }
            case "/v1/trends" -> {
                TrendQuery trend = valid(TrendRequest.parse(query.body(), context));
                yield new Asked(() -> service.trend(trend), () -> Charts.trend(service.trend(trend)),
                        new HandSql.Ranges(trend.range(), Optional.empty()));
            }
            case "/v1/conversions" -> {
                ConversionsQuery conversions = valid(ConversionsRequest.parse(query.body(), context));
                yield new Asked(() -> service.conversions(conversions), () -> Charts.conversions(service.conversions(conversions)),
                        new HandSql.Ranges(conversions.range(), Optional.empty()));
            }
            default -> {
                ReportQuery report = valid(ReportRequest.parse(query.body(), context));
                yield new Asked(() -> service.report(report), () -> Charts.report(service.report(report)),
                        new HandSql.Ranges(report.range(), report.compare().map(c -> c.shift(report.range(), report.zone()))));
            }
        };
    }

    /** The ranges a query resolves to at {@code now} (parsed only, nothing asked). */
    static HandSql.Ranges ranges(IngestAndQueries.Query query, Instant now) {
        return ask(null, query, now).ranges();
    }

    static QueryService service(BenchStore store) {
        return new QueryService(store.analytics(), Optional.of(store.rollups()), QueryTelemetry.NONE);
    }

    /** The same queries parsed and answered by {@link QueryService} over the adapter: no HTTP, no JSON, no cache. */
    static void inProcess(BenchStore store, List<IngestAndQueries.Query> queries, int repeats, Map<String, Double> figures) {
        QueryService service = service(store);
        for (IngestAndQueries.Query query : queries) {
            List<Long> times = timed(ask(service, query, Instant.now()).answer(), repeats);
            figures.put(query.name() + "_engine_p50_ms", Measure.percentileMs(times, 50));
            figures.put(query.name() + "_engine_p95_ms", Measure.percentileMs(times, 95));
        }
    }

    /** Two warm-up runs, then {@code repeats} timed ones, in nanoseconds. */
    static List<Long> timed(Supplier<?> work, int repeats) {
        for (int i = 0; i < 2; i++) {
            work.get(); // warm-up
        }
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            long t = System.nanoTime();
            work.get();
            times.add(System.nanoTime() - t);
        }
        return times;
    }

    static void overHttp(Tally tally, List<IngestAndQueries.Query> queries, int repeats, Map<String, Double> figures) throws Exception {
        HttpClient client = Http.client();
        String base = "http://127.0.0.1:" + tally.port();
        for (IngestAndQueries.Query query : queries) {
            String uri = base + query.path();
            byte[] body = JSON.writeValueAsBytes(query.body());
            for (int i = 0; i < 2; i++) {
                Http.post(client, uri + "?refresh=force", body); // warm-up
            }
            List<Long> uncached = new ArrayList<>();
            for (int i = 0; i < repeats; i++) {
                long t = System.nanoTime();
                Http.post(client, uri + "?refresh=force", body);
                uncached.add(System.nanoTime() - t);
            }
            List<Long> cached = new ArrayList<>();
            for (int i = 0; i < repeats * 2; i++) {
                long t = System.nanoTime();
                Http.post(client, uri, body);
                cached.add(System.nanoTime() - t);
            }
            figures.put(query.name() + "_api_uncached_p50_ms", Measure.percentileMs(uncached, 50));
            figures.put(query.name() + "_api_uncached_p95_ms", Measure.percentileMs(uncached, 95));
            figures.put(query.name() + "_api_cached_p50_ms", Measure.percentileMs(cached, 50));
            figures.put(query.name() + "_api_cached_p95_ms", Measure.percentileMs(cached, 95));
        }
    }

    private static <T> T valid(Validated<T> parsed) {
        return switch (parsed) {
            case Validated.Valid<T> v -> v.value();
            case Validated.Invalid<T> invalid -> throw new IllegalArgumentException(invalid.violations().toString());
        };
    }

    /** API time over engine time (p50), and over the hand-written limit's where it was measured, per query. */
    static void ratios(List<IngestAndQueries.Query> queries, Map<String, Double> figures) {
        for (IngestAndQueries.Query query : queries) {
            Double api = figures.get(query.name() + "_api_uncached_p50_ms");
            figures.put(query.name() + "_api_over_engine_p50", api / figures.get(query.name() + "_engine_p50_ms"));
            Double limit = figures.get(query.name() + "_limit_p50_ms");
            if (limit != null) {
                figures.put(query.name() + "_api_over_limit_p50", api / limit);
            }
        }
    }
}
