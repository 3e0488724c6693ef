package io.tally.application.port.in;

import java.time.Instant;
import java.util.Optional;

/** Re-ingests dead letters after a fix; answers how many were sent back. */
public interface ReplayDeadLettersUseCase {

    long replay(Optional<Instant> since);
}
