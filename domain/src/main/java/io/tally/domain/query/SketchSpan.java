package io.tally.domain.query;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The stretch of time a kept {@link VisitorSketch} covers: a UTC hour, or a whole UTC day. A day's sketch is the union
 * of its hours' (a union of Theta sketches keeps the same smallest hashes whichever way it is grouped), so a read that
 * needs the whole day takes one row instead of 24 and gives the same estimate.
 */
public enum SketchSpan {
    HOUR(ChronoUnit.HOURS),
    DAY(ChronoUnit.DAYS);

    private final ChronoUnit unit;

    SketchSpan(ChronoUnit unit) {
        this.unit = unit;
    }

    /** The start of the span that holds {@code at}. */
    public Instant start(Instant at) {
        return at.truncatedTo(unit);
    }

    /** The end (exclusive) of the span that starts at {@code start}. */
    public Instant end(Instant start) {
        return start.plus(1, unit);
    }

    /** The hours a span holds, as the stores keep it in a column. */
    public int hours() {
        return (int) unit.getDuration().toHours();
    }

    /** The span of {@code hours} hours, as read back from a store. */
    public static SketchSpan ofHours(int hours) {
        for (SketchSpan span : values()) {
            if (span.hours() == hours) {
                return span;
            }
        }
        throw new IllegalArgumentException("no sketch spans " + hours + " hours");
    }
}
