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
     * rejected ones are listed. The four add up to the events submitted.
     */
    record Accepted(int accepted, int duplicates, List<Rejection> rejected, int botsExcluded) implements IngestResult {
        public Accepted {
            rejected = List.copyOf(rejected);
        }
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
