package io.tally.ops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tally.adapter.out.duckdb.DuckDbConfig;
import io.tally.adapter.out.duckdb.DuckDbStores;
import io.tally.application.port.out.QueryTelemetry;
import io.tally.application.service.QueryService;
import io.tally.bootstrap.Tally;
import io.tally.domain.event.Event;
import io.tally.domain.event.EventWire;
import io.tally.domain.event.Validated;
import io.tally.domain.request.Definitions;
import io.tally.domain.request.FunnelRequest;
import io.tally.domain.request.ReportRequest;
import io.tally.domain.request.RequestContext;
import io.tally.domain.request.RetentionRequest;
import io.tally.domain.sample.TrafficGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Tally measured beside the engine under it, in one process and one run, so that the ratios hold on a noisy machine:
 * HTTP ingestion against appending the same events to DuckDB in-process; each dashboard query through the API
 * (uncached and cached) against the same query answered in-process by the same service and engine; bytes stored
 * per event against the events' NDJSON. Usage: {@code ops/bench/run.sh [--events N] [--runs R] [--senders S]}.
 */
public final class Bench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROJECT = "default";
    private static final Map<String, Object> DASHBOARD_24H = Map.of("metrics", List.of("pageviews", "visitors"),
            "dimensions", List.of("time:hour"), "date_range", "last_24h");
    private static final Map<String, Object> REPORT_30D = Map.of("metrics", List.of("events", "visitors"),
            "dimensions", List.of("event_type", "time:day"), "date_range", "last_30d", "compare", "previous_period");
    private static final Map<String, Object> FUNNEL = Map.of("steps", List.of(Map.of("event", "page_view"),
            Map.of("event", "sign_up"), Map.of("event", "purchase")), "date_range", "last_30d");
    private static final Map<String, Object> RETENTION = Map.of("start_event", Map.of("event", "sign_up"),
            "return_event", Map.of("event", "page_view"), "period", "week", "periods", 8, "date_range", "last_60d");

    private record Query(String name, String path, Map<String, Object> body) {
    }

    private static final List<Query> QUERIES = List.of(new Query("dashboard_24h_hourly", "/v1/query", DASHBOARD_24H),
            new Query("report_type_by_day_30d_compare", "/v1/query", REPORT_30D),
            new Query("funnel_3_steps_30d", "/v1/funnels", FUNNEL),
            new Query("retention_8_weeks", "/v1/retention", RETENTION));

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        int events = intArg(args, "--events", 1_000_000);
        int runs = intArg(args, "--runs", 3);
        int senders = intArg(args, "--senders", 4);
        int batch = intArg(args, "--batch", 1_000);
        int repeats = intArg(args, "--repeats", 15);
        Path out = Path.of(stringArg(args, "--out", "ops/bench/results"));
        List<Map<String, Double>> results = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            Map<String, Double> figures = run(events, senders, batch, repeats, run);
            System.out.println("run " + run + ": " + figures);
            results.add(figures);
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        for (String key : results.getFirst().keySet()) {
            List<Double> values = new ArrayList<>(results.stream().map(r -> r.get(key)).toList());
            Collections.sort(values);
            medians.put(key, values.get(values.size() / 2));
        }
        Files.createDirectories(out);
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("date", Instant.now().toString());
        file.put("machine", machine());
        file.put("settings", Map.of("events", events, "runs", runs, "senders", senders, "batch", batch, "repeats", repeats));
        file.put("runs", results);
        file.put("medians", medians);
        Path written = out.resolve("bench-" + Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(':', '-') + ".json");
        JSON.enable(SerializationFeature.INDENT_OUTPUT).writeValue(written.toFile(), file);
        System.out.println("medians of " + runs + " runs: " + medians);
        System.out.println("written: " + written);
    }

    private static Map<String, Object> machine() {
        return Map.of("cores", Runtime.getRuntime().availableProcessors(), "max_heap_mib", Runtime.getRuntime().maxMemory() >> 20,
                "java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                "os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    private static Map<String, Double> run(int count, int senders, int batch, int repeats, int seed) throws Exception {
        Map<String, Double> figures = new LinkedHashMap<>();
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
        List<Event> events = TrafficGenerator.list(new TrafficGenerator.Settings(count, 60, seed, end, PROJECT));
        List<byte[]> bodies = new ArrayList<>();
        long ndjsonBytes = 0;
        for (int from = 0; from < events.size(); from += batch) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (Event event : events.subList(from, Math.min(events.size(), from + batch))) {
                body.write(JSON.writeValueAsBytes(EventWire.of(event)));
                body.write('\n');
            }
            bodies.add(body.toByteArray());
            ndjsonBytes += body.size();
        }
        Path dir = Files.createTempDirectory("tally-bench");
        Path db = dir.resolve("tally.duckdb");

        // the ceiling: the same events appended to DuckDB in this process, no HTTP, no parsing
        Path rawDb = dir.resolve("raw.duckdb");
        try (DuckDbStores raw = DuckDbStores.open(new DuckDbConfig(rawDb, 0, ""))) {
            long started = System.nanoTime();
            for (int from = 0; from < events.size(); from += 5_000) {
                raw.eventStore().append(events.subList(from, Math.min(events.size(), from + 5_000)));
            }
            figures.put("ingest_raw_duckdb_events_per_s", count / seconds(started));
        }

        Tally tally = Tally.start(Map.of("server.port", "0", "server.host", "127.0.0.1", "store.path", db.toString(),
                "auth.keys-required", "false", "limits.kind", "none", "enrichment.keep-bots", "true",
                "ingest.queue-capacity", "500000", "alerts.enabled", "false"));
        try {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + tally.port();
            ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
            AtomicInteger next = new AtomicInteger();
            AtomicLong refused = new AtomicLong();
            long started = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                        while (true) {
                            long t = System.nanoTime();
                            int status = send(client, HttpRequest.newBuilder(URI.create(base + "/v1/events"))
                                    .header("Content-Type", "application/x-ndjson")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i))).build()).statusCode();
                            latencies.add(System.nanoTime() - t);
                            if (status == 202) {
                                break;
                            }
                            refused.incrementAndGet(); // 503 while the writer is full: back off, send again
                            sleep(5);
                        }
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            double accepted = seconds(started);
            while (storedEvents(client, base) < count) {
                sleep(50);
            }
            double stored = seconds(started);
            figures.put("ingest_http_accepted_events_per_s", count / accepted);
            figures.put("ingest_http_stored_events_per_s", count / stored);
            figures.put("ingest_http_stored_share_of_raw", (count / stored) / figures.get("ingest_raw_duckdb_events_per_s"));
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            figures.put("ingest_http_request_p50_ms", percentile(sorted, 50) / 1e6);
            figures.put("ingest_http_request_p99_ms", percentile(sorted, 99) / 1e6);
            figures.put("ingest_http_refused_503", (double) refused.get());

            for (Query query : QUERIES) {
                String uri = base + query.path();
                byte[] body = JSON.writeValueAsBytes(query.body());
                for (int i = 0; i < 2; i++) {
                    post(client, uri + "?refresh=force", body); // warm-up
                }
                List<Long> uncached = new ArrayList<>();
                for (int i = 0; i < repeats; i++) {
                    long t = System.nanoTime();
                    post(client, uri + "?refresh=force", body);
                    uncached.add(System.nanoTime() - t);
                }
                List<Long> cached = new ArrayList<>();
                for (int i = 0; i < repeats * 2; i++) {
                    long t = System.nanoTime();
                    post(client, uri, body);
                    cached.add(System.nanoTime() - t);
                }
                Collections.sort(uncached);
                Collections.sort(cached);
                figures.put(query.name() + "_api_uncached_p50_ms", percentile(uncached, 50) / 1e6);
                figures.put(query.name() + "_api_uncached_p95_ms", percentile(uncached, 95) / 1e6);
                figures.put(query.name() + "_api_cached_p50_ms", percentile(cached, 50) / 1e6);
                figures.put(query.name() + "_api_cached_p95_ms", percentile(cached, 95) / 1e6);
            }
        } finally {
            tally.close();
        }
        figures.put("storage_duckdb_bytes_per_event", (double) Files.size(db) / count);
        figures.put("storage_ndjson_bytes_per_event", (double) ndjsonBytes / count);

        // the same queries in this process through the same service and engine, on the same file: no HTTP, no JSON
        try (DuckDbStores stores = DuckDbStores.open(new DuckDbConfig(db, 0, ""))) {
            QueryService service = new QueryService(stores.analyticsEngine(), Optional.of(stores.rollupStore()), QueryTelemetry.NONE);
            for (Query query : QUERIES) {
                RequestContext context = new RequestContext(PROJECT, Instant.now(), Definitions.NONE);
                Supplier<Object> answer = switch (query.path()) {
                    case "/v1/funnels" -> () -> service.funnel(valid(FunnelRequest.parse(query.body(), context)));
                    case "/v1/retention" -> () -> service.retention(valid(RetentionRequest.parse(query.body(), context)));
                    default -> () -> service.report(valid(ReportRequest.parse(query.body(), context)));
                };
                answer.get();
                List<Long> times = new ArrayList<>();
                for (int i = 0; i < repeats; i++) {
                    long t = System.nanoTime();
                    answer.get();
                    times.add(System.nanoTime() - t);
                }
                Collections.sort(times);
                figures.put(query.name() + "_engine_p50_ms", percentile(times, 50) / 1e6);
                figures.put(query.name() + "_engine_p95_ms", percentile(times, 95) / 1e6);
                figures.put(query.name() + "_api_over_engine_p50", figures.get(query.name() + "_api_uncached_p50_ms")
                        / figures.get(query.name() + "_engine_p50_ms"));
            }
        }
        return figures;
    }

    private static <T> T valid(Validated<T> parsed) {
        return switch (parsed) {
            case Validated.Valid<T> v -> v.value();
            case Validated.Invalid<T> invalid -> throw new IllegalArgumentException(invalid.violations().toString());
        };
    }

    private static long storedEvents(HttpClient client, String base) throws IOException {
        JsonNode answer = JSON.readTree(post(client, base + "/v1/query?refresh=force",
                JSON.writeValueAsBytes(Map.of("metrics", List.of("events"), "date_range", "last_90d"))));
        return answer.get("totals").get("events").asLong();
    }

    private static byte[] post(HttpClient client, String uri, byte[] body) {
        HttpResponse<byte[]> response = sendBytes(client, HttpRequest.newBuilder(URI.create(uri))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + new String(response.body()));
        }
        return response.body();
    }

    private static HttpResponse<Void> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<byte[]> sendBytes(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int intArg(String[] args, String name, int fallback) {
        return Integer.parseInt(stringArg(args, name, String.valueOf(fallback)));
    }

    private static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
