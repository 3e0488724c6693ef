package io.tally.domain.alert;

import io.tally.domain.label.Labelled;

import java.util.List;
import java.util.OptionalDouble;

/** The test an alert's value must pass; each says what it needs besides the value, and judges it. */
public sealed interface Condition {

    /**
     * @param firing whether the alert fires now: a threshold with a recovery level clears only past that level
     */
    Verdict judge(double value, Baseline baseline, boolean firing);

    /** How many earlier weeks of the same window the rule reads (anomaly rules). */
    default int weeksNeeded() {
        return 0;
    }

    /** Whether the rule reads the window before the current one (change rules). */
    default boolean needsPrevious() {
        return false;
    }

    /** The rule in words, for notifications. */
    String words();

    /** Above {@code threshold}; once firing, clear only at or below {@code recovery} (defaults to the threshold). */
    record Above(double threshold, OptionalDouble recovery) implements Condition {
        public Above {
            if (recovery.isPresent() && recovery.getAsDouble() > threshold) {
                throw new IllegalArgumentException("the recovery level of an above rule is at most its threshold");
            }
        }

        @Override
        public Verdict judge(double value, Baseline baseline, boolean firing) {
            double limit = firing ? recovery.orElse(threshold) : threshold;
            return value > limit ? Verdict.BREACHED : Verdict.CLEAR;
        }

        @Override
        public String words() {
            return "above " + number(threshold);
        }
    }

    /** Below {@code threshold}; once firing, clear only at or above {@code recovery}. */
    record Below(double threshold, OptionalDouble recovery) implements Condition {
        public Below {
            if (recovery.isPresent() && recovery.getAsDouble() < threshold) {
                throw new IllegalArgumentException("the recovery level of a below rule is at least its threshold");
            }
        }

        @Override
        public Verdict judge(double value, Baseline baseline, boolean firing) {
            double limit = firing ? recovery.orElse(threshold) : threshold;
            return value < limit ? Verdict.BREACHED : Verdict.CLEAR;
        }

        @Override
        public String words() {
            return "below " + number(threshold);
        }
    }

    /** Which way a change counts. */
    enum Direction implements Labelled {
        UP, DOWN, EITHER
    }

    /**
     * A change against the previous window of more than {@code percent}. Against a previous value of zero a change
     * has no percentage, so nothing is judged.
     */
    record Change(double percent, Direction direction) implements Condition {
        public Change {
            if (!(percent > 0)) {
                throw new IllegalArgumentException("a change rule needs a percentage above 0");
            }
        }

        @Override
        public Verdict judge(double value, Baseline baseline, boolean firing) {
            if (baseline.previous().isEmpty() || baseline.previous().getAsDouble() == 0) {
                return Verdict.UNKNOWN;
            }
            double previous = baseline.previous().getAsDouble();
            double change = (value - previous) / Math.abs(previous) * 100;
            boolean breached = switch (direction) {
                case UP -> change > percent;
                case DOWN -> change < -percent;
                case EITHER -> Math.abs(change) > percent;
            };
            return breached ? Verdict.BREACHED : Verdict.CLEAR;
        }

        @Override
        public boolean needsPrevious() {
            return true;
        }

        @Override
        public String words() {
            return "changed " + direction.label() + " by more than " + number(percent) + "% against the previous window";
        }
    }

    /**
     * Outside the band learned from the same window in each of the previous {@code weeks} weeks: their mean plus or
     * minus {@code tolerance} standard deviations, but never narrower than 10% of the mean or 1, so that a flat
     * history does not turn noise into alerts. Fewer than two weeks of history judge nothing.
     */
    record Anomaly(int weeks, double tolerance) implements Condition {
        public static final int MIN_HISTORY = 2;

        public Anomaly {
            if (weeks < MIN_HISTORY || weeks > 12 || !(tolerance > 0)) {
                throw new IllegalArgumentException("an anomaly rule reads 2 to 12 weeks with a tolerance above 0");
            }
        }

        /** The band {@code [low, high]} the history allows. */
        public record Band(double low, double high) {
        }

        public static Band band(List<Double> history, double tolerance) {
            double mean = history.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double variance = history.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / history.size();
            double half = Math.max(tolerance * Math.sqrt(variance), Math.max(1, 0.1 * Math.abs(mean)));
            return new Band(mean - half, mean + half);
        }

        @Override
        public Verdict judge(double value, Baseline baseline, boolean firing) {
            if (baseline.previousWeeks().size() < MIN_HISTORY) {
                return Verdict.UNKNOWN;
            }
            Band band = band(baseline.previousWeeks(), tolerance);
            return value < band.low() || value > band.high() ? Verdict.BREACHED : Verdict.CLEAR;
        }

        @Override
        public int weeksNeeded() {
            return weeks;
        }

        @Override
        public String words() {
            return "outside " + number(tolerance) + " standard deviations of the same window over the previous " + weeks + " weeks";
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
