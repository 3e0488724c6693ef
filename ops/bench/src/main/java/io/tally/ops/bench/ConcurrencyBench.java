package io.tally.ops.bench;

import io.tally.bootstrap.Tally;
import io.tally.domain.event.Event;
import io.tally.domain.sample.TrafficGenerator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.tally.ops.bench.Http.JSON;

/**
 * Many dashboard users at once on one node over the stored data set. Each of {@code --clients} users keeps one
 * live WebSocket subscription open and, over keep-alive HTTP, loads its dashboard (the four benchmark queries, one
 * after the other, cache warm) then waits {@code --think-ms} before loading it again, for {@code --seconds}; a
 * trickle of new events keeps the live answers changing. The ceiling, measured first in the same run: the same
 * users loading {@code /observe/health/live} four times instead, for half as long (the HTTP stack doing the least
 * work it can).
 */
final class ConcurrencyBench {

    private static final Map<String, Object> LIVE_QUERY = Map.of("metrics", List.of("events", "visitors"),
            "dimensions", List.of("event_type"), "window", "30m", "interval", "1s");

    private final Bench.Options options;

    ConcurrencyBench(Bench.Options options) {
        this.options = options;
    }

    Map<String, Double> run(int seed) throws Exception {
        Path place = Files.createTempDirectory("tally-bench").resolve(options.store().equals("duckdb") ? "tally.duckdb" : "clickhouse");
        try (BenchStore store = BenchStore.open(options, place)) {
            List<Event> events = TrafficGenerator.list(new TrafficGenerator.Settings(options.events(), 60, seed,
                    Instant.now().truncatedTo(ChronoUnit.HOURS), IngestAndQueries.PROJECT));
            for (int from = 0; from < events.size(); from += 5_000) {
                store.events().append(events.subList(from, Math.min(events.size(), from + 5_000)));
            }
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        try (Tally tally = Tally.start(IngestAndQueries.serverSettings(options, place))) {
            String base = "http://127.0.0.1:" + tally.port();
            HttpClient client = Http.client();
            List<HttpRequest> dashboard = new ArrayList<>();
            for (IngestAndQueries.Query query : IngestAndQueries.QUERIES) {
                byte[] body = JSON.writeValueAsBytes(query.body());
                Http.post(client, base + query.path(), body); // the cache is warm, as for a dashboard already open
                dashboard.add(HttpRequest.newBuilder(URI.create(base + query.path())).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
            }
            HttpRequest health = HttpRequest.newBuilder(URI.create(base + "/observe/health/live")).GET().build();
            Load ceiling = load(client, List.of(health, health, health, health), options.seconds() / 2);
            figures.put("concurrency_health_requests_per_s", ceiling.perSecond());
            figures.put("concurrency_health_p50_ms", Measure.percentileMs(ceiling.latencies(), 50));
            figures.put("concurrency_health_p95_ms", Measure.percentileMs(ceiling.latencies(), 95));
            figures.put("concurrency_health_errors", (double) ceiling.errors());

            LiveClients live = LiveClients.open(base.replace("http", "ws") + "/v1/live", options.clients());
            AtomicLong trickled = new AtomicLong();
            Thread trickle = Thread.ofPlatform().daemon().start(() -> trickle(client, base, trickled));
            Load dashboards;
            try {
                dashboards = load(client, dashboard, options.seconds());
            } finally {
                trickle.interrupt();
            }
            figures.put("concurrency_dashboard_requests_per_s", dashboards.perSecond());
            figures.put("concurrency_dashboard_p50_ms", Measure.percentileMs(dashboards.latencies(), 50));
            figures.put("concurrency_dashboard_p95_ms", Measure.percentileMs(dashboards.latencies(), 95));
            figures.put("concurrency_dashboard_p99_ms", Measure.percentileMs(dashboards.latencies(), 99));
            figures.put("concurrency_dashboard_errors", (double) dashboards.errors());
            figures.put("concurrency_dashboard_p95_over_health_p95", figures.get("concurrency_dashboard_p95_ms")
                    / figures.get("concurrency_health_p95_ms"));
            figures.put("concurrency_trickle_events_accepted", (double) trickled.get());
            figures.put("concurrency_live_clients_with_snapshot", (double) live.withSnapshot());
            figures.put("concurrency_live_updates_per_client", (double) live.updates() / options.clients());
            figures.put("concurrency_live_errors", (double) live.errors());
            System.gc();
            figures.put("concurrency_process_rss_mib", Measure.residentMib());
            figures.put("concurrency_heap_used_mib", (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1048576.0);
            live.close();
        }
        return figures;
    }

    private record Load(List<Long> latencies, long errors, double perSecond) {
    }

    /** {@code --clients} users on virtual threads, each sending {@code requests} in turn, then thinking, until time is up. */
    private Load load(HttpClient client, List<HttpRequest> requests, int seconds) throws InterruptedException {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long started = System.nanoTime();
        List<Thread> users = new ArrayList<>();
        for (int u = 0; u < options.clients(); u++) {
            long firstDelay = (long) (Math.random() * options.thinkMillis()); // users do not all arrive at once
            users.add(Thread.ofVirtual().start(() -> {
                Measure.sleep(firstDelay);
                while (System.nanoTime() < deadline) {
                    for (HttpRequest request : requests) {
                        long t = System.nanoTime();
                        try {
                            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                            if (status != 200) {
                                errors.incrementAndGet();
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                        latencies.add(System.nanoTime() - t);
                    }
                    Measure.sleep(options.thinkMillis());
                }
            }));
        }
        for (Thread user : users) {
            user.join();
        }
        return new Load(new ArrayList<>(latencies), errors.get(), latencies.size() / Measure.seconds(started));
    }

    /** About 200 new events a second, so the live answers keep changing. */
    private static void trickle(HttpClient client, String base, AtomicLong accepted) {
        long n = 0;
        boolean failureShown = false;
        while (!Thread.currentThread().isInterrupted()) {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < 20; i++, n++) {
                body.append("{\"event_id\":\"").append(UUID.randomUUID()).append("\",\"user_id\":\"live-").append(n % 500)
                        .append("\",\"session_id\":\"live-session-").append(n % 500)
                        .append("\",\"event_type\":\"page_view\",\"timestamp\":\"").append(Instant.now()).append("\"}\n");
            }
            try {
                var response = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/events"))
                        .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    accepted.addAndGet(20);
                } else {
                    throw new IllegalStateException("the trickle was refused: " + response.statusCode() + " " + response.body());
                }
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // fewer updates, not a failed run: concurrency_trickle_events_accepted shows how many went in
                if (!failureShown) {
                    System.err.println("the trickle of new events failed: " + e.getMessage());
                    failureShown = true;
                }
            }
        }
    }

    /** The live WebSocket clients: each subscribes to the same live query and counts what it is sent. */
    private static final class LiveClients implements AutoCloseable {
        private final List<WebSocket> sockets = new ArrayList<>();
        private final AtomicLong snapshots = new AtomicLong();
        private final AtomicLong updates = new AtomicLong();
        private final AtomicLong errors = new AtomicLong();

        static LiveClients open(String uri, int count) throws Exception {
            LiveClients clients = new LiveClients();
            HttpClient client = HttpClient.newHttpClient();
            String subscribe = JSON.writeValueAsString(Map.of("type", "subscribe", "id", "q", "query", LIVE_QUERY));
            List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                opening.add(client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                        .buildAsync(URI.create(uri), clients.listener()));
            }
            for (CompletableFuture<WebSocket> socket : opening) {
                WebSocket ws = socket.get(60, TimeUnit.SECONDS);
                ws.sendText(subscribe, true).get(30, TimeUnit.SECONDS);
                clients.sockets.add(ws);
            }
            return clients;
        }

        private WebSocket.Listener listener() {
            return new WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        String message = text.toString();
                        text.setLength(0);
                        if (message.contains("\"type\":\"snapshot\"")) {
                            snapshots.incrementAndGet();
                        } else if (message.contains("\"type\":\"update\"")) {
                            updates.incrementAndGet();
                        } else if (message.contains("\"type\":\"error\"")) {
                            errors.incrementAndGet();
                        }
                    }
                    socket.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
                    if (status != WebSocket.NORMAL_CLOSURE) {
                        errors.incrementAndGet();
                    }
                    return null;
                }

                @Override
                public void onError(WebSocket socket, Throwable error) {
                    errors.incrementAndGet();
                }
            };
        }

        long withSnapshot() {
            return snapshots.get();
        }

        long updates() {
            return updates.get();
        }

        long errors() {
            return errors.get();
        }

        @Override
        public void close() {
            for (WebSocket socket : sockets) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            }
        }
    }
}
