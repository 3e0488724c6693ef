package io.tally.application.service;

import io.tally.application.port.out.DefinitionStore;
import io.tally.application.port.out.EventArchive;
import io.tally.application.port.out.EventStore;

/**
 * Copies every event and definition from one store to another: the growth path from the embedded default to
 * ClickHouse. Safe to run again: the target keeps each event id once, and definitions are replaced by name.
 */
public final class StoreMigration {

    /** @param eventsRead events read from the source; @param eventsStored new in the target; @param definitions copied */
    public record Result(long eventsRead, long eventsStored, int definitions) {
    }

    public static final int BATCH = 10_000;

    private final EventArchive sourceEvents;
    private final DefinitionStore sourceDefinitions;
    private final EventStore targetEvents;
    private final DefinitionStore targetDefinitions;

    public StoreMigration(EventArchive sourceEvents, DefinitionStore sourceDefinitions, EventStore targetEvents,
                          DefinitionStore targetDefinitions) {
        this.sourceEvents = sourceEvents;
        this.sourceDefinitions = sourceDefinitions;
        this.targetEvents = targetEvents;
        this.targetDefinitions = targetDefinitions;
    }

    public Result run() {
        long[] stored = new long[1];
        long read = sourceEvents.scan(BATCH, batch -> stored[0] += targetEvents.append(batch));
        int definitions = 0;
        for (DefinitionStore.Entry entry : sourceDefinitions.entries()) {
            targetDefinitions.put(entry.projectId(), entry.kind(), entry.name(), entry.body());
            definitions++;
        }
        return new Result(read, stored[0], definitions);
    }
}
