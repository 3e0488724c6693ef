package io.tally.adapter.in.websocket;

import java.util.concurrent.atomic.AtomicInteger;

/** How many live connections are open, against the configured limit. */
final class Connections {

    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    Connections(int max) {
        this.max = max;
    }

    boolean tryOpen() {
        while (true) {
            int now = open.get();
            if (now >= max) {
                return false;
            }
            if (open.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void closed() {
        open.decrementAndGet();
    }

    int open() {
        return open.get();
    }
}
