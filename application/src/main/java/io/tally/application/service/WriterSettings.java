package io.tally.application.service;

import java.time.Duration;

/**
 * How the batching writer behaves.
 *
 * @param capacity  the most events waiting to be written; beyond it ingestion pushes back
 * @param batchSize a batch is written as soon as this many events wait
 * @param maxDelay  ... or when the oldest waiting event has waited this long
 * @param retryBackoff the first pause after a failed write; it doubles up to ten times this
 * @param failuresBeforeSplit a batch failing this many times in a row is split in halves (see {@link BatchingWriter})
 * @param waitBound how long {@code ?wait=true} waits for its events to be stored before answering that they are not yet
 */
public record WriterSettings(int capacity, int batchSize, Duration maxDelay, Duration retryBackoff,
                             int failuresBeforeSplit, Duration waitBound) {
    public static final int FAILURES_BEFORE_SPLIT = 3;
    public static final Duration WAIT_BOUND = Duration.ofSeconds(30);
    public static final WriterSettings DEFAULT = new WriterSettings(200_000, 20_000, Duration.ofMillis(200),
            Duration.ofMillis(100));

    public WriterSettings {
        if (capacity < 1 || batchSize < 1 || batchSize > capacity) {
            throw new IllegalArgumentException("need 1 <= batchSize <= capacity");
        }
        if (failuresBeforeSplit < 1) {
            throw new IllegalArgumentException("need failuresBeforeSplit >= 1");
        }
        if (waitBound.isNegative() || waitBound.isZero()) {
            throw new IllegalArgumentException("need a positive waitBound");
        }
    }

    /** With the default split and wait bound. */
    public WriterSettings(int capacity, int batchSize, Duration maxDelay, Duration retryBackoff) {
        this(capacity, batchSize, maxDelay, retryBackoff, FAILURES_BEFORE_SPLIT, WAIT_BOUND);
    }
}
