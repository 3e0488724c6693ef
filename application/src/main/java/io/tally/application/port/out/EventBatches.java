package io.tally.application.port.out;

import io.tally.domain.event.Event;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Hands events read one by one to an {@link EventArchive} consumer in batches of a fixed size, the last one shorter. */
public final class EventBatches {

    private final int size;
    private final Consumer<List<Event>> batches;
    private final List<Event> batch;
    private long handed;

    public EventBatches(int size, Consumer<List<Event>> batches) {
        this.size = size;
        this.batches = batches;
        this.batch = new ArrayList<>(size);
    }

    public void add(Event event) {
        batch.add(event);
        if (batch.size() == size) {
            hand();
        }
    }

    /** Hands the last, partial batch; returns how many events were handed in all. */
    public long finish() {
        if (!batch.isEmpty()) {
            hand();
        }
        return handed;
    }

    private void hand() {
        batches.accept(List.copyOf(batch));
        handed += batch.size();
        batch.clear();
    }
}
