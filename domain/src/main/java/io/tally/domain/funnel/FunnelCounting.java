package io.tally.domain.funnel;

import io.tally.domain.label.Labelled;
import io.tally.domain.label.Labels;

import java.util.Optional;

/** What a funnel's rows count: users (each at their counted attempt) or every attempt, conversions as such. */
public enum FunnelCounting implements Labelled {
    /** Each user once, at the furthest step any of their attempts reaches (per trend interval with a trend). */
    USERS,
    /**
     * Every attempt: each step-1 event of the range starts one (no exclusion dropping it), counted at the furthest step
     * it reaches, so a user who converts twice counts twice, and one later event may complete several attempts.
     */
    CONVERSIONS;

    public static Optional<FunnelCounting> fromLabel(String label) {
        return Labels.find(FunnelCounting.class, label);
    }
}
