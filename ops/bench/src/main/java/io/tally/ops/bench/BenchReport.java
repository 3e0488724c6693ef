package io.tally.ops.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;

import static io.tally.ops.bench.Http.JSON;

/**
 * Writes the tables of {@code BENCHMARKS.md} from a results file: the part between the {@code generated} markers is
 * replaced, the analysis around it (written by people, from profiles) is kept. Usage:
 * {@code BenchReport results.json BENCHMARKS.md}.
 */
public final class BenchReport {

    static final String START = "<!-- generated from the results file by BenchReport: do not edit by hand -->";
    static final String END = "<!-- end of generated tables -->";

    private final JsonNode results;
    private final String file;
    private final StringBuilder out = new StringBuilder();

    private BenchReport(JsonNode results, String file) {
        this.results = results;
        this.file = file;
    }

    /** {@code BenchReport results.json… BENCHMARKS.md}: the tables of each results file, in the order given. */
    public static void main(String[] args) throws IOException {
        Path markdown = Path.of(args[args.length - 1]);
        StringBuilder tables = new StringBuilder();
        for (int i = 0; i < args.length - 1; i++) {
            Path resultsFile = Path.of(args[i]);
            tables.append(new BenchReport(JSON.readTree(resultsFile.toFile()), resultsFile.getFileName().toString()).tables());
        }
        String existing = Files.exists(markdown) ? Files.readString(markdown) : "# Benchmarks\n\n" + START + "\n" + END + "\n";
        int start = existing.indexOf(START);
        int end = existing.indexOf(END);
        if (start < 0 || end < start) {
            throw new IllegalStateException(markdown + " lacks the generated-part markers:\n" + START + "\n" + END);
        }
        Files.writeString(markdown, existing.substring(0, start) + START + "\n" + tables + existing.substring(end));
    }

    private String tables() {
        JsonNode settings = results.get("settings");
        JsonNode machine = results.get("machine");
        line("");
        line("## Run of " + results.get("date").asText().substring(0, 16).replace('T', ' ') + " UTC: "
                + suites(settings));
        line("");
        line("- Command: `" + results.get("command").asText() + "`");
        line("- Machine: " + machine.get("cores").asInt() + " cores, " + machine.get("max_heap_mib").asInt() + " MiB heap, "
                + machine.get("java").asText() + ", " + machine.get("os").asText() + "; " + results.get("date").asText().substring(0, 10));
        boolean loadsLarge = suiteNames(settings).contains("queries");
        boolean ingests = suiteNames(settings).stream().anyMatch(suite -> !suite.equals("queries"));
        line("- Data: " + (ingests ? fmt(settings.get("events").asDouble()) + " generated events (`TrafficGenerator`, 60 days, seed = run) per run" : "`TrafficGenerator`, 60 days")
                + (loadsLarge ? "; for the large queries " + String.join(", ", sizes().stream().map(size -> fmt(size)).toList())
                + " events (seed 1), loaded once per store" + (sizes().size() > 1 ? " and size" : "") : "")
                + "; " + settings.get("runs").asInt() + " runs");
        line("- Results: [`ops/bench/results/" + file + "`](ops/bench/results/" + file + ") (every run and the medians)");
        line("- Each cell: the median of the runs, then every run's value in brackets.");
        for (JsonNode store : settings.get("stores")) {
            String s = store.asText();
            if (!results.get("medians").has(s + ".ingest_raw_events_per_s") && !results.get("medians").has(s + ".kafka_plain_consumer_events_per_s")
                    && !results.get("medians").has(s + ".concurrency_dashboard_p95_ms")
                    && largePrefixes(s).isEmpty()) {
                continue;
            }
            line("");
            line("### " + (s.equals("duckdb") ? "DuckDB (the embedded default)" : "ClickHouse embedded (chDB, ClickHouse 26.5)"));
            ingestion(s);
            kafka(s);
            queries(s, "", "Queries on " + fmt(results.get("settings").get("events").asDouble()) + " events (the ingested data set)");
            storage(s, "", "Storage");
            for (Map.Entry<Long, String> large : largePrefixes(s).entrySet()) {
                queries(s, large.getValue(), "Queries on " + fmt(large.getKey())
                        + " events (appended by the adapter, loaded once, timed in every run)");
                approximate(s, large.getValue(), fmt(large.getKey()));
                loading(s, large.getValue(), fmt(large.getKey()));
                storage(s, large.getValue(), "Storage of the large data set" + (sizes().size() > 1 ? " of " + fmt(large.getKey()) + " events" : ""));
            }
            concurrency(s);
        }
        dashboardBySize();
        goals();
        issue20Goals();
        return out.toString();
    }

