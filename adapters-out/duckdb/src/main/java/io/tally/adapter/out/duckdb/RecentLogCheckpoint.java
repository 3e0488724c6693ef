package io.tally.adapter.out.duckdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Folds DuckDB's write-ahead log into the file after a rollup refresh once the log holds more than DuckDB's own
 * threshold. {@code store.checkpoint-threshold} sits far above that for the writer's speed, and the events still in the
 * log are the newest, which dashboards read most and which DuckDB scans slower there (uncompressed, measured 2.5×
 * for a 24-hour dashboard); so they stay there for at most one refresh interval. It runs between batches; a
 * checkpoint DuckDB declines (a reader's transaction is open) waits for the next refresh.
 */
final class RecentLogCheckpoint {

    /** DuckDB's own default threshold. */
    static final long LOG_BYTES = 16L << 20;

    private final DuckDbEventWriter writer;
    private final Path log;

    RecentLogCheckpoint(DuckDbEventWriter writer, Path database) {
        this.writer = writer;
        this.log = database.resolveSibling(database.getFileName() + ".wal");
    }

    /** Whether the log was folded into the file now. */
    boolean run() {
        return logBytes() > LOG_BYTES && writer.checkpoint();
    }

    private long logBytes() {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
