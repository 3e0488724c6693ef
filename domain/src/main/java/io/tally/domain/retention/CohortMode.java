package io.tally.domain.retention;

import java.util.Locale;
import java.util.Optional;

/** Which cohorts a user joins. */
public enum CohortMode {
    /** Only the cohort of the user's first start event ever; none if that was before the range. */
    FIRST_TIME,
    /** The cohort of every period in which the user did the start event. */
    RECURRING;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CohortMode> fromLabel(String label) {
        for (CohortMode m : values()) {
            if (m.label().equals(label)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
