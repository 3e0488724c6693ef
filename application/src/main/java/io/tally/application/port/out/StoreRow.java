package io.tally.application.port.out;

import io.tally.domain.event.Event;

/**
 * An event as a store will write it: whatever the store works out from the event alone (its row's values, its key),
 * made by {@link EventStore#row} on the thread that accepted the event, so that the one thread writing batches
 * spends its time writing. Opaque to the core: only the store that made it reads more than the event.
 */
public interface StoreRow {

    Event event();
}
