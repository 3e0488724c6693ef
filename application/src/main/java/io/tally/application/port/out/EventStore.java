package io.tally.application.port.out;

import io.tally.domain.event.Event;

import java.util.List;

/** Where events of record are kept. */
public interface EventStore {

    /**
     * Stores the events durably. Idempotent: an event whose {@code (project_id, event_id)} is already stored,
     * or appears twice in the list, is stored once (the first one wins).
     *
     * @return how many events were new
     * @throws StoreException when the store cannot take them; nothing of the batch is then stored
     */
    long append(List<Event> events);

    /** Whether the store answers right now. */
    boolean isAvailable();
}
