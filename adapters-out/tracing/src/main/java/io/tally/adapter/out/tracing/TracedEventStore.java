package io.tally.adapter.out.tracing;

import io.helidon.tracing.Tracer;
import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.StoreRow;
import io.tally.domain.event.Event;

import java.util.List;

/** A store whose every write is a span ({@code store.append}, with the batch size). */
final class TracedEventStore implements EventStore {

    private final EventStore store;
    private final Tracer tracer;
    private final String kind;

    TracedEventStore(EventStore store, Tracer tracer, String kind) {
        this.store = store;
        this.tracer = tracer;
        this.kind = kind;
    }

    @Override
    public long append(List<Event> events) {
        return Spans.inSpan(tracer, "store.append", kind, () -> store.append(events));
    }

    @Override
    public StoreRow row(Event event) {
        return store.row(event);
    }

    @Override
    public long appendRows(List<? extends StoreRow> rows) {
        return Spans.inSpan(tracer, "store.append", kind, () -> store.appendRows(rows));
    }

    @Override
    public boolean isAvailable() {
        return store.isAvailable();
    }
}
