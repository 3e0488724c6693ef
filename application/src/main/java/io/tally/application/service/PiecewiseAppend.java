package io.tally.application.service;

import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.IngestTelemetry;
import io.tally.application.port.out.StoreRow;
import io.tally.domain.event.Event;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Appends one batch of events to the store so that one event the store refuses every time cannot hold back the
 * others, and an outage loses nothing. The rule, shared by the batching writer (HTTP) and the Kafka consumption:
 * <ol>
 *   <li>a batch (or piece of one) that failed {@code failuresBeforeSplit} times in a row is split in halves, written
 *       one after the other and split again the same way, down to single events; only batch boundaries change, the
 *       store still keeps each event id once;</li>
 *   <li>a single event that failed that many times in a row is set aside (handed to {@link Outcomes#setAside}) only
 *       when another write of this batch succeeded since the batch first failed, and the event failed again after
 *       that: the store takes writes, it refuses this event;</li>
 *   <li>without that proof (every write fails: the store is down, its disk full) nothing is set aside: the rest of the
 *       batch is written first, then more events are taken in when the caller has some (their write is the proof),
 *       else {@link #writeUntilPause} returns the failure and the caller pauses and calls again, as long as it takes;</li>
 *   <li>a retry that succeeds after failing (the store came back) merges the pieces still waiting back into batches.</li>
 * </ol>
 * Not thread-safe: one writer thread drives it.
 *
 * @param <T> what each event belongs to (a submission, a consumed record), handed back with its outcome
 */
final class PiecewiseAppend<T> {

    private static final System.Logger LOG = System.getLogger(PiecewiseAppend.class.getName());

    /** What becomes of the events, reported by their owners. */
    interface Outcomes<T> {
        /** These events (one owner per event) are stored. */
        void stored(List<T> owners);

        /**
         * Keeps the event aside, durably, with the store's error.
         *
         * @throws RuntimeException when it could not be kept: the event then stays in the batch and is retried
         */
        void setAside(T owner, Event event, String error);
    }

    private final EventStore store;
    private final int failuresBeforeSplit;
    private final int batchSize;
    private final boolean setsAside;
    private final IngestTelemetry telemetry;
    private final Outcomes<T> outcomes;
    private final Deque<Piece<T>> pending = new ArrayDeque<>();
    private long successes;
    private long newEvents;

    /** @param setsAside false when there is nowhere to set events aside: a refused event is then retried for good */
    PiecewiseAppend(EventStore store, int failuresBeforeSplit, int batchSize, boolean setsAside, IngestTelemetry telemetry,
                    Outcomes<T> outcomes) {
        this.store = store;
        this.failuresBeforeSplit = failuresBeforeSplit;
        this.batchSize = batchSize;
        this.setsAside = setsAside;
        this.telemetry = telemetry;
        this.outcomes = outcomes;
    }

    /** Adds events, made into the store's rows ({@link StoreRows}), one owner per event, to be written next. */
    void add(List<StoreRow> rows, List<T> owners) {
        if (rows.size() != owners.size()) {
            throw new IllegalArgumentException("one owner per event");
        }
        if (!rows.isEmpty()) {
            pending.addFirst(new Piece<>(new ArrayList<>(rows), new ArrayList<>(owners), -1));
        }
    }

    boolean done() {
        return pending.isEmpty();
    }

    /** Writes the store took so far; a caller resets its backoff when this moved. */
    long successes() {
        return successes;
    }

    /** Events the store reported new, summed over the successful writes. */
    long newEvents() {
        return newEvents;
    }

    /**
     * Writes until every event is stored or set aside (empty), or until the store needs a pause (the failure): call
     * again after it.
     *
     * @param takeMore adds more events (through {@link #add}) when the caller has some; false when it has none
     */
    Optional<RuntimeException> writeUntilPause(BooleanSupplier takeMore) {
        while (!pending.isEmpty()) {
            Piece<T> piece = pending.poll();
            Optional<RuntimeException> failure = append(piece);
            if (failure.isEmpty()) {
                successes++;
                outcomes.stored(piece.owners);
                if (piece.failures > 0) {
                    rejoin(); // the store came back: no need to write the rest in small pieces
                }
                continue;
            }
            piece.failed(successes);
            if (piece.failures < failuresBeforeSplit) {
                pending.addFirst(piece);
                return failure;
            }
            if (piece.size() > 1) {
                LOG.log(System.Logger.Level.WARNING, "writing " + piece.size() + " events failed " + piece.failures
                        + " times in a row; writing each half on its own", failure.get());
                pending.addFirst(piece.half(false));
                pending.addFirst(piece.half(true));
            } else if (!(successes > piece.successesAtFirstFailure && setAside(piece, failure.get()))) {
                boolean othersFirst = pending.stream().anyMatch(p -> !isSuspect(p));
                pending.addLast(piece); // the rest first: its writes show whether the store takes any
                if (!othersFirst && !takeMore.getAsBoolean()) {
                    return failure;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<RuntimeException> append(Piece<T> piece) {
        long start = System.nanoTime();
        try {
            newEvents += store.appendRows(piece.rows);
            telemetry.flushed(piece.size(), Duration.ofNanos(System.nanoTime() - start));
            return Optional.empty();
        } catch (RuntimeException e) {
            telemetry.flushFailed();
            return Optional.of(e);
        }
    }

    /** A single event that failed as often as splits a batch, not set aside: it waits for proof of a healthy store. */
    private boolean isSuspect(Piece<T> piece) {
        return piece.size() == 1 && piece.failures >= failuresBeforeSplit;
    }

    private boolean setAside(Piece<T> piece, RuntimeException failure) {
        if (!setsAside) {
            return false;
        }
        Event event = piece.rows.getFirst().event();
        String error = reason(failure);
        try {
            outcomes.setAside(piece.owners.getFirst(), event, error);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the store refuses event " + event.eventId() + " of project "
                    + event.projectId() + " and it could not be set aside; retrying it", e);
            return false;
        }
        LOG.log(System.Logger.Level.ERROR, "the store refused event " + event.eventId() + " of project "
                + event.projectId() + " " + piece.failures + " times while taking other events; set aside: " + error,
                failure);
        return true;
    }

    /** The exception and its causes, as one line: what an operator reads next to the set-aside event. */
    private static String reason(Throwable failure) {
        StringBuilder reason = new StringBuilder(failure.toString());
        Throwable cause = failure.getCause();
        for (int depth = 0; cause != null && depth < 5; depth++, cause = cause.getCause()) {
            reason.append("; caused by ").append(cause);
        }
        return reason.toString();
    }

    /** Merges the waiting pieces back into batches of at most the batch size, their failures forgotten. */
    private void rejoin() {
        if (pending.size() < 2) {
            return;
        }
        List<Piece<T>> joined = new ArrayList<>();
        Piece<T> current = new Piece<>(new ArrayList<>(), new ArrayList<>(), -1);
        for (Piece<T> piece : pending) {
            if (current.size() > 0 && current.size() + piece.size() > batchSize) {
                joined.add(current);
                current = new Piece<>(new ArrayList<>(), new ArrayList<>(), -1);
            }
            current.rows.addAll(piece.rows);
            current.owners.addAll(piece.owners);
        }
        joined.add(current);
        pending.clear();
        pending.addAll(joined);
    }

    /** Events written together: a whole batch, or a part of one split after it kept failing. */
    private static final class Piece<T> {
        private final List<StoreRow> rows;
        /** The owner of each event, index for index. */
        private final List<T> owners;
        private int failures;
        /** How many writes had succeeded when this piece, or the one it was split from, first failed; -1 before. */
        private long successesAtFirstFailure;

        Piece(List<StoreRow> rows, List<T> owners, long successesAtFirstFailure) {
            this.rows = rows;
            this.owners = owners;
            this.successesAtFirstFailure = successesAtFirstFailure;
        }

        int size() {
            return rows.size();
        }

        void failed(long successesNow) {
            if (successesAtFirstFailure < 0) {
                successesAtFirstFailure = successesNow;
            }
            failures++;
        }

        Piece<T> half(boolean first) {
            int half = size() / 2;
            int from = first ? 0 : half;
            int to = first ? half : size();
            return new Piece<>(rows.subList(from, to), owners.subList(from, to), successesAtFirstFailure);
        }
    }
}
