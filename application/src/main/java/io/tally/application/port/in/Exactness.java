package io.tally.application.port.in;

import io.tally.domain.query.Accuracy;

import java.util.Objects;
import java.util.Optional;

/**
 * How exact an answer's numbers are: {@link Accuracy#EXACT}, or {@link Accuracy#APPROXIMATE} with visitor counts
 * within {@code errorBound} (relative, 95 % confidence) of the exact ones. {@code whyExact} says why an approximate
 * answer was asked for and an exact one given.
 */
public record Exactness(Accuracy accuracy, double errorBound, Optional<String> whyExact) {

    public static final Exactness EXACT = new Exactness(Accuracy.EXACT, 0, Optional.empty());

    public Exactness {
        Objects.requireNonNull(accuracy, "accuracy");
        Objects.requireNonNull(whyExact, "whyExact");
    }

    /** Estimated visitor counts within {@code errorBound}. */
    public static Exactness approximate(double errorBound) {
        return new Exactness(Accuracy.APPROXIMATE, errorBound, Optional.empty());
    }

    /** Exact numbers, though approximate ones were asked for. */
    public static Exactness exactBecause(String reason) {
        return new Exactness(Accuracy.EXACT, 0, Optional.of(reason));
    }
}
