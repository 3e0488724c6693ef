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
}
