package io.tally.application.service;

import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.LiveFeed;
import io.tally.application.port.out.StoreRow;
import io.tally.domain.event.Event;

import java.util.List;

/** The event store, handing every stored batch to the live feed: live numbers follow what is stored, nothing else. */
public final class FeedingEventStore implements EventStore {

    private final EventStore store;
    private final LiveFeed feed;

    public FeedingEventStore(EventStore store, LiveFeed feed) {
        this.store = store;
        this.feed = feed;
    }

    @Override
    public long append(List<Event> events) {
        long added = store.append(events);
        feed.stored(events);
        return added;
    }

    @Override
    public StoreRow row(Event event) {
        return store.row(event);
    }

    @Override
    public long appendRows(List<? extends StoreRow> rows) {
        long added = store.appendRows(rows);
        feed.stored(rows.stream().map(StoreRow::event).toList());
        return added;
    }

    @Override
    public boolean isAvailable() {
        return store.isAvailable();
    }
}
