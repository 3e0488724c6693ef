package io.tally.ops.bench;

import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.tally.ops.bench.Http.JSON;

/**
 * Tally measured beside the best the same machine does in the same run, so that the ratios hold on a noisy machine.
 * Suites ({@code --suites}, all by default): {@code ingest-queries} ({@link IngestAndQueries}), {@code kafka}
 * ({@link KafkaIngestBench}), {@code concurrency} ({@link ConcurrencyBench}) and {@code queries} on a large data set
 * ({@link QueryBench}, {@link LargeQueries} beside their hand-written limits), each on every store of {@code --stores}, on
 * each size of {@code --query-events} (a comma list: {@code 1000000,10000000}); {@code load} runs only the large data
 * set's loads (time-ordered, then random-order), with their rate per successive million; {@code --queries} (a comma list
 * of names of {@link LargeQueries#ALL}: {@code channels_30d,entry_pages_30d}) times only those of the large-data suite,
 * all by default (the data set is loaded as ever). Every figure is named {@code <store>.<figure>}; the file written
 * holds every run and the medians. Usage: {@code ops/bench/run.sh [options]}; see {@link Options#parse}.
 */
public final class Bench {

    /** What to run, and how big. */
    record Options(int events, int queryEvents, List<Integer> querySizes, int runs, int senders, int batch, int repeats, int clients, int seconds,
                   int thinkMillis, List<String> stores, List<String> suites, List<String> queries, String store, Path chdbLibrary,
                   Path out, Map<String, String> serverSettings) {

        static Options parse(String[] args) {
            List<Integer> sizes = Arrays.stream(stringArg(args, "--query-events", "10_000_000").split(","))
                    .map(size -> Integer.parseInt(size.strip().replace("_", ""))).toList();
            if (sizes.stream().anyMatch(size -> size < 1_000)) { // 1,000,000 read as three sizes
                throw new IllegalArgumentException("--query-events is a comma list of sizes of at least 1000 (group digits with _)");
            }
            return new Options(intArg(args, "--events", 1_000_000), sizes.getLast(), sizes, intArg(args, "--runs", 3), intArg(args, "--senders", 4),
                    intArg(args, "--batch", 1_000), intArg(args, "--repeats", 15), intArg(args, "--clients", 500),
                    intArg(args, "--seconds", 60), intArg(args, "--think-ms", 1_000),
                    List.of(stringArg(args, "--stores", "duckdb,clickhouse-embedded").split(",")),
                    List.of(stringArg(args, "--suites", "ingest-queries,kafka,concurrency,queries").split(",")),
                    LargeQueries.named(stringArg(args, "--queries", "")), "duckdb",
                    Path.of(stringArg(args, "--chdb", System.getProperty("user.home") + "/.cache/tally/chdb/26.5.3/libchdb.so")),
                    Path.of(stringArg(args, "--out", "ops/bench/results")), settingArgs(args));
        }

        Options on(String store) {
            return new Options(events, queryEvents, querySizes, runs, senders, batch, repeats, clients, seconds, thinkMillis, stores, suites,
                    queries, store, chdbLibrary, out, serverSettings);
        }

        /** The large data set of {@code size} events ({@code queryEvents}), one of {@code querySizes}. */
        Options at(int size) {
            return new Options(events, size, querySizes, runs, senders, batch, repeats, clients, seconds, thinkMillis, stores, suites,
                    queries, store, chdbLibrary, out, serverSettings);
        }

        Map<String, Object> described() {
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("events", events);
            settings.put("query_events", queryEvents);
            settings.put("query_event_sizes", querySizes);
            settings.put("runs", runs);
            settings.put("senders", senders);
            settings.put("batch", batch);
            settings.put("repeats", repeats);
            settings.put("clients", clients);
            settings.put("seconds", seconds);
            settings.put("think_ms", thinkMillis);
            settings.put("stores", stores);
            settings.put("suites", suites);
            if (!queries.isEmpty()) {
                settings.put("queries", queries);
            }
            return settings;
        }
    }

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        List<Map<String, Double>> results = new ArrayList<>();
        for (int run = 1; run <= options.runs(); run++) {
            Map<String, Double> figures = new LinkedHashMap<>();
            for (String store : options.stores()) {
                Options on = options.on(store);
                for (String suite : options.suites()) {
                    Map<String, Double> measured = switch (suite) {
                        case "ingest-queries" -> new IngestAndQueries(on).run(run);
                        case "kafka" -> {
                            try (KafkaIngestBench kafka = new KafkaIngestBench(on)) {
                                yield kafka.run(run);
                            }
                        }
                        case "concurrency" -> new ConcurrencyBench(on).run(run);
                        case "queries" -> QueryBench.atEverySize(on, QueryBench::run);
                        case "load" -> QueryBench.atEverySize(on, QueryBench::loadOnly);
                        default -> throw new IllegalArgumentException("--suites are ingest-queries, kafka, concurrency, queries, load; not " + suite);
                    };
                    measured.forEach((name, value) -> figures.put(store + "." + name, value));
                    System.out.println("run " + run + ", " + store + ", " + suite + ": " + measured);
                }
            }
            results.add(figures);
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        for (String key : results.getFirst().keySet()) {
            // a figure only the first run measures (the large data set's load) has the median of that one run
            List<Double> values = new ArrayList<>(results.stream().map(r -> r.get(key)).filter(Objects::nonNull).toList());
            Collections.sort(values);
            medians.put(key, values.get(values.size() / 2));
        }
        Files.createDirectories(options.out());
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("date", Instant.now().toString());
        file.put("command", "ops/bench/run.sh " + String.join(" ", args));
        file.put("machine", machine());
        file.put("settings", options.described());
        file.put("runs", results);
        file.put("medians", medians);
        Path written = options.out().resolve("bench-" + Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(':', '-') + ".json");
        JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(written.toFile(), file);
        System.out.println("medians of " + options.runs() + " runs: " + medians);
        System.out.println("written: " + written);
        System.exit(0); // chDB's and Kafka's client threads would otherwise keep the JVM up
    }

    private static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20);
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return machine;
    }

    private static int intArg(String[] args, String name, int fallback) {
        return Integer.parseInt(stringArg(args, name, String.valueOf(fallback)).replace("_", "").replace(",", ""));
    }

    /** Every {@code --set key=value}: a server setting for the runs (compare one setting's two values, run by run). */
    private static Map<String, String> settingArgs(String[] args) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--set")) {
                String[] pair = args[i + 1].split("=", 2);
                if (pair.length != 2) {
                    throw new IllegalArgumentException("--set takes key=value, not " + args[i + 1]);
                }
                settings.put(pair[0], pair[1]);
            }
        }
        return Map.copyOf(settings);
    }

    private static String stringArg(String[] args, String name, String fallback) {
        int at = Arrays.asList(args).indexOf(name);
        return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
    }
}
