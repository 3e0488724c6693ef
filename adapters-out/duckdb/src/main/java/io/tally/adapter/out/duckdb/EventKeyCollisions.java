package io.tally.adapter.out.duckdb;

import io.tally.application.port.out.StoreException;
import io.tally.domain.event.Event;

/**
 * The writer's guard for {@link EventKey}: a staged event whose key the re-send probe finds stored is left out, which
 * is right for a re-sent event and wrong for another event under the same key (a true collision, about n²/2¹²⁹). Every
 * stored row the probe returns is matched to the staged event holding its key; one with another project or event id
 * fails the whole batch with a {@link StoreException} (as the writer does for two events of one batch under one key):
 * nothing of it is stored and its sender retries it (a 503 to HTTP, the batching writer's backoff, Kafka's
 * uncommitted offset), loudly, instead of an event vanishing silently. The check costs nothing more than the probe.
 */
final class EventKeyCollisions {

    private EventKeyCollisions() {
    }

    /** Throws when the stored row under {@code event}'s key, {@code storedEvent} of {@code storedProject}, is another event. */
    static void requireSame(Event event, String storedProject, String storedEvent) {
        if (!event.projectId().equals(storedProject) || !event.eventId().equals(storedEvent)) {
            throw refusal(event.projectId(), event.eventId(), storedProject, storedEvent);
        }
    }

    /** The failure of a batch holding {@code event} of {@code project}, whose key the other event already has. */
    static StoreException refusal(String project, String event, String otherProject, String otherEvent) {
        return new StoreException(("DuckDB refused the batch: event %s of project %s has the same 128-bit key as event %s of"
                + " project %s (a hash collision); nothing of the batch was stored").formatted(event, project, otherEvent, otherProject), null);
    }
}
