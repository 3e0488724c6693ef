package io.tally.application.port.in;

import io.tally.domain.event.SubmittedEvent;

import java.util.List;
import java.util.Objects;

/**
 * Events submitted together in one request or record batch.
 *
 * @param projectId     the caller's project: events that name none belong to it
 * @param events        in the order submitted; rejections refer to these indexes
 * @param waitUntilStored answer only once the accepted events are durably stored
 */
public record IngestEventsCommand(String projectId, List<SubmittedEvent> events, boolean waitUntilStored) {
    public IngestEventsCommand {
        Objects.requireNonNull(projectId, "projectId");
        events = List.copyOf(events);
    }
}
