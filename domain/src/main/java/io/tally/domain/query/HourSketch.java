package io.tally.domain.query;

import java.time.Instant;
import java.util.Objects;

/** The {@link VisitorSketch} bytes of one project's users of one event type in one UTC hour, as a store keeps them. */
public record HourSketch(Instant hour, String eventType, byte[] sketch) {
    public HourSketch {
        Objects.requireNonNull(hour, "hour");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(sketch, "sketch");
    }
}
