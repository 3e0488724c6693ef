package io.tally.adapter.out.duckdb;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the DuckDB database lives and how much of the machine it may use.
 *
 * @param file    the database file, created with its parent folders when missing
 * @param threads DuckDB worker threads; 0 leaves DuckDB's default (one per core)
 * @param memoryLimit DuckDB's memory limit, such as {@code 4GB}; empty leaves DuckDB's default (80% of RAM)
 */
public record DuckDbConfig(Path file, int threads, String memoryLimit) {
    public DuckDbConfig {
        Objects.requireNonNull(file, "file");
        memoryLimit = memoryLimit == null ? "" : memoryLimit.strip();
        if (!memoryLimit.isEmpty() && !memoryLimit.matches("[0-9]+(\\.[0-9]+)?\\s*[KMGT]?i?B")) {
            throw new IllegalArgumentException("memory limit must look like 512MB or 4GB, not " + memoryLimit);
        }
    }

    public static DuckDbConfig at(Path file) {
        return new DuckDbConfig(file, 0, "");
    }
}
