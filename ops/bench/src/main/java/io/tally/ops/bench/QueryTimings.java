package io.tally.ops.bench;

import io.tally.application.port.out.QueryTelemetry;
import io.tally.application.service.QueryService;
import io.tally.bootstrap.Tally;
import io.tally.domain.request.Definitions;
import io.tally.domain.request.FunnelRequest;
import io.tally.domain.request.ReportRequest;
import io.tally.domain.request.RequestContext;
import io.tally.domain.request.RetentionRequest;
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

    /** The same queries parsed and answered by {@link QueryService} over the adapter: no HTTP, no JSON, no cache. */
    static void inProcess(BenchStore store, int repeats, Map<String, Double> figures) {
        QueryService service = new QueryService(store.analytics(), Optional.of(store.rollups()), QueryTelemetry.NONE);
        for (IngestAndQueries.Query query : IngestAndQueries.QUERIES) {
            RequestContext context = new RequestContext(IngestAndQueries.PROJECT, Instant.now(), Definitions.NONE);
            Supplier<Object> answer = switch (query.path()) {
                case "/v1/funnels" -> () -> service.funnel(valid(FunnelRequest.parse(query.body(), context)));
                case "/v1/retention" -> () -> service.retention(valid(RetentionRequest.parse(query.body(), context)));
                default -> () -> service.report(valid(ReportRequest.parse(query.body(), context)));
            };
            for (int i = 0; i < 2; i++) {
                answer.get(); // warm-up
            }
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < repeats; i++) {
                long t = System.nanoTime();
                answer.get();
                times.add(System.nanoTime() - t);
            }
            figures.put(query.name() + "_engine_p50_ms", Measure.percentileMs(times, 50));
            figures.put(query.name() + "_engine_p95_ms", Measure.percentileMs(times, 95));
        }
    }

    static void overHttp(Tally tally, int repeats, Map<String, Double> figures) throws Exception {
        HttpClient client = Http.client();
        String base = "http://127.0.0.1:" + tally.port();
        for (IngestAndQueries.Query query : IngestAndQueries.QUERIES) {
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

    /** API time over engine time (p50), per query. */
    static void ratios(Map<String, Double> figures) {
        for (IngestAndQueries.Query query : IngestAndQueries.QUERIES) {
            figures.put(query.name() + "_api_over_engine_p50", figures.get(query.name() + "_api_uncached_p50_ms")
                    / figures.get(query.name() + "_engine_p50_ms"));
        }
    }
}
