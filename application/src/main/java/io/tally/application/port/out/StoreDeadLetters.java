package io.tally.application.port.out;

import io.tally.application.port.in.SetAsideEvent;
import io.tally.domain.event.Event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where the batching writer keeps accepted events that the store refused for good while it took others, with the
 * store's error, so one bad event never stops ingestion and is never lost (an operator reads them and re-sends).
 */
public interface StoreDeadLetters {

    /** An accepted event the store refused, with the store's error and when it was set aside. */
    record StoreDeadLetter(Event event, String error, Instant setAsideAt) {
        public StoreDeadLetter {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(setAsideAt, "setAsideAt");
        }
    }

    /**
     * Keeps the dead letters durably before returning.
     *
     * @throws RuntimeException when they could not be kept; the writer then keeps the events and retries them
     */
    void keep(List<StoreDeadLetter> letters);

    /** The project's dead letters as kept, oldest first, the last {@code limit} of them; none when nothing was kept. */
    List<SetAsideEvent> read(String projectId, int limit);
}
