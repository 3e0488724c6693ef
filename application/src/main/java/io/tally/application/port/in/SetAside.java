package io.tally.application.port.in;

import java.util.Objects;

/**
 * An accepted event the store refused for good while it took others: kept in the store's dead letters with the
 * store's error instead of being stored, so ingestion goes on. Nothing accepted is dropped.
 */
public record SetAside(String projectId, String eventId, String reason) {
    public SetAside {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(reason, "reason");
    }
}
