package io.tally.adapter.out.memory;

import io.tally.domain.time.Retention;

import java.time.Clock;
import java.util.Optional;

/** The retention contract on the reference engine. */
class MemoryRetentionTest extends RetentionContract {

    @Override
    protected Opened open(Retention retention, Clock clock) {
        MemoryStore store = MemoryStore.create(retention, clock);
        return new Opened(store, store, Optional.empty(), store, store, () -> { });
    }
}
