package io.tally.adapter.in.websocket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The live connections open now and what their outboxes hold (how many may be open is the admission's to say). */
final class Connections {

    private final Set<LiveSocket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicLong conflatedByClosed = new AtomicLong();

    void opened(LiveSocket socket) {
        sockets.add(socket);
    }

    void closed(LiveSocket socket, long conflated) {
        if (sockets.remove(socket)) {
            conflatedByClosed.addAndGet(conflated);
        }
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
