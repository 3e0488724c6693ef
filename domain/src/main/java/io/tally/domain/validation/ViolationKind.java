package io.tally.domain.validation;

import io.tally.domain.label.Labelled;

/**
 * Why an input was refused; a small closed set so that metrics can be labelled by it. Its label ({@code too_long})
 * is the name used in metrics and problem bodies.
 */
public enum ViolationKind implements Labelled {
    MISSING, BLANK, WRONG_TYPE, MALFORMED, TOO_LONG, TOO_MANY, TOO_LARGE, OUT_OF_RANGE, UNKNOWN_FIELD, UNKNOWN_PROJECT, UNSUPPORTED,
    /** The same name twice, such as a flat and a nested property that flatten alike. */
    DUPLICATE;
}
