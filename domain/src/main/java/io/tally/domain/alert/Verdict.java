package io.tally.domain.alert;

/** What a condition says of one evaluation; {@code UNKNOWN} (no baseline yet) leaves the alert where it is. */
public enum Verdict {
    BREACHED, CLEAR, UNKNOWN
}