    /** The sizes of the large data set: {@code query_event_sizes}, or the one {@code query_events} of older files. */
    private List<Long> sizes() {
        JsonNode settings = results.get("settings");
        List<Long> sizes = new ArrayList<>();
        if (settings.has("query_event_sizes")) {
            settings.get("query_event_sizes").forEach(size -> sizes.add(size.asLong()));
        } else if (settings.has("query_events")) {
            sizes.add(settings.get("query_events").asLong());
        }
        return sizes;
    }

    /** Each size whose queries were measured on the store, with its figures' prefix ({@link QueryBench#prefix}). */
    private Map<Long, String> largePrefixes(String store) {
        List<Integer> sizes = sizes().stream().map(Long::intValue).toList();
        Map<Long, String> prefixes = new LinkedHashMap<>();
        for (int size : sizes) {
            String prefix = QueryBench.prefix(sizes, size);
            if (!measured(store, prefix, LargeQueries.ALL).isEmpty()) {
                prefixes.put((long) size, prefix);
            }
        }
        return prefixes;
    }

    /** The queries of {@code queries} measured on the store at {@code prefix}: a run of {@code --queries} measures some. */
    private List<IngestAndQueries.Query> measured(String store, String prefix, List<IngestAndQueries.Query> queries) {
        return queries.stream().filter(query -> has(store + "." + prefix + query.name() + "_engine_p50_ms")).toList();
    }

    private static List<String> suiteNames(JsonNode settings) {
        List<String> names = new ArrayList<>();
        settings.get("suites").forEach(suite -> names.add(suite.asText()));
        return names;
    }

    private static String suites(JsonNode settings) {
        return String.join(", ", suiteNames(settings));
    }

    private void ingestion(String s) {
        if (!has(s + ".ingest_raw_events_per_s")) {
            return;
        }
        header("Ingestion over HTTP", "figure", "median (runs)");
        row("raw ceiling: the same events appended by the store's adapter in-process (batches of 5,000), events/s", cell(s + ".ingest_raw_events_per_s"));
        row("HTTP accepted (validated, enriched, queued), events/s", cell(s + ".ingest_http_accepted_events_per_s"));
        row("HTTP stored (until every event is queryable), events/s", cell(s + ".ingest_http_stored_events_per_s"));
        row("HTTP stored ÷ raw ceiling", cell(s + ".ingest_http_stored_share_of_raw"));
        if (has(s + ".ingest_bare_appender_rows_per_s")) {
            row("the engine's limit: DuckDB's Appender alone, the same rows prebuilt, into Tally's `events` (batches of 5,000), rows/s",
                    cell(s + ".ingest_bare_appender_rows_per_s"));
            row("raw ceiling ÷ the engine's limit", cell(s + ".ingest_raw_share_of_bare_appender"));
        }
        row("request latency p50 / p99, ms", cell(s + ".ingest_http_request_p50_ms") + " / " + cell(s + ".ingest_http_request_p99_ms"));
        row("requests refused with 503 (writer full) and sent again", cell(s + ".ingest_http_refused_503"));
    }

