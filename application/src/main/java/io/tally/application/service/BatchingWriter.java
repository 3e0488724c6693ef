package io.tally.application.service;

import io.tally.application.port.in.SetAside;
import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.IngestTelemetry;
import io.tally.application.port.out.StoreDeadLetters;
import io.tally.domain.event.Event;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
 * <p>A failed write keeps its events and is retried with backoff. One event the store refuses every time (a value
 * an engine rejects, a key collision) must not stop ingestion, nor may a store outage lose anything, so:
 * <ol>
 *   <li>a batch that failed {@link WriterSettings#failuresBeforeSplit()} times in a row is split in halves, written
 *       one after the other (each split again the same way), so the good events are stored and the failure narrows
 *       down to single events; splitting changes only batch boundaries, the store still keeps each event id once;</li>
 *   <li>a single event that failed that many times in a row is set aside (kept in {@link StoreDeadLetters} with the
 *       store's error, logged, counted) only when the store stored another write since its batch first failed, and
 *       the event failed again after that: the store takes writes, it refuses this event;</li>
 *   <li>without that proof (every write fails: the store is down, its disk full) nothing is set aside: the writer
 *       writes the rest of the batch first, then takes in the next queued events (whose write is the proof), and
 *       with nothing else to write retries with backoff, as long as it takes;</li>
 *   <li>a retry that succeeds after failing (the store came back) merges the pieces still waiting back into batches.</li>
 * </ol>
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
    /** Writes the store took so far; read and written by the writer thread only. */
    private long successes;

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
     * Queues the events for writing.
     *
     * @return a future completed once they are stored (exceptionally with {@link EventsSetAside} when the store
     *         refused some for good), or empty when they do not fit (nothing queued)
     */
    public Optional<CompletableFuture<Void>> offer(List<Event> events) {
        lock.lock();
        try {
            if (closing || queuedEvents + events.size() > settings.capacity()) {
                return Optional.empty();
            }
            Submission submission = new Submission(List.copyOf(events), nanoTime.getAsLong());
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
        Deque<Piece> pending = new ArrayDeque<>();
        pending.add(Piece.of(batch));
        Duration backoff = settings.retryBackoff();
        while (!pending.isEmpty()) {
            Piece piece = pending.poll();
            Optional<RuntimeException> failure = append(piece);
            if (failure.isEmpty()) {
                successes++;
                resolved(piece, Optional.empty());
                backoff = settings.retryBackoff();
                if (piece.failures > 0) {
                    rejoin(pending); // the store came back: no need to write the rest in small pieces
                }
                continue;
            }
            piece.failed(successes);
            if (piece.failures < settings.failuresBeforeSplit()) {
                LOG.log(System.Logger.Level.WARNING, "writing " + piece.size() + " events failed, retrying in "
                        + backoff.toMillis() + " ms", failure.get());
                sleep(backoff);
                backoff = longer(backoff);
                pending.addFirst(piece);
            } else if (piece.size() > 1) {
                LOG.log(System.Logger.Level.WARNING, "writing " + piece.size() + " events failed " + piece.failures
                        + " times in a row, writing each half on its own", failure.get());
                pending.addFirst(piece.secondHalf());
                pending.addFirst(piece.firstHalf());
            } else if (successes > piece.successesAtFirstFailure && setAside(piece, failure.get())) {
                continue;
            } else if (pending.stream().anyMatch(p -> !isSuspect(p))) {
                pending.addLast(piece); // the rest of the batch first: its writes show whether the store takes any
            } else {
                List<Submission> more = takeMore();
                if (more.isEmpty()) {
                    // no stack trace: an outage repeats this for every event waiting
                    LOG.log(System.Logger.Level.WARNING, "writing event " + piece.events.getFirst().eventId()
                            + " failed and no write succeeds, retrying in " + backoff.toMillis() + " ms: " + failure.get());
                    sleep(backoff);
                    backoff = longer(backoff);
                } else {
                    pending.addFirst(Piece.of(more));
                }
                pending.addLast(piece);
            }
        }
    }

    private Optional<RuntimeException> append(Piece piece) {
        long start = System.nanoTime();
        try {
            store.append(piece.events);
            telemetry.flushed(piece.size(), Duration.ofNanos(System.nanoTime() - start));
            return Optional.empty();
        } catch (RuntimeException e) {
            telemetry.flushFailed();
            return Optional.of(e);
        }
    }

    /** A single event that failed as often as splits a batch: set aside if the store proves healthy, else retried. */
    private boolean isSuspect(Piece piece) {
        return piece.size() == 1 && piece.failures >= settings.failuresBeforeSplit();
    }

    /** Keeps the piece's one event in the dead letters; false when there are none or they could not keep it. */
    private boolean setAside(Piece piece, RuntimeException failure) {
        if (deadLetters.isEmpty()) {
            return false;
        }
        Event event = piece.events.getFirst();
        String error = reason(failure);
        try {
            deadLetters.get().keep(List.of(new StoreDeadLetters.StoreDeadLetter(event, error, clock.instant())));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the store refuses event " + event.eventId() + " of project "
                    + event.projectId() + " and its dead letters could not keep it; retrying it", e);
            return false;
        }
        LOG.log(System.Logger.Level.ERROR, "the store refused event " + event.eventId() + " of project "
                + event.projectId() + " " + piece.failures + " times while taking other events; it was kept in the "
                + "store's dead letters: " + error, failure);
        telemetry.storeDeadLettered(1);
        resolved(piece, Optional.of(new SetAside(event.projectId(), event.eventId(), error)));
        return true;
    }

    private static String reason(Throwable failure) {
        StringBuilder reason = new StringBuilder(failure.toString());
        Throwable cause = failure.getCause();
        for (int depth = 0; cause != null && depth < 5; depth++, cause = cause.getCause()) {
            reason.append("; caused by ").append(cause);
        }
        return reason.toString();
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

    /** Merges the waiting pieces back into batches of at most the batch size, their failures forgotten. */
    private void rejoin(Deque<Piece> pending) {
        if (pending.size() < 2) {
            return;
        }
        List<Piece> joined = new ArrayList<>();
        Piece current = Piece.empty();
        for (Piece piece : pending) {
            if (current.size() > 0 && current.size() + piece.size() > settings.batchSize()) {
                joined.add(current);
                current = Piece.empty();
            }
            current.add(piece);
        }
        joined.add(current);
        pending.clear();
        pending.addAll(joined);
    }

    /** The piece's events are stored, or its one event set aside: their submissions hear of it once all theirs are. */
    private void resolved(Piece piece, Optional<SetAside> setAside) {
        lock.lock();
        try {
            queuedEvents -= piece.size();
            telemetry.queueDepth(queuedEvents);
        } finally {
            lock.unlock();
        }
        for (Submission owner : piece.owners) {
            owner.resolved(setAside);
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
        private final List<Event> events;
        private final long enqueuedNanos;
        private final CompletableFuture<Void> stored = new CompletableFuture<>();
        private final List<SetAside> setAside = new ArrayList<>();
        private int unresolved;

        Submission(List<Event> events, long enqueuedNanos) {
            this.events = events;
            this.enqueuedNanos = enqueuedNanos;
            this.unresolved = events.size();
        }

        List<Event> events() {
            return events;
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

    /** Events written together: a whole batch, or a part of one split after it kept failing. Writer thread only. */
    private static final class Piece {
        private final List<Event> events;
        /** The submission of each event, index for index. */
        private final List<Submission> owners;
        private int failures;
        /** How many writes had succeeded when this piece, or the one it was split from, first failed; -1 before. */
        private long successesAtFirstFailure;

        private Piece(List<Event> events, List<Submission> owners, long successesAtFirstFailure) {
            this.events = events;
            this.owners = owners;
            this.successesAtFirstFailure = successesAtFirstFailure;
        }

        static Piece empty() {
            return new Piece(new ArrayList<>(), new ArrayList<>(), -1);
        }

        static Piece of(List<Submission> batch) {
            Piece piece = empty();
            for (Submission submission : batch) {
                for (Event event : submission.events()) {
                    piece.events.add(event);
                    piece.owners.add(submission);
                }
            }
            return piece;
        }

        void add(Piece other) {
            events.addAll(other.events);
            owners.addAll(other.owners);
        }

        int size() {
            return events.size();
        }

        void failed(long successesNow) {
            if (successesAtFirstFailure < 0) {
                successesAtFirstFailure = successesNow;
            }
            failures++;
        }

        Piece firstHalf() {
            int half = size() / 2;
            return new Piece(events.subList(0, half), owners.subList(0, half), successesAtFirstFailure);
        }

        Piece secondHalf() {
            int half = size() / 2;
            return new Piece(events.subList(half, size()), owners.subList(half, size()), successesAtFirstFailure);
        }
    }
}
