package io.tally.application.port.out;

import java.time.Duration;

/** What the ingestion path reports about itself. */
public interface IngestTelemetry {
    void accepted(int events);

    /** Valid events read from Kafka and stored by this node's consumer (accepted once already, at the collector). */
    default void consumed(int events) {
    }

    /** One rejected event, labelled by the kind of its first violation. */
    void rejected(String reason);

    /** A batch written to the store: its size and how long the write took. */
    void flushed(int events, Duration took);

    void flushFailed();

    /** Consumed records written to the dead-letter topic. */
    void deadLettered(int records);

    /** Accepted events the store refused for good, set aside instead (the store dead letters, or the dead-letter topic). */
    default void storeDeadLettered(int events) {
    }

    /** {@code ?wait=true} requests answered before their events were stored, because the wait bound passed. */
    default void waitTimedOut() {
    }

    /** Valid events left out because a bot sent them. */
    void botsExcluded(int events);

    /** Requests refused because the writer was full. */
    void overloaded();

    /** How many events wait in the writer now. */
    void queueDepth(int events);

    /** Reports nothing; for tests of the core. */
    IngestTelemetry NONE = new IngestTelemetry() {
        @Override public void accepted(int events) { }
        @Override public void rejected(String reason) { }
        @Override public void flushed(int events, Duration took) { }
        @Override public void flushFailed() { }
        @Override public void deadLettered(int records) { }
        @Override public void botsExcluded(int events) { }
        @Override public void overloaded() { }
        @Override public void queueDepth(int events) { }
    };
}