    /** The large data set's load through the adapter: its rate and the process's resident memory as it grew. */
    private void loading(String s, String prefix, String size) {
        String key = s + "." + prefix + "load_";
        if (!has(key + "events_per_s")) {
            return;
        }
        header("Loading " + size + " events through the adapter (batches of 50,000, time order)", "figure", "median (runs)");
        row("events/s, overall", cell(key + "events_per_s"));
        for (String at : List.of("1m", "10m", "100m", "end")) {
            if (has(key + "rss_mib_" + at)) {
                row("resident memory after " + (at.equals("end") ? "the last event" : at.replace("m", " million")) + ", MiB (peak so far)",
                        cell(key + "rss_mib_" + at) + " (" + cell(key + "rss_peak_mib_" + at) + ")");
            }
        }
    }

    private void kafka(String s) {
        if (!has(s + ".kafka_plain_consumer_events_per_s")) {
            return;
        }
        header("Ingestion through Kafka (local KRaft broker, 3 partitions, one event per record)", "figure", "median (runs)");
        row("producing the topic (lz4, acknowledged), events/s", cell(s + ".kafka_produce_events_per_s"));
        row("ceiling: a plain consumer reading the topic, doing nothing, events/s", cell(s + ".kafka_plain_consumer_events_per_s"));
        row("Tally in Kafka mode, from start until every event is queryable, events/s", cell(s + ".kafka_tally_stored_events_per_s"));
        row("Tally ÷ plain consumer", cell(s + ".kafka_tally_share_of_plain_consumer"));
    }

    private void queries(String s, String prefix, String title) {
        // an older file lacks the queries that joined the suite since; a run of --queries has only those it names
        List<IngestAndQueries.Query> measured = measured(s, prefix, prefix.isEmpty() ? IngestAndQueries.QUERIES : LargeQueries.ALL);
        if (measured.isEmpty()) {
            return;
        }
        boolean limits = measured.stream().anyMatch(query -> has(s + "." + prefix + query.name() + "_limit_p50_ms"));
        List<String> columns = new ArrayList<>(List.of("query", "api uncached p50 / p95 ms", "api cached p50 / p95 ms",
                "engine p50 / p95 ms", "api ÷ engine (p50)"));
        if (limits) {
            columns.addAll(List.of("limit p50 / p95 ms", "api ÷ limit (p50)"));
        }
        header(title + (limits ? ": the API beside the same query in-process and the hand-written SQL (the limit)"
                : ": the API beside the same query in-process"), columns.toArray(String[]::new));
        for (IngestAndQueries.Query query : measured) {
            String q = s + "." + prefix + query.name();
            List<String> cells = new ArrayList<>(List.of(query.name(), cell(q + "_api_uncached_p50_ms") + " / " + cell(q + "_api_uncached_p95_ms"),
                    cell(q + "_api_cached_p50_ms") + " / " + cell(q + "_api_cached_p95_ms"),
                    cell(q + "_engine_p50_ms") + " / " + cell(q + "_engine_p95_ms"), cell(q + "_api_over_engine_p50")));
            if (limits) {
                cells.addAll(List.of(cell(q + "_limit_p50_ms") + " / " + cell(q + "_limit_p95_ms"), cell(q + "_api_over_limit_p50")));
            }
            row(cells.toArray(String[]::new));
        }
    }

    /**
     * The compared report exact and approximate side by side: both against the exact report's hand-written limit, and
     * the largest relative error of the estimated visitors against the exact ones.
     */
    private void approximate(String s, String prefix, String events) {
        String exact = s + "." + prefix + LargeQueries.exactTwin(LargeQueries.COMPARE_APPROX);
        String approx = s + "." + prefix + LargeQueries.COMPARE_APPROX;
        if (!has(approx + "_engine_p50_ms")) {
            return;
        }
        header("Exact and approximate visitors, " + events + " events (" + LargeQueries.exactTwin(LargeQueries.COMPARE_APPROX)
                + "; the limit is the exact hand-written SQL for both)", "accuracy", "api uncached p50 / p95 ms",
                "engine p50 / p95 ms", "limit p50 ms", "api ÷ limit (p50)", "visitors: largest relative error");
        for (String[] kind : new String[][]{{"exact", exact}, {"approximate", approx}}) {
            String q = kind[1];
            row(kind[0], cell(q + "_api_uncached_p50_ms") + " / " + cell(q + "_api_uncached_p95_ms"),
                    cell(q + "_engine_p50_ms") + " / " + cell(q + "_engine_p95_ms"), cell(q + "_limit_p50_ms"),
                    cell(q + "_api_over_limit_p50"), kind[0].equals("exact") ? "0 (exact)"
                            : has(q + "_visitors_max_rel_error") ? String.format(Locale.ROOT, "%.3f %%", median(q + "_visitors_max_rel_error") * 100) : "–");
        }
    }

