package io.tally.application.port.in;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An accepted event the store refused for good, as kept in its dead letters.
 *
 * @param event the event in the wire format {@code POST /v1/events} reads (plain values), ready to be re-sent
 */
public record SetAsideEvent(Instant setAsideAt, String projectId, String eventId, String error, Map<String, Object> event) {
    public SetAsideEvent {
        Objects.requireNonNull(setAsideAt, "setAsideAt");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(error, "error");
        event = Map.copyOf(event);
    }
}
