package io.tally.application.port.out;

import io.tally.domain.event.Event;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Hands valid events to the message log (collector mode); the future completes when the log acknowledged all of them. */
public interface EventPublisher {

    /** Completes when every event is durably in the log; fails (nothing to retry here) when the log is unreachable. */
    CompletableFuture<Void> publish(List<Event> events);
}
