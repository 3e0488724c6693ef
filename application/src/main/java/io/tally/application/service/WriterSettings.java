package io.tally.application.service;

import java.time.Duration;

/**
 * How the batching writer behaves.
 *
 * @param capacity  the most events waiting to be written; beyond it ingestion pushes back
 * @param batchSize a batch is written as soon as this many events wait
 * @param maxDelay  ... or when the oldest waiting event has waited this long
 * @param retryBackoff the first pause after a failed write; it doubles up to ten times this
 */
public record WriterSettings(int capacity, int batchSize, Duration maxDelay, Duration retryBackoff) {
    public static final WriterSettings DEFAULT = new WriterSettings(200_000, 5_000, Duration.ofMillis(200),
            Duration.ofMillis(100));

    public WriterSettings {
        if (capacity < 1 || batchSize < 1 || batchSize > capacity) {
            throw new IllegalArgumentException("need 1 <= batchSize <= capacity");
        }
    }
}
