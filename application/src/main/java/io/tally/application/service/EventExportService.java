package io.tally.application.service;

import io.tally.application.port.in.ExportEventsUseCase;
import io.tally.application.port.out.EventArchive;
import io.tally.domain.event.Event;
import io.tally.domain.time.TimeRange;

import java.util.List;
import java.util.function.Consumer;

/** Exports through the store's archive, a few thousand events at a time. */
public final class EventExportService implements ExportEventsUseCase {

    static final int BATCH = 5_000;

    private final EventArchive archive;

    public EventExportService(EventArchive archive) {
        this.archive = archive;
    }

    @Override
    public long export(String projectId, TimeRange range, Consumer<List<Event>> batches) {
        return archive.scan(projectId, range, BATCH, batches);
    }
}
