package io.tally.application.service;

import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.IngestTelemetry;
import io.tally.domain.event.Event;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Collects accepted events and writes them to the store in batches, on one writer thread. The queue is
 * bounded: {@link #offer} refuses a submission that does not fit instead of growing, so callers can push back.
 * A failed write is retried with backoff and keeps its events; {@link #close} writes everything accepted.
 */
public final class BatchingWriter implements AutoCloseable {

    private record Submission(List<Event> events, CompletableFuture<Void> stored, long enqueuedNanos) {
    }

    private final EventStore store;
    private final WriterSettings settings;
    private final IngestTelemetry telemetry;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Submission> queue = new ArrayDeque<>();
    private final Thread worker;
    private int queuedEvents;
    private boolean closing;

    public BatchingWriter(EventStore store, WriterSettings settings, IngestTelemetry telemetry) {
        this(store, settings, telemetry, System::nanoTime);
    }

    /** @param nanoTime the ticker that times {@link WriterSettings#maxDelay()}; tests move one by hand */
    BatchingWriter(EventStore store, WriterSettings settings, IngestTelemetry telemetry, LongSupplier nanoTime) {
        this.store = store;
        this.settings = settings;
        this.telemetry = telemetry;
        this.nanoTime = nanoTime;
        // a platform thread: store drivers (JNI, JDBC) pin virtual threads anyway
        this.worker = Thread.ofPlatform().name("tally-batching-writer").daemon(true).start(this::run);
    }

    /**
     * Queues the events for writing.
     *
     * @return a future completed once they are stored, or empty when they do not fit (nothing queued)
     */
    public Optional<CompletableFuture<Void>> offer(List<Event> events) {
        lock.lock();
        try {
            if (closing || queuedEvents + events.size() > settings.capacity()) {
                return Optional.empty();
            }
            Submission submission = new Submission(List.copyOf(events), new CompletableFuture<>(), nanoTime.getAsLong());
            queue.add(submission);
            queuedEvents += events.size();
            telemetry.queueDepth(queuedEvents);
            changed.signalAll();
            return Optional.of(submission.stored());
        } finally {
            lock.unlock();
        }
    }

    /** How many events wait to be written. */
    public int queued() {
        lock.lock();
        try {
            return queuedEvents;
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (true) {
            List<Submission> batch = nextBatch();
            if (batch == null) {
                return;
            }
            write(batch);
        }
    }

    /** Waits for a full batch, an old enough event or closing; null when closed and drained. */
    private List<Submission> nextBatch() {
        lock.lock();
        try {
            while (true) {
                if (queue.isEmpty()) {
                    if (closing) {
                        return null;
                    }
                    changed.awaitUninterruptibly();
                    continue;
                }
                long waitedNanos = nanoTime.getAsLong() - queue.peek().enqueuedNanos();
                long leftNanos = settings.maxDelay().toNanos() - waitedNanos;
                if (closing || queuedEvents >= settings.batchSize() || leftNanos <= 0) {
                    return drain();
                }
                try {
                    changed.awaitNanos(leftNanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private List<Submission> drain() {
        List<Submission> batch = new ArrayList<>();
        int events = 0;
        while (!queue.isEmpty() && (batch.isEmpty() || events + queue.peek().events().size() <= settings.batchSize())) {
            Submission next = queue.poll();
            batch.add(next);
            events += next.events().size();
        }
        return batch;
    }

    private void write(List<Submission> batch) {
        List<Event> events = new ArrayList<>();
        batch.forEach(s -> events.addAll(s.events()));
        Duration backoff = settings.retryBackoff();
        while (true) {
            long start = System.nanoTime();
            try {
                store.append(events);
                telemetry.flushed(events.size(), Duration.ofNanos(System.nanoTime() - start));
                break;
            } catch (RuntimeException e) {
                telemetry.flushFailed();
                System.getLogger(BatchingWriter.class.getName()).log(System.Logger.Level.WARNING,
                        "writing " + events.size() + " events failed, retrying in " + backoff.toMillis() + " ms", e);
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(settings.retryBackoff().multipliedBy(10)) > 0
                        ? settings.retryBackoff().multipliedBy(10) : backoff.multipliedBy(2);
            }
        }
        lock.lock();
        try {
            queuedEvents -= events.size();
            telemetry.queueDepth(queuedEvents);
        } finally {
            lock.unlock();
        }
        batch.forEach(s -> s.stored().complete(null));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops taking events and returns once everything accepted so far is written (or the timeout passed). */
    public boolean close(Duration timeout) {
        lock.lock();
        try {
            closing = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            return worker.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        close(Duration.ofMinutes(1));
    }

    /** Waits until everything queued before this call is written; for orderly shutdown and tests. */
    public void awaitWritten(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (queued() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }
}
