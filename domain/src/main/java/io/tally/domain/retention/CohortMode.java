package io.tally.domain.retention;

import io.tally.domain.label.Labelled;
import io.tally.domain.label.Labels;

import java.util.Optional;

/** Which cohorts a user joins. */
public enum CohortMode implements Labelled {
    /** Only the cohort of the user's first start event ever; none if that was before the range. */
    FIRST_TIME,
    /** The cohort of every period in which the user did the start event. */
    RECURRING;

    public static Optional<CohortMode> fromLabel(String label) {
        return Labels.find(CohortMode.class, label);
    }
}
