package io.tally.application.port.out;

import java.time.Instant;
import java.util.Optional;

/** Sends dead letters back to the event topic (after a fix), where they are validated again like any record. */
public interface DeadLetterReplay {

    /**
     * Re-produces the dead letters written since {@code since} (all when empty) up to the topic's end when called;
     * returns how many. Replaying twice is harmless: stored events are kept once by their id.
     */
    long replay(Optional<Instant> since);
}
