package io.tally.application.service;

import io.tally.application.port.out.LiveFeed;
import io.tally.domain.event.Event;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A live feed on a thread of its own: whoever stores a batch (the writer, the Kafka consumer, the broadcast's
 * listener) only hands it over, so live tallies (every filter of every live view, for every event) never delay
 * ingestion. At most {@code maxWaiting} events wait; a batch that does not fit is not waited for but counted as
 * missed, and once the queue has emptied the live feed is told to read what it keeps again from the store, so a
 * live view is late, never short.
 */
public final class QueuedLiveFeed implements LiveFeed, AutoCloseable {

    /** Events that may wait: ten of the writer's default batches. */
    public static final int WAITING_EVENTS = 50_000;
    private static final System.Logger LOG = System.getLogger(QueuedLiveFeed.class.getName());

    private final LiveFeed feed;
    private final int maxWaiting;
    private final LinkedBlockingQueue<List<Event>> batches = new LinkedBlockingQueue<>();
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();
    private final AtomicBoolean reread = new AtomicBoolean();
    private final Thread worker;

    public QueuedLiveFeed(LiveFeed feed, int maxWaiting) {
        this.feed = feed;
        this.maxWaiting = maxWaiting;
        this.worker = Thread.ofPlatform().name("tally-live-feed").daemon(true).start(this::run);
    }

    @Override
    public void stored(List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        if (waiting.addAndGet(events.size()) > maxWaiting) {
            waiting.addAndGet(-events.size());
            missed.addAndGet(events.size());
            reread.set(true);
            return;
        }
        batches.add(List.copyOf(events)); // the caller may reuse its list
    }

    @Override
    public void missed() {
        reread.set(true);
        batches.add(List.of()); // wakes the worker
    }

    /** Stored events not handed to the live feed in time since start (the live views read them from the store instead). */
    public long missedEvents() {
        return missed.get();
    }

    /** Events handed over and not yet counted by the live feed. */
    public long waitingEvents() {
        return waiting.get();
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                List<Event> batch = batches.take();
                try {
                    if (!batch.isEmpty()) {
                        feed.stored(batch);
                    }
                } finally {
                    waiting.addAndGet(-batch.size());
                }
                if (batches.isEmpty() && reread.getAndSet(false)) {
                    feed.missed();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "the live feed failed on a stored batch", e);
            }
        }
    }

    @Override
    public void close() {
        worker.interrupt();
    }
}
