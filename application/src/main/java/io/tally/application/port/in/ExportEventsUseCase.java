package io.tally.application.port.in;

import io.tally.domain.event.Event;
import io.tally.domain.time.TimeRange;

import java.util.List;
import java.util.function.Consumer;

/** A project's raw events out, for users who want their data: in batches, so any range streams in bounded memory. */
public interface ExportEventsUseCase {

    /** Hands the project's events with a timestamp in {@code range} to {@code batches} in time order; returns how many. */
    long export(String projectId, TimeRange range, Consumer<List<Event>> batches);
}
