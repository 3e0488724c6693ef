package io.tally.application.port.in;

import java.time.Duration;
import java.util.Objects;

/**
 * A query's result with how it was answered.
 *
 * @param source    {@code raw} (scanned events), {@code rollup} (pre-aggregated hours), … ({@code SourcePlanner.Plan#label})
 * @param exactness whether the numbers are exact or estimated, and how closely
 */
public record Answer<T>(T result, String source, Duration took, Exactness exactness) {
    public Answer {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(took, "took");
        Objects.requireNonNull(exactness, "exactness");
    }

    /** An exact answer. */
    public Answer(T result, String source, Duration took) {
        this(result, source, took, Exactness.EXACT);
    }
}
