package io.tally.application.port.in;

import io.tally.domain.validation.Violation;

import java.time.Duration;
import java.util.List;

/** What became of an ingest request. */
public sealed interface IngestResult {

    /** The submitted event at {@code index} was refused for these reasons. */
    record Rejection(int index, List<Violation> violations) {
        public Rejection {
            violations = List.copyOf(violations);
        }
    }

    /**
     * Valid events were taken: {@code accepted} of them will be stored (or are stored already, when re-sent; the
     * store keeps each event id once), {@code duplicates} were later copies of an event id earlier in the same request
     * (left out, the first copy wins), {@code botsExcluded} were bot traffic left out (valid, so not rejections); the
     * rejected ones are listed. The four add up to the events submitted. When the caller waited for the store,
     * {@code setAside} lists the accepted events the store refused for good and that went to its dead letters instead
     * (counted in {@code accepted}); otherwise it is empty.
     */
    record Accepted(int accepted, int duplicates, List<Rejection> rejected, int botsExcluded, List<SetAside> setAside)
            implements IngestResult {
        public Accepted {
            rejected = List.copyOf(rejected);
            setAside = List.copyOf(setAside);
        }

        public Accepted(int accepted, int duplicates, List<Rejection> rejected, int botsExcluded) {
            this(accepted, duplicates, rejected, botsExcluded, List.of());
        }
    }

    /**
     * The caller asked to wait until the events were stored and they were not within the wait bound: they were taken
     * (as in {@link Accepted}, whose counts it carries) and will be stored, but are not yet. Re-sending them is safe,
     * the store keeps each {@code (project_id, event_id)} once.
     */
    record NotYetStored(Accepted accepted, Duration waited, Duration retryAfter) implements IngestResult {
    }

    /** No event in the request was valid. */
    record NothingValid(List<Rejection> rejected) implements IngestResult {
        public NothingValid {
            rejected = List.copyOf(rejected);
        }
    }

    /** The message log did not acknowledge (collector mode); nothing is reported accepted, retry after the given time. */
    record Unavailable(String reason, Duration retryAfter) implements IngestResult {
    }

    /** The writer is full; nothing was accepted, the client should retry after the given time. */
    record Overloaded(Duration retryAfter) implements IngestResult {
    }
}
