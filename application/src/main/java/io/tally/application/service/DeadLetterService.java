package io.tally.application.service;

import io.tally.application.port.in.ReplayDeadLettersUseCase;
import io.tally.application.port.out.DeadLetterReplay;

import java.time.Instant;
import java.util.Optional;

/** Replays dead letters through the log, so they meet the same validation as any record. */
public final class DeadLetterService implements ReplayDeadLettersUseCase {

    private static final System.Logger LOG = System.getLogger(DeadLetterService.class.getName());

    private final DeadLetterReplay replay;

    public DeadLetterService(DeadLetterReplay replay) {
        this.replay = replay;
    }

    @Override
    public long replay(Optional<Instant> since) {
        long sent = replay.replay(since);
        LOG.log(System.Logger.Level.INFO, "replayed {0} dead letters{1}", sent, since.map(s -> " since " + s).orElse(""));
        return sent;
    }
}
