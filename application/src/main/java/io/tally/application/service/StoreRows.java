package io.tally.application.service;

import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.StoreRow;
import io.tally.domain.event.Event;

import java.util.ArrayList;
import java.util.List;

/** Events made into the store's rows on the calling thread (request threads, Kafka's preparing thread), not the writer's. */
final class StoreRows {

    private StoreRows() {
    }

    /**
     * Each event's row, in order. An event the store cannot make a row of stays as it is: its write then fails and
     * {@link PiecewiseAppend} sets it aside, as any event the store refuses, instead of the whole submission failing here.
     */
    static List<StoreRow> of(EventStore store, List<Event> events) {
        List<StoreRow> rows = new ArrayList<>(events.size());
        for (Event event : events) {
            StoreRow row;
            try {
                row = store.row(event);
            } catch (RuntimeException e) {
                row = new EventStore.AsIs(event);
            }
            rows.add(row);
        }
        return rows;
    }
}
