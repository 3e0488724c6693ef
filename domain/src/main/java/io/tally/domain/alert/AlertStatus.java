package io.tally.domain.alert;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One alert's standing for one group, and the hysteresis that moves it: it fires after {@code fireAfter} breached
 * evaluations in a row and resolves after {@code resolveAfter} clear ones in a row, so a value that flaps around the
 * limit neither fires nor resolves on every evaluation.
 *
 * @param streak breached evaluations in a row while not firing, clear ones in a row while firing
 * @param since  when the state was entered
 */
public record AlertStatus(AlertState state, int streak, Instant since, double value) {
    public AlertStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
    }

    public static AlertStatus start(Instant at) {
        return new AlertStatus(AlertState.OK, 0, at, 0);
    }

    public boolean firing() {
        return state == AlertState.FIRING;
    }

    /** The status after one evaluation, and the state it moved to, if it moved. */
    public Step next(Verdict verdict, double value, Instant at, int fireAfter, int resolveAfter) {
        if (verdict == Verdict.UNKNOWN) {
            return new Step(new AlertStatus(state, streak, since, value), Optional.empty());
        }
        boolean counts = firing() ? verdict == Verdict.CLEAR : verdict == Verdict.BREACHED;
        int run = counts ? streak + 1 : 0;
        if (!firing() && run >= fireAfter) {
            return new Step(new AlertStatus(AlertState.FIRING, 0, at, value), Optional.of(AlertState.FIRING));
        }
        if (firing() && run >= resolveAfter) {
            return new Step(new AlertStatus(AlertState.RESOLVED, 0, at, value), Optional.of(AlertState.RESOLVED));
        }
        return new Step(new AlertStatus(state, run, since, value), Optional.empty());
    }

    /** A status and the state entered on the way to it. */
    public record Step(AlertStatus status, Optional<AlertState> entered) {
    }
}
