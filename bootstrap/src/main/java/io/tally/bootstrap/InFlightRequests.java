package io.tally.bootstrap;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The requests being served, so that a stopping node lets them finish: once {@link #stopTaking()} is called, a new
 * request (on a connection kept alive) is refused with 503, {@code Retry-After} and {@code Connection: close}, to be
 * retried on another node, while {@link #awaitNone} waits for those in flight.
 */
final class InFlightRequests implements Filter {

    /** Seconds a refused caller is asked to wait: a node behind a load balancer is out of its rotation by then. */
    static final long RETRY_AFTER_SECONDS = 5;
    private static final String STOPPING = "{\"type\":\"urn:tally:problem:stopping\",\"title\":\"The node is stopping\","
            + "\"status\":503,\"detail\":\"this node is shutting down; retry after Retry-After seconds (another node"
            + " may answer at once)\"}";

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition none = lock.newCondition();
    private int running;
    private volatile boolean stopping;

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        if (!enter()) {
            response.status(Status.SERVICE_UNAVAILABLE_503);
            response.header(HeaderNames.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
            response.header(HeaderValues.CONNECTION_CLOSE);
            response.header(HeaderNames.CONTENT_TYPE, "application/problem+json");
            response.send(STOPPING);
            return;
        }
        try {
            chain.proceed();
        } finally {
            if (stopping) {
                // The web server interrupts the threads of requests it stops waiting for. Their answer is written by
                // now; left set, the flag makes Helidon write a second answer after it, a 500 "Failed to wait for
                // pipeline", which the caller reads as the answer to its next request.
                Thread.interrupted();
            }
            leave();
        }
    }

    /** From now on new requests are refused. */
    void stopTaking() {
        stopping = true;
    }

    /** Waits until no request is in flight, or the timeout passes; true when none is. */
    boolean awaitNone(Duration timeout) {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (running > 0 && left > 0) {
                left = none.awaitNanos(left);
            }
            return running == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return running == 0;
        } finally {
            lock.unlock();
        }
    }

    private boolean enter() {
        lock.lock();
        try {
            if (stopping) {
                return false;
            }
            running++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void leave() {
        lock.lock();
        try {
            running--;
            if (running == 0) {
                none.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }
}
