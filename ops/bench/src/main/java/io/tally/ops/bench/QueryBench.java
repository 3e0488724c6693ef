package io.tally.ops.bench;

import io.tally.bootstrap.Tally;
import io.tally.domain.sample.TrafficGenerator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The queries on a large data set ({@code --query-events}, 10 million by default, or several sizes in turn): the events
 * are generated as a stream in time order, given the source and channel ingest would add ({@link OriginEnrichment}), and
 * appended by the store's adapter (no list of them is ever held), once per store and size, timed per successive million
 * beside a random-order load; each run then times the queries of {@link LargeQueries} (those {@code --queries} names,
 * when it names any) in-process, as hand-written SQL (the limit, checked to give the API's numbers first) and through
 * the API on that same data (its store given the goals of {@link LargeQueries#GOALS} through the API when first served),
 * and reports its size on disk. Figures are named {@code large_<figure>}, or with several
 * sizes {@code large_<size>_<figure>} ({@code large_1m_…}, {@code large_10m_…}).
 */
final class QueryBench {

    /** The loaded data set of each store and size, kept across runs: loading 10 million events is not what is measured. */
    private static final Map<String, Path> LOADED = new HashMap<>();
    /** The data sets whose goals ({@link LargeQueries#GOALS}) are saved in their store. */
    private static final Set<String> GOALS_SAVED = new HashSet<>();
    /** The random-order load's size: enough to show whether its rate falls. */
    private static final long RANDOM_LOAD_EVENTS = 2_000_000;

    private final Bench.Options options;

    QueryBench(Bench.Options options) {
        this.options = options;
    }

    /** One suite of this class on one data set. */
    @FunctionalInterface
    interface Suite {
        Map<String, Double> run(QueryBench bench) throws Exception;
    }

    /** The suite at each size of {@code --query-events} in turn, each figure named by {@link #prefix}. */
    static Map<String, Double> atEverySize(Bench.Options options, Suite suite) throws Exception {
        Map<String, Double> figures = new LinkedHashMap<>();
        for (int size : options.querySizes()) {
            String prefix = prefix(options.querySizes(), size);
            suite.run(new QueryBench(options.at(size))).forEach((name, value) -> figures.put(prefix + name, value));
        }
        return figures;
    }

    /** {@code large_} for a single size (as before sizes could be several), else {@code large_1m_}, {@code large_200k_}. */
    static String prefix(List<Integer> sizes, int size) {
        return sizes.size() == 1 ? "large_" : "large_" + label(size) + "_";
    }

    static String label(int size) {
        return size % 1_000_000 == 0 ? size / 1_000_000 + "m" : size % 1_000 == 0 ? size / 1_000 + "k" : Integer.toString(size);
    }

    Map<String, Double> run() throws Exception {
        String key = options.store() + "@" + options.queryEvents();
        Path place = LOADED.get(key);
        Map<String, Double> measured = new LinkedHashMap<>();
        if (place == null) {
            place = Files.createTempDirectory("tally-bench-queries").resolve(options.store().equals("duckdb") ? "tally.duckdb" : "clickhouse");
            measured.putAll(load(place));
            LOADED.put(key, place);
        }
        List<IngestAndQueries.Query> queries = LargeQueries.selected(options.queries());
        Map<String, LimitTimings.Checked> checked;
        try (BenchStore store = BenchStore.open(options, place)) {
            measured.putAll(store.storage(options.queryEvents()));
            QueryTimings.inProcess(store, queries, options.repeats(), measured);
            checked = LimitTimings.measure(store, HandSql.of(options.store()), queries, options.repeats(), measured);
        }
        try (Tally tally = Tally.start(IngestAndQueries.serverSettings(options, place))) {
            if (GOALS_SAVED.add(key)) { // the store keeps them: once per data set, before the server is first asked
                LargeQueries.saveGoals(tally);
            }
            LimitTimings.checkOverHttp(tally, options.store(), queries, checked);
            QueryTimings.overHttp(tally, queries, options.repeats(), measured);
        }
        QueryTimings.ratios(queries, measured);
        return measured;
    }

    /** The loads alone ({@code --suites load}): the time-ordered data set, then the random-order one; no queries. */
    Map<String, Double> loadOnly() throws Exception {
        return load(Files.createTempDirectory("tally-bench-load").resolve(options.store().equals("duckdb") ? "tally.duckdb" : "clickhouse"));
    }

    /**
     * The data set in time order, as live traffic arrives, each event given the source and channel ingest would add
     * ({@link OriginEnrichment}: the store's adapter skips ingest); then, in a place of its own, up to 2 million of the
     * unordered events (sessions at random times across the 60 days), the worst case for a store that looks up
     * stored ids by time.
     */
    private Map<String, Double> load(Path place) throws Exception {
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Map<String, Double> figures = new LinkedHashMap<>();
        OriginEnrichment origins = OriginEnrichment.server();
        long started = System.nanoTime();
        try (BenchStore store = BenchStore.open(options, place)) {
            figures.putAll(LargeLoad.into(store, origins.enriched(TrafficGenerator.chronological(new TrafficGenerator.Settings(
                    options.queryEvents(), 60, 1, end, IngestAndQueries.PROJECT)).iterator()), "load"));
            store.rollups().refresh(); // settled, as a running server keeps it: the server started next finds nothing to fold
        }
        System.out.printf("loaded %,d events into %s in %.0f s%n", options.queryEvents(), options.store(), Measure.seconds(started));
        Path randomPlace = Files.createTempDirectory("tally-bench-random-load").resolve(place.getFileName());
        try (BenchStore store = BenchStore.open(options, randomPlace)) {
            figures.putAll(LargeLoad.into(store, origins.enriched(TrafficGenerator.events(new TrafficGenerator.Settings(
                    Math.min(options.queryEvents(), RANDOM_LOAD_EVENTS), 60, 1, end, IngestAndQueries.PROJECT)).iterator()),
                    "load_random"));
        }
        return figures;
    }
}
