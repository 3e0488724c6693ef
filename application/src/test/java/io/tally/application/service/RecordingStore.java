package io.tally.application.service;

import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.StoreException;
import io.tally.domain.event.Event;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A store for tests of the core: keeps events by id, can be told to fail or to hold writes. */
final class RecordingStore implements EventStore {
    final Map<String, Event> stored = new LinkedHashMap<>();
    final List<Integer> batchSizes = new ArrayList<>();
    final AtomicInteger failuresLeft = new AtomicInteger();
    volatile CountDownLatch gate = new CountDownLatch(0);

    @Override
    public long append(List<Event> events) {
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new StoreException("planned failure", null);
        }
        synchronized (this) {
            batchSizes.add(events.size());
            long added = 0;
            for (Event e : events) {
                if (stored.putIfAbsent(e.eventId(), e) == null) {
                    added++;
                }
            }
            return added;
        }
    }

    synchronized int count() {
        return stored.size();
    }

    @Override
    public boolean isAvailable() {
        return true;
    }
}
