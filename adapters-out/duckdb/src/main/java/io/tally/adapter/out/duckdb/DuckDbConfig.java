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
 * @param checkpointThreshold the size the write-ahead log grows to before a commit folds it into the file
 *                            ({@code store.checkpoint-threshold}); empty leaves DuckDB's default (16 MiB)
 */
public record DuckDbConfig(Path file, int threads, String memoryLimit, long dedupRecent, String checkpointThreshold) {

    /** {@code ingest.dedup-recent}'s default: about 100 s of events at 100,000 a second, hours at ordinary rates. */
    public static final long DEFAULT_DEDUP_RECENT = 1_000_000;

    /**
     * {@code store.checkpoint-threshold}'s default. Every checkpoint costs the writer far more than the log it folds
     * (measured: DuckDB's 16 MiB, about 40,000 events of log, held HTTP ingest to 20,800 events/s stored where 256 MiB
     * gave 26,100); the price is a longer log to replay after a crash and up to this much more memory in use.
     */
    public static final String DEFAULT_CHECKPOINT_THRESHOLD = "256MB";

    private static final String SIZE = "[0-9]+(\\.[0-9]+)?\\s*[KMGT]?i?B";

    public DuckDbConfig {
        Objects.requireNonNull(file, "file");
        memoryLimit = memoryLimit == null ? "" : memoryLimit.strip();
        if (!memoryLimit.isEmpty() && !memoryLimit.matches(SIZE)) {
            throw new IllegalArgumentException("memory limit must look like 512MB or 4GB, not " + memoryLimit);
        }
        if (dedupRecent < 0) {
            throw new IllegalArgumentException("ingest.dedup-recent must be 0 or more events, not " + dedupRecent);
        }
        checkpointThreshold = checkpointThreshold == null ? "" : checkpointThreshold.strip();
        if (!checkpointThreshold.isEmpty() && !checkpointThreshold.matches(SIZE)) {
            throw new IllegalArgumentException("store.checkpoint-threshold must look like 16MB or 1GB, not "
                    + checkpointThreshold);
        }
    }

    /** The settings with the default re-send window and checkpoint threshold. */
    public DuckDbConfig(Path file, int threads, String memoryLimit) {
        this(file, threads, memoryLimit, DEFAULT_DEDUP_RECENT, DEFAULT_CHECKPOINT_THRESHOLD);
    }

    public static DuckDbConfig at(Path file) {
        return new DuckDbConfig(file, 0, "");
    }

    /** These settings, looking for re-sends with another time among the latest {@code events} stored. */
    public DuckDbConfig withDedupRecent(long events) {
        return new DuckDbConfig(file, threads, memoryLimit, events, checkpointThreshold);
    }
}