    /** The 24 h dashboard at each size side by side: its cost should follow the range, not what is stored. */
    private void dashboardBySize() {
        List<Long> sizes = sizes();
        List<String> stores = new ArrayList<>();
        results.get("settings").get("stores").forEach(store -> stores.add(store.asText()));
        if (sizes.size() < 2 || stores.stream().allMatch(s -> largePrefixes(s).values().stream()
                .noneMatch(prefix -> has(s + "." + prefix + "dashboard_24h_hourly_engine_p50_ms")))) {
            return; // not measured at several sizes, or left out by --queries
        }
        List<String> columns = new ArrayList<>(List.of("store", "figure"));
        sizes.forEach(size -> columns.add(fmt(size) + " events"));
        header("The 24 h dashboard (pageviews and visitors by hour) at each size", columns.toArray(String[]::new));
        for (String s : stores) {
            Map<Long, String> prefixes = largePrefixes(s);
            for (String[] figure : new String[][]{{"api uncached p50 / p95 ms", "_api_uncached_p50_ms", "_api_uncached_p95_ms"},
                    {"engine p50 / p95 ms", "_engine_p50_ms", "_engine_p95_ms"}, {"limit p50 / p95 ms", "_limit_p50_ms", "_limit_p95_ms"}}) {
                List<String> cells = new ArrayList<>(List.of(s, figure[0]));
                for (long size : sizes) {
                    String key = s + "." + prefixes.getOrDefault(size, "none_") + "dashboard_24h_hourly";
                    cells.add(cell(key + figure[1]) + " / " + cell(key + figure[2]));
                }
                row(cells.toArray(String[]::new));
            }
        }
    }

    /**
     * Issue 20's bar for each query, store and size: API uncached p95 under the query's target (on 2 cores: the 24 h
     * dashboard 20 ms, funnel, retention, stickiness, lifecycle, trend, conversions and the report by goal 250 ms,
     * every other report 100 ms at 10 M events; every query 1 s at 100 M), and the API within 1.3 × the hand-written limit (p50).
     */
    private void issue20Goals() {
        List<String> stores = new ArrayList<>();
        results.get("settings").get("stores").forEach(store -> stores.add(store.asText()));
        if (stores.stream().noneMatch(s -> largePrefixes(s).values().stream().anyMatch(prefix -> LargeQueries.ALL.stream()
                .anyMatch(query -> has(s + "." + prefix + query.name() + "_limit_p50_ms"))))) {
            return;
        }
        line("");
        line("### Against the goals of issue 20 (medians; the targets are for 10 M events, 1 s for every query at 100 M; "
                + "below 10 M they are shown against the 10 M targets)");
        table("events", "store", "query", "target p95", "api uncached p95", "limit p95", "api ÷ limit (p50), target ≤ 1.3", "met");
        for (String s : stores) {
            for (Map.Entry<Long, String> large : largePrefixes(s).entrySet()) {
                for (IngestAndQueries.Query query : LargeQueries.ALL) {
                    String q = s + "." + large.getValue() + query.name();
                    if (!has(q + "_limit_p50_ms") || !has(q + "_api_uncached_p95_ms")) {
                        continue;
                    }
                    double target = large.getKey() >= 100_000_000 ? 1_000 : target(query.name());
                    double ratio = median(q + "_api_over_limit_p50");
                    boolean met = median(q + "_api_uncached_p95_ms") <= target && ratio <= 1.3;
                    row(fmt(large.getKey()), s, query.name(), "≤ " + fmt(target) + " ms", fmt(median(q + "_api_uncached_p95_ms")) + " ms",
                            fmt(median(q + "_limit_p95_ms")) + " ms", fmt(ratio), met ? "yes" : "no");
                }
            }
        }
    }

