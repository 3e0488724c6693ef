package io.tally.adapter.out.duckdb;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the DuckDB database lives, how much of the machine it may use, and how far back the writer looks for a
 * re-sent event whose time changed.
 *
 * @param file    the database file, created with its parent folders when missing
 * @param threads DuckDB worker threads; 0 leaves DuckDB's default (one per core)
 * @param memoryLimit DuckDB's memory limit, such as {@code 4GB}; empty leaves DuckDB's default (80% of RAM)
 * @param dedupRecent how many of the latest stored events a re-send is looked for among whatever its timestamp
 *                    ({@code ingest.dedup-recent}); a re-send with its stored timestamp is found at any age
 */
public record DuckDbConfig(Path file, int threads, String memoryLimit, long dedupRecent) {

    /** {@code ingest.dedup-recent}'s default: about 100 s of events at 100,000 a second, hours at ordinary rates. */
    public static final long DEFAULT_DEDUP_RECENT = 1_000_000;

    public DuckDbConfig {
        Objects.requireNonNull(file, "file");
        memoryLimit = memoryLimit == null ? "" : memoryLimit.strip();
        if (!memoryLimit.isEmpty() && !memoryLimit.matches("[0-9]+(\\.[0-9]+)?\\s*[KMGT]?i?B")) {
            throw new IllegalArgumentException("memory limit must look like 512MB or 4GB, not " + memoryLimit);
        }
        if (dedupRecent < 0) {
            throw new IllegalArgumentException("ingest.dedup-recent must be 0 or more events, not " + dedupRecent);
        }
    }

    /** The settings with the default re-send window. */
    public DuckDbConfig(Path file, int threads, String memoryLimit) {
        this(file, threads, memoryLimit, DEFAULT_DEDUP_RECENT);
    }

    public static DuckDbConfig at(Path file) {
        return new DuckDbConfig(file, 0, "");
    }

    /** These settings, looking for re-sends with another time among the latest {@code events} stored. */
    public DuckDbConfig withDedupRecent(long events) {
        return new DuckDbConfig(file, threads, memoryLimit, events);
    }
}
