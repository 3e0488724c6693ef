package io.tally.domain.query;

import java.time.Instant;
import java.util.Objects;

/**
 * The {@link VisitorSketch} bytes of one project's users of one event type in one UTC hour or day (its {@code span}
 * starting at {@code start}), as a store keeps them.
 */
public record KeptSketch(Instant start, SketchSpan span, String eventType, byte[] sketch) {
    public KeptSketch {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(sketch, "sketch");
        if (!span.start(start).equals(start)) {
            throw new IllegalArgumentException("a sketch of a " + span + " starts on one: " + start);
        }
    }

    /** The end (exclusive) of the time the sketch covers. */
    public Instant end() {
        return span.end(start);
    }
}