    /** Issue 20's p95 target at 10 M events, in ms. */
    static double target(String query) {
        return switch (query) {
            case "dashboard_24h_hourly" -> 20;
            // issue 22: each new insight type has the funnels' target
            case "funnel_3_steps_30d", "funnel_time_to_convert_30d", "funnel_trend_days_30d", "funnel_strict_30d", "funnel_unordered_30d", "funnel_exclusion_30d", "funnel_conversions_30d", "funnel_breakdown_two_dims_30d", "retention_8_weeks",
                 "stickiness_days_30d", "lifecycle_days_30d", "trend_visitors_days_30d", "conversions_30d", "report_by_goal_30d" -> 250;
            default -> 100;
        };
    }

    private void storage(String s, String prefix, String title) {
        String key = s + "." + prefix;
        if (!has(key + "storage_bytes_per_event")) {
            return;
        }
        header(title, "figure", "median (runs)");
        if (has(key + "storage_folder_bytes_per_event")) { // ClickHouse: live parts, then the folder as walked
            row("bytes on disk per event (active parts of every table, `system.parts`)", cell(key + "storage_bytes_per_event"));
            row("bytes in the folder per event (right after the merge: replaced parts not yet removed)",
                    cell(key + "storage_folder_bytes_per_event"));
        } else {
            row("bytes on disk per event (everything in the store's file or folder)", cell(key + "storage_bytes_per_event"));
        }
        if (has(key + "storage_events_compression_ratio")) {
            row("events table, compressed bytes per event (`system.parts`, after merges)", cell(key + "storage_events_compressed_bytes_per_event"));
            row("events table, uncompressed ÷ compressed", cell(key + "storage_events_compression_ratio"));
        }
        if (has(key + "storage_ndjson_bytes_per_event")) {
            row("the same events as NDJSON, bytes per event", cell(key + "storage_ndjson_bytes_per_event"));
        }
    }

    private void concurrency(String s) {
        if (!has(s + ".concurrency_dashboard_p95_ms")) {
            return;
        }
        JsonNode settings = results.get("settings");
        header("Concurrency: " + settings.get("clients").asInt() + " dashboard users, each with a live WebSocket subscription, loading 4 "
                + "widgets then thinking " + settings.get("think_ms").asInt() + " ms, for " + settings.get("seconds").asInt() + " s",
                "figure", "median (runs)");
        row("ceiling: the same users loading `/observe/health/live`, requests/s", cell(s + ".concurrency_health_requests_per_s"));
        row("ceiling p50 / p95 ms, errors", cell(s + ".concurrency_health_p50_ms") + " / " + cell(s + ".concurrency_health_p95_ms")
                + ", " + cell(s + ".concurrency_health_errors"));
        row("dashboards, requests/s", cell(s + ".concurrency_dashboard_requests_per_s"));
        row("dashboards p50 / p95 / p99 ms", cell(s + ".concurrency_dashboard_p50_ms") + " / " + cell(s + ".concurrency_dashboard_p95_ms")
                + " / " + cell(s + ".concurrency_dashboard_p99_ms"));
        row("dashboard errors (non-200 or failed)", cell(s + ".concurrency_dashboard_errors"));
        row("dashboards p95 ÷ ceiling p95", cell(s + ".concurrency_dashboard_p95_over_health_p95"));
        row("live clients that got their snapshot", cell(s + ".concurrency_live_clients_with_snapshot"));
        row("live updates per client (new events trickling in meanwhile)", cell(s + ".concurrency_live_updates_per_client")
                + " (" + cell(s + ".concurrency_trickle_events_accepted") + " events)");
        row("live errors", cell(s + ".concurrency_live_errors"));
        row("process resident memory / heap used after a GC, MiB", cell(s + ".concurrency_process_rss_mib") + " / "
                + cell(s + ".concurrency_heap_used_mib"));
    }

