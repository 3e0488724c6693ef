package io.tally.bootstrap.load;

import java.util.Objects;

/** One request's worth of events: an NDJSON body of {@code events} lines, re-sent as the same bytes when refused. */
public record Batch(int events, byte[] body) {
    public Batch {
        Objects.requireNonNull(body, "body");
        if (events < 1) {
            throw new IllegalArgumentException("a batch holds at least one event");
        }
    }
}
