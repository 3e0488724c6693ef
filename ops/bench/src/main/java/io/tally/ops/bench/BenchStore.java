package io.tally.ops.bench;

import io.tally.adapter.out.clickhouse.ClickHouseStores;
import io.tally.adapter.out.duckdb.DuckDbConfig;
import io.tally.adapter.out.duckdb.DuckDbStores;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.RollupStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.stream.Stream;

/**
 * A store under test, opened in this process the way Tally opens it (the adapter, no server): DuckDB in a file or
 * ClickHouse embedded (chDB) in a folder. The same place is then served by Tally, so both see the same data.
 *
 * @param storage  given the number of events, bytes on disk and (where the engine reports them) the events'
 *                 uncompressed and compressed bytes
 * @param rawQuery a statement of the bench's own ({@link HandSql}) straight to the engine, its rows as text
 */
record BenchStore(String kind, EventStore events, AnalyticsEngine analytics, RollupStore rollups,
                  LongFunction<Map<String, Double>> storage, Function<String, List<List<String>>> rawQuery,
                  AutoCloseable resource) implements AutoCloseable {

    /** {@code duckdb} or {@code clickhouse-embedded}, as {@code store.kind} names them. */
    static BenchStore open(String kind, Path place, Path chdbLibrary) {
        return open(kind, place, chdbLibrary, "");
    }

    /** The run's store at {@code place}; DuckDB with the {@code store.memory-limit} given with {@code --set}, if any. */
    static BenchStore open(Bench.Options options, Path place) {
        return open(options.store(), place, options.chdbLibrary(), options.serverSettings().getOrDefault("store.memory-limit", ""));
    }

    private static BenchStore open(String kind, Path place, Path chdbLibrary, String duckDbMemoryLimit) {
        return switch (kind) {
            case "duckdb" -> {
                DuckDbStores duck = DuckDbStores.open(new DuckDbConfig(place, 0, duckDbMemoryLimit));
                yield new BenchStore(kind, duck.eventStore(), duck.analyticsEngine(), duck.rollupStore(),
                        events -> Map.of("storage_bytes_per_event", (double) bytesOnDisk(place) / events), duck::rawQuery, duck);
            }
            case "clickhouse-embedded" -> {
                ClickHouseStores clickhouse = ClickHouseStores.embedded(chdbLibrary, place);
                yield new BenchStore(kind, clickhouse.eventStore(), clickhouse.analyticsEngine(), clickhouse.rollupStore(),
                        events -> clickHouseStorage(clickhouse, place, events), clickhouse::rawQuery, clickhouse);
            }
            default -> throw new IllegalArgumentException("--store is duckdb or clickhouse-embedded, not " + kind);
        };
    }

    /** The settings that make Tally serve {@code place} with this kind of store. */
    static Map<String, String> tallySettings(String kind, Path place, Path chdbLibrary) {
        return kind.equals("duckdb") ? Map.of("store.kind", kind, "store.path", place.toString())
                : Map.of("store.kind", kind, "store.clickhouse.path", place.toString(),
                "store.clickhouse.library", chdbLibrary.toString());
    }

    List<List<String>> raw(String sql) {
        return rawQuery.apply(sql);
    }

    Map<String, Double> storage(long events) {
        return storage.apply(events);
    }

    /**
     * Measured on the settled table (parts merged), as a long-running server would hold it: the active parts of every
     * table. The folder itself still holds the parts a merge replaced until the engine removes them (minutes later),
     * so walking it right after the merge counted them twice (256 bytes an event where the active parts held 74).
     */
    private static Map<String, Double> clickHouseStorage(ClickHouseStores stores, Path folder, long events) {
        stores.optimizeEvents();
        long[] bytes = stores.eventBytes();
        long active = Long.parseLong(stores.rawQuery(
                "SELECT sum(bytes_on_disk) FROM system.parts WHERE database = currentDatabase() AND active").getFirst().getFirst());
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("storage_bytes_per_event", (double) active / events);
        figures.put("storage_folder_bytes_per_event", (double) bytesOnDisk(folder) / events);
        figures.put("storage_events_compressed_bytes_per_event", (double) bytes[1] / events);
        figures.put("storage_events_compression_ratio", (double) bytes[0] / bytes[1]);
        return figures;
    }

    private static long bytesOnDisk(Path place) {
        try (Stream<Path> files = Files.isDirectory(place) ? Files.walk(place) : Stream.of(place)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // a part merged away while walking
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            resource.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the store failed: " + e.getMessage(), e);
        }
    }
}
