package io.tally.ops.bench;

import io.tally.bootstrap.Tally;
import io.tally.domain.sample.TrafficGenerator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The queries on a large data set ({@code --query-events}, 10 million by default): the events are generated as a
 * stream in time order and appended by the store's adapter (no list of them is ever held), once per store, timed per
 * successive million beside a random-order load; each run then times
 * the queries in-process and through the API on that same data, and reports its size on disk.
 */
final class QueryBench {

    /** The loaded data set of each store, kept across runs: loading 10 million events is not what is measured. */
    private static final Map<String, Path> LOADED = new HashMap<>();
    /** The random-order load's size: enough to show whether its rate falls. */
    private static final long RANDOM_LOAD_EVENTS = 2_000_000;

    private final Bench.Options options;

    QueryBench(Bench.Options options) {
        this.options = options;
    }

    Map<String, Double> run() throws Exception {
        Map<String, Double> figures = new LinkedHashMap<>();
        Path place = LOADED.get(options.store());
        Map<String, Double> measured = new LinkedHashMap<>();
        if (place == null) {
            place = Files.createTempDirectory("tally-bench-queries").resolve(options.store().equals("duckdb") ? "tally.duckdb" : "clickhouse");
            measured.putAll(load(place));
            LOADED.put(options.store(), place);
        }
        try (BenchStore store = BenchStore.open(options.store(), place, options.chdbLibrary())) {
            measured.putAll(store.storage(options.queryEvents()));
            QueryTimings.inProcess(store, options.repeats(), measured);
        }
        try (Tally tally = Tally.start(IngestAndQueries.serverSettings(options, place))) {
            QueryTimings.overHttp(tally, options.repeats(), measured);
        }
        QueryTimings.ratios(measured);
        measured.forEach((name, value) -> figures.put("large_" + name, value)); // apart from the 1M data set's figures
        return figures;
    }

    /** The loads alone ({@code --suites load}): the time-ordered data set, then the random-order one; no queries. */
    Map<String, Double> loadOnly() throws Exception {
        Map<String, Double> figures = new LinkedHashMap<>();
        load(Files.createTempDirectory("tally-bench-load").resolve(options.store().equals("duckdb") ? "tally.duckdb" : "clickhouse"))
                .forEach((name, value) -> figures.put("large_" + name, value));
        return figures;
    }

    /**
     * The data set in time order, as live traffic arrives; then, in a place of its own, up to 2 million of the
     * unordered events (sessions at random times across the 60 days), the worst case for a store that looks up
     * stored ids by time.
     */
    private Map<String, Double> load(Path place) throws Exception {
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Map<String, Double> figures = new LinkedHashMap<>();
        long started = System.nanoTime();
        try (BenchStore store = BenchStore.open(options.store(), place, options.chdbLibrary())) {
            figures.putAll(LargeLoad.into(store, TrafficGenerator.chronological(new TrafficGenerator.Settings(
                    options.queryEvents(), 60, 1, end, IngestAndQueries.PROJECT)).iterator(), "load"));
            store.rollups().refresh(); // settled, as a running server keeps it: the server started next finds nothing to fold
        }
        System.out.printf("loaded %,d events into %s in %.0f s%n", options.queryEvents(), options.store(), Measure.seconds(started));
        Path randomPlace = Files.createTempDirectory("tally-bench-random-load").resolve(place.getFileName());
        try (BenchStore store = BenchStore.open(options.store(), randomPlace, options.chdbLibrary())) {
            figures.putAll(LargeLoad.into(store, TrafficGenerator.events(new TrafficGenerator.Settings(
                    Math.min(options.queryEvents(), RANDOM_LOAD_EVENTS), 60, 1, end, IngestAndQueries.PROJECT)).iterator(), "load_random"));
        }
        return figures;
    }
}
