package io.tally.application.port.out;

import io.tally.domain.event.Event;
import io.tally.domain.time.TimeRange;

import java.util.List;
import java.util.function.Consumer;

/** Reads back every stored event, of every project, in batches: the way out of a store (migrations, exports). */
public interface EventArchive {

    /** Hands every stored event to {@code batches}, at most {@code batchSize} at a time; returns how many. */
    long scan(int batchSize, Consumer<List<Event>> batches);

    /** Hands one project's events with a timestamp in {@code range} to {@code batches}; returns how many. */
    long scan(String projectId, TimeRange range, int batchSize, Consumer<List<Event>> batches);
}
