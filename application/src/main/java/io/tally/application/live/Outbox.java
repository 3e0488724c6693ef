package io.tally.application.live;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How live clients are treated when they read slowly. One connection's messages waiting to be sent, bounded: the state of a subscription is conflated (a newer answer
 * replaces one not yet sent, so a slow client gets fewer, fresher updates and never a growing queue), and other
 * messages (replies, errors) are limited in number; a client that lets those pile up is cut off.
 */
public final class Outbox {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final Map<String, String> pending = new LinkedHashMap<>();
    private final int maxReplies;
    private int replies;
    private long sequence;
    private long conflated;
    private boolean closed;

    public Outbox(int maxReplies) {
        this.maxReplies = maxReplies;
    }

    /** The latest state of {@code key}, replacing an unsent older one. */
    public void latest(String key, String message) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (pending.put("state:" + key, message) != null) {
                conflated++;
            }
            ready.signal();
        } finally {
            lock.unlock();
        }
    }

    /** A reply that must not be dropped; false when too many are waiting already. */
    public boolean reply(String message) {
        lock.lock();
        try {
            if (closed || replies >= maxReplies) {
                return false;
            }
            replies++;
            pending.put("reply:" + sequence++, message);
            ready.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The oldest waiting message, waiting up to {@code timeout}; null when none came or the outbox is closed. */
    public String take(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (pending.isEmpty() && !closed) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = ready.awaitNanos(nanos);
            }
            if (closed) {
                return null;
            }
            Iterator<Map.Entry<String, String>> first = pending.entrySet().iterator();
            Map.Entry<String, String> entry = first.next();
            first.remove();
            if (entry.getKey().startsWith("reply:")) {
                replies--;
            }
            return entry.getValue();
        } finally {
            lock.unlock();
        }
    }

    /** Messages waiting now. */
    public int size() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    /** Answers replaced before they were sent. */
    public long conflated() {
        lock.lock();
        try {
            return conflated;
        } finally {
            lock.unlock();
        }
    }

    public void close() {
        lock.lock();
        try {
            closed = true;
            pending.clear();
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
