package io.tally.application.service;

import io.tally.application.port.in.SetAside;
import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.IngestTelemetry;
import io.tally.application.port.out.StoreDeadLetters;
import io.tally.application.port.out.StoreRow;
import io.tally.domain.event.Event;

import java.time.Clock;
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
 * {@link #close} writes everything accepted.
 *
 * <p>A failed write keeps its events and is retried with backoff (doubling, up to ten times the first pause). A batch
 * that keeps failing is split, and an event the store refuses while it takes others is set aside in
 * {@link StoreDeadLetters} (logged and counted), by {@link PiecewiseAppend}'s rule; when only such events wait, the
 * writer takes in the next queued submissions, whose write shows whether the store takes any. When every write
 * fails (the store down, its disk full) nothing is set aside and the writer retries as long as it takes.
 * A submission's future completes once each of its events is stored or set aside; exceptionally, with
 * {@link EventsSetAside}, when some were set aside. Without dead letters (no {@code StoreDeadLetters}), a refused
 * event is retried forever.
 */
public final class BatchingWriter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BatchingWriter.class.getName());

    private final EventStore store;
    private final WriterSettings settings;
    private final IngestTelemetry telemetry;
    private final Optional<StoreDeadLetters> deadLetters;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Submission> queue = new ArrayDeque<>();
    private final Thread worker;
    private int queuedEvents;
    private boolean closing;

    /** A writer that never sets an event aside: a refused event is retried until the store takes it. */
    public BatchingWriter(EventStore store, WriterSettings settings, IngestTelemetry telemetry) {
        this(store, settings, telemetry, Optional.empty(), Clock.systemUTC(), System::nanoTime);
    }

    /** @param deadLetters where events the store refuses for good are kept (see the class comment) */
    public BatchingWriter(EventStore store, WriterSettings settings, IngestTelemetry telemetry,
                          StoreDeadLetters deadLetters, Clock clock) {
        this(store, settings, telemetry, Optional.of(deadLetters), clock, System::nanoTime);
    }

    /** @param nanoTime the ticker that times {@link WriterSettings#maxDelay()}; tests move one by hand */
    BatchingWriter(EventStore store, WriterSettings settings, IngestTelemetry telemetry, LongSupplier nanoTime) {
        this(store, settings, telemetry, Optional.empty(), Clock.systemUTC(), nanoTime);
    }

    BatchingWriter(EventStore store, WriterSettings settings, IngestTelemetry telemetry,
                   Optional<StoreDeadLetters> deadLetters, Clock clock, LongSupplier nanoTime) {
        this.store = store;
        this.settings = settings;
        this.telemetry = telemetry;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.nanoTime = nanoTime;
        // a platform thread: store drivers (JNI, JDBC) pin virtual threads anyway
        this.worker = Thread.ofPlatform().name("tally-batching-writer").daemon(true).start(this::run);
    }

    /** How long {@code ?wait=true} waits for a submission's future before answering that it is not stored yet. */
    public Duration waitBound() {
        return settings.waitBound();
    }

    /**
     * Queues the events for writing, made into the store's rows on the calling thread first ({@link StoreRows}):
     * callers run in parallel, the writer is one thread.
     *
     * @return a future completed once they are stored (exceptionally with {@link EventsSetAside} when the store
     *         refused some for good), or empty when they do not fit (nothing queued)
     */
    public Optional<CompletableFuture<Void>> offer(List<Event> events) {
        if (!fits(events.size())) {
            return Optional.empty(); // before the rows are made: a saturated writer should not cost the callers more
        }
        List<StoreRow> rows = StoreRows.of(store, events);
        lock.lock();
        try {
            if (closing || queuedEvents + events.size() > settings.capacity()) {
                return Optional.empty();
            }
            Submission submission = new Submission(rows, nanoTime.getAsLong());
            queue.add(submission);
            queuedEvents += events.size();
            telemetry.queueDepth(queuedEvents);
            changed.signalAll();
            return Optional.of(submission.stored());
        } finally {
            lock.unlock();
        }
    }

    private boolean fits(int events) {
        lock.lock();
        try {
            return !closing && queuedEvents + events <= settings.capacity();
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
        while (!queue.isEmpty() && (batch.isEmpty() || events + queue.peek().rows().size() <= settings.batchSize())) {
            Submission next = queue.poll();
            batch.add(next);
            events += next.rows().size();
        }
        return batch;
    }

    private void write(List<Submission> batch) {
        PiecewiseAppend<Submission> append = new PiecewiseAppend<>(store, settings.failuresBeforeSplit(),
                settings.batchSize(), deadLetters.isPresent(), telemetry, new Outcomes());
        add(append, batch);
        Duration backoff = settings.retryBackoff();
        long successes = 0;
        while (true) {
            Optional<RuntimeException> failure = append.writeUntilPause(() -> add(append, takeMore()));
            if (failure.isEmpty()) {
                return;
            }
            if (append.successes() > successes) {
                successes = append.successes();
                backoff = settings.retryBackoff();
            }
            LOG.log(System.Logger.Level.WARNING, "writing events failed, retrying in " + backoff.toMillis() + " ms",
                    failure.get());
            sleep(backoff);
            backoff = longer(backoff);
        }
    }

    private static boolean add(PiecewiseAppend<Submission> append, List<Submission> submissions) {
        List<StoreRow> rows = new ArrayList<>();
        List<Submission> owners = new ArrayList<>();
        for (Submission submission : submissions) {
            rows.addAll(submission.rows());
            for (int i = 0; i < submission.rows().size(); i++) {
                owners.add(submission);
            }
        }
        append.add(rows, owners);
        return !rows.isEmpty();
    }

    private Duration longer(Duration backoff) {
        Duration most = settings.retryBackoff().multipliedBy(10);
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(most) > 0 ? most : doubled;
    }

    /** The next queued submissions, up to a batch, taken in while the current batch waits on events under suspicion. */
    private List<Submission> takeMore() {
        lock.lock();
        try {
            return drain();
        } finally {
            lock.unlock();
        }
    }

    private void written(int events) {
        lock.lock();
        try {
            queuedEvents -= events;
            telemetry.queueDepth(queuedEvents);
        } finally {
            lock.unlock();
        }
    }

    /** Stored events complete their submissions; set-aside ones go to the dead letters first. */
    private final class Outcomes implements PiecewiseAppend.Outcomes<Submission> {
        @Override
        public void stored(List<Submission> owners) {
            written(owners.size());
            owners.forEach(owner -> owner.resolved(Optional.empty()));
        }

        @Override
        public void setAside(Submission owner, Event event, String error) {
            deadLetters.orElseThrow().keep(List.of(new StoreDeadLetters.StoreDeadLetter(event, error, clock.instant())));
            telemetry.storeDeadLettered(1);
            written(1);
            owner.resolved(Optional.of(new SetAside(event.projectId(), event.eventId(), error)));
        }
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

    /** Events offered together; its future completes once each is stored or set aside. */
    private static final class Submission {
        private final List<StoreRow> rows;
        private final long enqueuedNanos;
        private final CompletableFuture<Void> stored = new CompletableFuture<>();
        private final List<SetAside> setAside = new ArrayList<>();
        private int unresolved;

        Submission(List<StoreRow> rows, long enqueuedNanos) {
            this.rows = rows;
            this.enqueuedNanos = enqueuedNanos;
            this.unresolved = rows.size();
        }

        List<StoreRow> rows() {
            return rows;
        }

        long enqueuedNanos() {
            return enqueuedNanos;
        }

        CompletableFuture<Void> stored() {
            return stored;
        }

        /** One of its events is stored (or set aside); called on the writer thread only. */
        void resolved(Optional<SetAside> event) {
            event.ifPresent(setAside::add);
            if (--unresolved == 0) {
                if (setAside.isEmpty()) {
                    stored.complete(null);
                } else {
                    stored.completeExceptionally(new EventsSetAside(setAside));
                }
            }
        }
    }
}
