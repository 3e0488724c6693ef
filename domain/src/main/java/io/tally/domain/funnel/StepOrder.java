package io.tally.domain.funnel;

import io.tally.domain.label.Labelled;
import io.tally.domain.label.Labels;

import java.util.Optional;

/** How a funnel's later steps must follow the step before them (in funnel order, {@link FunnelQuery}). */
public enum StepOrder implements Labelled {
    /** Each later step is the first event matching it after the previous step's; other events may come between. */
    ORDERED,
    /** Each later step is the very next event of the user, of any type, after the previous step's. */
    STRICT,
    /**
     * The steps in any order: an attempt starts at any event matching a step and reaches as many steps as it finds
     * events of, at or after its start, within the window.
     */
    UNORDERED;

    public static Optional<StepOrder> fromLabel(String label) {
        return Labels.find(StepOrder.class, label);
    }
}
