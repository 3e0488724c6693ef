package io.tally.adapter.in.websocket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The live connections open now, against the configured limit, and what their outboxes hold. */
final class Connections {

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final Set<LiveSocket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicLong conflatedByClosed = new AtomicLong();

    Connections(int max) {
        this.max = max;
    }

    boolean tryOpen(LiveSocket socket) {
        while (true) {
            int now = open.get();
            if (now >= max) {
                return false;
            }
            if (open.compareAndSet(now, now + 1)) {
                sockets.add(socket);
                return true;
            }
        }
    }

    void closed(LiveSocket socket, long conflated) {
        if (sockets.remove(socket)) {
            conflatedByClosed.addAndGet(conflated);
            open.decrementAndGet();
        }
    }

    int open() {
        return open.get();
    }

    /** Messages waiting in every open connection's outbox. */
    long queued() {
        return sockets.stream().mapToLong(LiveSocket::queued).sum();
    }

    /** Answers replaced before a slow client read them, since start. */
    long conflated() {
        return conflatedByClosed.get() + sockets.stream().mapToLong(LiveSocket::conflated).sum();
    }
}
