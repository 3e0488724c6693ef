package io.tally.domain.funnel;

import io.tally.domain.query.CacheKey;

/**
 * Which event of a user's counted attempt gives the funnel's breakdown value (PostHog's breakdown attribution). The
 * attempt counted is the same whatever the attribution (the one reaching furthest, the earliest among equals); only
 * the event its value is read from changes.
 */
public sealed interface Attribution extends CacheKey.Keyed {

    /** The attempt's step-1 event (the default). */
    record FirstTouch() implements Attribution {
    }

    /** The event of the furthest step the attempt reaches. */
    record LastTouch() implements Attribution {
    }

    /** The attempt's step-{@code step} event (from 1); an attempt that does not reach it has no value (null). */
    record AtStep(int step) implements Attribution {

        public AtStep {
            if (step < 1 || step > FunnelQuery.MAX_STEPS) {
                throw new IllegalArgumentException("the attribution step is one of the funnel's steps");
            }
        }
    }

    Attribution FIRST_TOUCH = new FirstTouch();

    /**
     * The step (from 1) whose event gives the value of an attempt reaching {@code reached} steps, or 0 when it has none.
     */
    default int stepOf(int reached) {
        return switch (this) {
            case FirstTouch first -> 1;
            case LastTouch last -> reached;
            case AtStep at -> reached >= at.step() ? at.step() : 0;
        };
    }

    /** The name on the wire: {@code first_touch}, {@code last_touch} or {@code step}. */
    default String label() {
        return switch (this) {
            case FirstTouch first -> "first_touch";
            case LastTouch last -> "last_touch";
            case AtStep at -> "step";
        };
    }

    @Override
    default String cacheKey() {
        return this instanceof AtStep(int step) ? "step" + step : label();
    }
}
