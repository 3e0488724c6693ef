package io.tally.application.port.in;

import java.time.Duration;

/**
 * How live clients are treated when they read slowly. One connection's messages waiting to be sent, bounded: the
 * state of a subscription is conflated (a newer answer replaces one not yet sent, so a slow client gets fewer, fresher
 * updates and never a growing queue), and other messages (replies, errors) are limited in number; a client that lets
 * those pile up is cut off.
 */
public interface Outbox {

    /** The latest state of {@code key}, replacing an unsent older one. */
    void latest(String key, String message);

    /** A reply that must not be dropped; false when too many are waiting already. */
    boolean reply(String message);

    /** The oldest waiting message, waiting up to {@code timeout}; null when none came or the outbox is closed. */
    String take(Duration timeout) throws InterruptedException;

    /** Messages waiting now. */
    int size();

    /** Answers replaced before they were sent. */
    long conflated();

    /** Drops what is waiting; later messages are ignored and {@link #take} returns null. */
    void close();
}
