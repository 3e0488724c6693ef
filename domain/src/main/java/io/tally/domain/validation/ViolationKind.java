package io.tally.domain.validation;

/** Why an input was refused; a small closed set so that metrics can be labelled by it. */
public enum ViolationKind {
    MISSING, BLANK, WRONG_TYPE, MALFORMED, TOO_LONG, TOO_MANY, TOO_LARGE, OUT_OF_RANGE, UNKNOWN_FIELD, UNKNOWN_PROJECT, UNSUPPORTED,
    /** The same name twice, such as a flat and a nested property that flatten alike. */
    DUPLICATE;

    /** The lower-case label used in metrics and problem bodies. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
