package io.tally.application.fake;

import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.StoreException;
import io.tally.domain.event.Event;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** An event store for tests of the core: keeps events by id, writes down batch sizes, can be told to fail, to refuse events or to hold writes. */
public final class RecordingStore implements EventStore {

    private final Map<String, Event> stored = new LinkedHashMap<>();
    private final List<Integer> batchSizes = new ArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final Set<String> refused = ConcurrentHashMap.newKeySet();

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
        for (Event e : events) {
            if (refused.contains(e.eventId())) {
                throw new StoreException("refused event " + e.eventId(), new IllegalArgumentException("a value it cannot take"));
            }
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

    @Override
    public boolean isAvailable() {
        return true;
    }

    /** The next {@code writes} appends fail with a {@link StoreException}, storing nothing. */
    public void failNext(int writes) {
        failuresLeft.set(writes);
    }

    /** Every append holding an event with this id fails, storing nothing: a value the store cannot take. */
    public void refuse(String eventId) {
        refused.add(eventId);
    }

    /** Appends wait (the store hangs) until {@link #release}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    public void release() {
        gate.countDown();
    }

    /** The stored events by id, in the order they were first stored. */
    public synchronized Map<String, Event> stored() {
        return new LinkedHashMap<>(stored);
    }

    public synchronized int count() {
        return stored.size();
    }

    /** The size of every successful append, in order. */
    public synchronized List<Integer> batchSizes() {
        return List.copyOf(batchSizes);
    }
}
