package io.tally.application.live;

import io.tally.application.port.in.Outbox;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An {@link Outbox} behind one lock: pending messages in order of arrival, a subscription's state kept under its key
 * so a newer one replaces it in place, replies counted against {@code maxReplies}.
 */
public final class ConflatingOutbox implements Outbox {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final Map<String, String> pending = new LinkedHashMap<>();
    private final int maxReplies;
    private int replies;
    private long sequence;
    private long conflated;
    private boolean closed;

    public ConflatingOutbox(int maxReplies) {
        this.maxReplies = maxReplies;
    }

    @Override
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

    @Override
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

    @Override
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

    @Override
    public int size() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long conflated() {
        lock.lock();
        try {
            return conflated;
        } finally {
            lock.unlock();
        }
    }

    @Override
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