    private void goals() {
        line("");
        line("### Against the goals of issue 8 (medians; queries and compression on the large data set where measured)");
        table("goal", "store", "measured", "met");
        for (JsonNode store : results.get("settings").get("stores")) {
            String s = store.asText();
            goal(s, "≥ 100,000 events/s over HTTP", s + ".ingest_http_stored_events_per_s", v -> v >= 100_000, "/s");
            goal(s, "HTTP ≥ 50% of the raw ceiling", s + ".ingest_http_stored_share_of_raw", v -> v >= 0.5, "");
            goal(s, "≥ 50,000 events/s through Kafka", s + ".kafka_tally_stored_events_per_s", v -> v >= 50_000, "/s");
            String prefix = largePrefixes(s).values().stream().reduce((first, last) -> last).orElse(""); // the largest size
            for (IngestAndQueries.Query query : IngestAndQueries.QUERIES) {
                String q = s + "." + prefix + query.name();
                goal(s, query.name() + ": p95 < 100 ms uncached", q + "_api_uncached_p95_ms", v -> v < 100, " ms");
                goal(s, query.name() + ": p95 < 5 ms cached", q + "_api_cached_p95_ms", v -> v < 5, " ms");
                if (has(q + "_api_uncached_p50_ms")) {
                    double api = median(q + "_api_uncached_p50_ms");
                    double engine = median(q + "_engine_p50_ms");
                    row(query.name() + ": API ≤ 1.2 × engine + 5 ms (p50)", s, fmt(api) + " vs " + fmt(1.2 * engine + 5),
                            api <= 1.2 * engine + 5 ? "yes" : "no");
                }
            }
            goal(s, "concurrency: no errors", s + ".concurrency_dashboard_errors", v -> v == 0, "");
            goal(s, "concurrency: p95 < 100 ms, cache warm", s + ".concurrency_dashboard_p95_ms", v -> v < 100, " ms");
            goal(s, "compression ≥ 10 : 1", s + "." + prefix + "storage_events_compression_ratio", v -> v >= 10, " : 1");
        }
    }

    private void goal(String store, String goal, String key, DoublePredicate met, String unit) {
        if (has(key)) {
            row(goal, store, fmt(median(key)) + unit, met.test(median(key)) ? "yes" : "no");
        }
    }

    private boolean has(String key) {
        return results.get("medians").has(key);
    }

    private double median(String key) {
        return results.get("medians").get(key).asDouble();
    }

    private String cell(String key) {
        if (!has(key)) {
            return "–";
        }
        List<String> runs = new ArrayList<>();
        for (JsonNode run : results.get("runs")) {
            runs.add(run.has(key) ? fmt(run.get(key).asDouble()) : "–");
        }
        return fmt(median(key)) + (runs.size() > 1 ? " (" + String.join(", ", runs) + ")" : "");
    }

    static String fmt(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double magnitude = Math.abs(value);
        if (value == Math.rint(value) && magnitude < 1_000) {
            return String.format(Locale.ROOT, "%.0f", value); // a count
        }
        String pattern = magnitude >= 1_000 ? "%,.0f" : magnitude >= 100 ? "%.0f" : magnitude >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, pattern, value);
    }

    private void header(String title, String... columns) {
        line("");
        line("#### " + title);
        table(columns);
    }

    private void table(String... columns) {
        line("");
        line("| " + String.join(" | ", columns) + " |");
        line("|" + "---|".repeat(columns.length));
    }

    private void row(String... cells) {
        line("| " + String.join(" | ", cells) + " |");
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
