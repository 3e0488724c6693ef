package io.tally.application.port.in;

import java.time.Duration;
import java.util.Objects;

/**
 * A query's result with how it was answered.
 *
 * @param source {@code raw} (scanned events) or {@code rollup} (pre-aggregated hours)
 */
public record Answer<T>(T result, String source, Duration took) {
    public Answer {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(took, "took");
    }
}
