package io.tally.ops.bench;

import io.tally.bootstrap.Tally;
import io.tally.bootstrap.load.Batch;
import io.tally.bootstrap.load.IngestLoad;
import io.tally.bootstrap.load.LoadReport;
import io.tally.domain.event.Event;
import io.tally.domain.event.EventWire;
import io.tally.domain.sample.TrafficGenerator;
import io.tally.domain.time.Retention;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.tally.ops.bench.Http.JSON;

/**
 * Ingestion over HTTP beside the same events appended to the store in-process (and, on DuckDB, beside the bare
 * Appender: {@link BareAppender}); then each dashboard query through
 * the API (uncached and cached) beside the same query answered in-process by the same service and engine on the
 * same data, both on a quiet machine (the API on a fresh server over the stored data, not beside its writer);
 * then the bytes stored.
 */
final class IngestAndQueries {

    static final String PROJECT = "default";
    private static final Duration RETRY_WAIT = Duration.ofMillis(5);

    record Query(String name, String path, Map<String, Object> body) {
    }

    static final List<Query> QUERIES = List.of(
            new Query("dashboard_24h_hourly", "/v1/query", Map.of("metrics", List.of("pageviews", "visitors"),
                    "dimensions", List.of("time:hour"), "date_range", "last_24h")),
            new Query("report_type_by_day_30d_compare", "/v1/query", Map.of("metrics", List.of("events", "visitors"),
                    "dimensions", List.of("event_type", "time:day"), "date_range", "last_30d", "compare", "previous_period")),
            new Query("funnel_3_steps_30d", "/v1/funnels", Map.of("steps", List.of(Map.of("event", "page_view"),
                    Map.of("event", "sign_up"), Map.of("event", "purchase")), "date_range", "last_30d")),
            new Query("retention_8_weeks", "/v1/retention", Map.of("start_event", Map.of("event", "sign_up"),
                    "return_event", Map.of("event", "page_view"), "period", "week", "periods", 8, "date_range", "last_60d")));

    private final Bench.Options options;

    IngestAndQueries(Bench.Options options) {
        this.options = options;
    }

    /** The settings of a server for the benchmark: no keys, no rate limits, bots kept, a deep queue. */
    static Map<String, String> serverSettings(Bench.Options options, Path place) {
        Map<String, String> settings = new HashMap<>(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "auth.keys-required", "false", "limits.kind", "none", "enrichment.keep-bots", "true",
                "ingest.queue-capacity", "500000", "alerts.enabled", "false",
                // the retention the bench's own store opened with: another would make the ClickHouse server's start
                // MODIFY TTL, and the engine would rewrite every part in the background while the API is timed
                "ingest.retention-days", String.valueOf(Retention.ALL.days())));
        settings.putAll(BenchStore.tallySettings(options.store(), place, options.chdbLibrary()));
        settings.putAll(options.serverSettings());
        return settings;
    }

    Map<String, Double> run(int seed) throws Exception {
        Map<String, Double> figures = new LinkedHashMap<>();
        int count = options.events();
        List<Event> events = TrafficGenerator.list(new TrafficGenerator.Settings(count, 60, seed,
                Instant.now().truncatedTo(ChronoUnit.HOURS), PROJECT));
        List<Batch> batches = new ArrayList<>();
        long ndjsonBytes = 0;
        for (int from = 0; from < events.size(); from += options.batch()) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            List<Event> batch = events.subList(from, Math.min(events.size(), from + options.batch()));
            for (Event event : batch) {
                body.write(JSON.writeValueAsBytes(EventWire.of(event)));
                body.write('\n');
            }
            batches.add(new Batch(batch.size(), body.toByteArray()));
            ndjsonBytes += body.size();
        }
        Path dir = Files.createTempDirectory("tally-bench");
        Path place = dir.resolve(options.store().equals("duckdb") ? "tally.duckdb" : "clickhouse");

        // the ceiling: the same events appended by the store's adapter in this process; no HTTP, no parsing
        try (BenchStore raw = BenchStore.open(options, dir.resolve("raw-" + place.getFileName()))) {
            long started = System.nanoTime();
            for (int from = 0; from < events.size(); from += 5_000) {
                raw.events().append(events.subList(from, Math.min(events.size(), from + 5_000)));
            }
            figures.put("ingest_raw_events_per_s", count / Measure.seconds(started));
        }
        if (options.store().equals("duckdb")) { // the engine's own limit beside the adapter, same events, same batches
            figures.put("ingest_bare_appender_rows_per_s", BareAppender.rowsPerSecond(events, dir.resolve("bare.duckdb"), 5_000));
            figures.put("ingest_raw_share_of_bare_appender", figures.get("ingest_raw_events_per_s")
                    / figures.get("ingest_bare_appender_rows_per_s"));
        }
        events = null; // let the heap go before the server starts

        try (Tally tally = Tally.start(serverSettings(options, place))) {
            ingestOverHttp(tally, batches, count, figures);
        }
        figures.put("ingest_http_stored_share_of_raw", figures.get("ingest_http_stored_events_per_s")
                / figures.get("ingest_raw_events_per_s"));

        try (BenchStore store = BenchStore.open(options, place)) {
            figures.putAll(store.storage(count));
            figures.put("storage_ndjson_bytes_per_event", (double) ndjsonBytes / count);
            QueryTimings.inProcess(store, QUERIES, options.repeats(), figures);
        }
        try (Tally tally = Tally.start(serverSettings(options, place))) {
            QueryTimings.overHttp(tally, QUERIES, options.repeats(), figures);
        }
        QueryTimings.ratios(QUERIES, figures);
        return figures;
    }

    /**
     * The batches sent by {@code tally bench-ingest}'s sender, as fast as it goes, {@code --senders} in flight. A batch
     * refused while the writer is full is sent again after 5 ms, not the answer's whole-second {@code Retry-After}: the
     * suite measures the most the server takes, as its earlier runs in BENCHMARKS.md did.
     */
    private void ingestOverHttp(Tally tally, List<Batch> batches, int count, Map<String, Double> figures) throws Exception {
        HttpClient client = Http.client();
        String base = "http://127.0.0.1:" + tally.port();
        long started = System.nanoTime();
        LoadReport sent = new IngestLoad(client, new IngestLoad.Target(URI.create(base), Optional.empty()),
                new IngestLoad.Pace(0, options.senders(), Optional.empty(), Optional.of(RETRY_WAIT)), line -> { }).run(batches.iterator());
        if (sent.accepted() != count) {
            throw new IllegalStateException("the server accepted " + sent.accepted() + " of " + count + " events: " + sent.text());
        }
        double accepted = Measure.seconds(started);
        while (Http.storedEvents(client, base) < count) {
            Measure.sleep(50);
        }
        double stored = Measure.seconds(started);
        figures.put("ingest_http_accepted_events_per_s", count / accepted);
        figures.put("ingest_http_stored_events_per_s", count / stored);
        figures.put("ingest_http_request_p50_ms", sent.latency().p50());
        figures.put("ingest_http_request_p99_ms", sent.latency().p99());
        figures.put("ingest_http_refused_503", (double) sent.errorsByStatus().getOrDefault("503", 0L));
    }

}
