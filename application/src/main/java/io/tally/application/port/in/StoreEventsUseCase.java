package io.tally.application.port.in;

import io.tally.domain.event.SubmittedEvent;

import java.time.Instant;
import java.util.List;

/**
 * Stores a batch of events read from the message log, synchronously: the valid ones in the event store, the others
 * as dead letters. Returns only when both are durable, so the caller may then commit its position; throws
 * {@link StoreUnavailableException} when the store fails (nothing to commit then).
 */
public interface StoreEventsUseCase {

    /** One record: its decoded event, its raw bytes and where it came from. */
    record Consumed(SubmittedEvent event, byte[] key, byte[] value, Origin origin) {
    }

    /** Where a record was read: topic, partition and offset (a dead letter keeps it, to be found and replayed). */
    record Origin(String topic, int partition, long offset, Instant timestamp) {
    }

    /** How a batch went: events stored new, events already stored, dead letters, bots left out. */
    record Outcome(long stored, long duplicates, int deadLetters, int bots) {
    }

    Outcome store(String defaultProject, List<Consumed> batch);

    /** A batch made ready to store: checked and enriched, nothing written yet. */
    interface Prepared {
        /** The records it was made of. */
        int size();
    }

    /** A batch for which nothing was done ahead: {@link #store(Prepared)} does it all, as {@link #store(String, List)}. */
    record Deferred(String defaultProject, List<Consumed> batch) implements Prepared {
        public Deferred {
            batch = List.copyOf(batch);
        }

        @Override
        public int size() {
            return batch.size();
        }
    }

    /**
     * The part of {@link #store(String, List)} that writes nothing (validation, enrichment), so a consumer can prepare
     * the next batch while the last one is stored. Store the result with {@link #store(Prepared)} of the same use case.
     */
    default Prepared prepare(String defaultProject, List<Consumed> batch) {
        return new Deferred(defaultProject, batch);
    }

    /** Stores a batch this use case prepared; the same durability and failures as {@link #store(String, List)}. */
    default Outcome store(Prepared prepared) {
        if (prepared instanceof Deferred deferred) {
            return store(deferred.defaultProject(), deferred.batch());
        }
        throw new IllegalArgumentException("a batch prepared elsewhere: " + prepared.getClass().getName());
    }
}
