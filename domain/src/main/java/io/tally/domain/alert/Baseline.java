package io.tally.domain.alert;

import java.util.List;
import java.util.OptionalDouble;

/**
 * What a value is judged against besides fixed numbers: the previous window's value (for change rules) and the
 * values of the same window 1..n weeks earlier (for anomaly rules), each present only when the rule needs it.
 */
public record Baseline(OptionalDouble previous, List<Double> previousWeeks) {
    public static final Baseline NONE = new Baseline(OptionalDouble.empty(), List.of());

    public Baseline {
        previousWeeks = List.copyOf(previousWeeks);
    }
}
