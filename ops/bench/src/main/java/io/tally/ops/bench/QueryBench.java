package io.tally.ops.bench;

import io.tally.bootstrap.Tally;
import io.tally.domain.event.Event;
import io.tally.domain.sample.TrafficGenerator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The queries on a large data set ({@code --query-events}, 10 million by default): the events are generated as a
 * stream and appended by the store's adapter (no list of them is ever held), once per store; each run then times
 * the queries in-process and through the API on that same data, and reports its size on disk.
 */
final class QueryBench {

    /** The loaded data set of each store, kept across runs: loading 10 million events is not what is measured. */
    private static final Map<String, Path> LOADED = new HashMap<>();

    private final Bench.Options options;

    QueryBench(Bench.Options options) {
        this.options = options;
    }

    Map<String, Double> run() throws Exception {
        Map<String, Double> figures = new LinkedHashMap<>();
        Path place = LOADED.get(options.store());
        if (place == null) {
            place = Files.createTempDirectory("tally-bench-queries").resolve(options.store().equals("duckdb") ? "tally.duckdb" : "clickhouse");
            load(place);
            LOADED.put(options.store(), place);
        }
        Map<String, Double> measured = new LinkedHashMap<>();
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

    private void load(Path place) {
        long started = System.nanoTime();
        try (BenchStore store = BenchStore.open(options.store(), place, options.chdbLibrary())) {
            Iterator<Event> events = TrafficGenerator.events(new TrafficGenerator.Settings(options.queryEvents(), 60, 1,
                    Instant.now().truncatedTo(ChronoUnit.HOURS), IngestAndQueries.PROJECT)).iterator();
            List<Event> batch = new ArrayList<>(50_000);
            while (events.hasNext()) {
                batch.add(events.next());
                if (batch.size() == 50_000 || !events.hasNext()) {
                    store.events().append(batch);
                    batch.clear();
                }
            }
            store.rollups().refresh(); // settled, as a running server keeps it: the server started next finds nothing to fold
        }
        System.out.printf("loaded %,d events into %s in %.0f s%n", options.queryEvents(), options.store(), Measure.seconds(started));
    }
}
