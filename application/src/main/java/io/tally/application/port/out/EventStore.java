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

    /**
     * The event made ready for {@link #appendRows}, from the event alone (nothing stored is read), on the caller's
     * thread. A store with nothing to work out ahead hands the event back as it is.
     *
     * @throws RuntimeException when the store could never write the event; {@link #appendRows} then refuses it too
     */
    default StoreRow row(Event event) {
        return new AsIs(event);
    }

    /**
     * Stores rows as {@link #append} stores their events: the same idempotence, count and all-or-nothing. Rows this
     * store did not make ({@link AsIs}, another store's) are made here.
     */
    default long appendRows(List<? extends StoreRow> rows) {
        return append(rows.stream().map(StoreRow::event).toList());
    }

    /** Whether the store answers right now. */
    boolean isAvailable();

    /** An event nothing was worked out for ahead of its write. */
    record AsIs(Event event) implements StoreRow {
    }
}
