package io.tally.bootstrap;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes the connections of clients too slow to be worth a slot (Helidon 4.1.2 puts no read timeout on the sockets it
 * accepts, so a client that sends half its headers holds its connection for ever): no request line within the idle
 * timeout of opening the connection or of the previous answer, headers not complete the header timeout after the
 * request line, a body not received the body timeout after the headers. A connection is closed only while its thread
 * is still waiting for those bytes (its stack says so), never while a request is being answered, however long that
 * takes. Closing is quiet: the connection's reads fail, which Helidon logs at TRACE.
 */
final class SlowClients implements AutoCloseable {

    /** How long each part of a request may take to arrive. */
    record Timeouts(Duration idle, Duration header, Duration body) {
        Timeouts {
            for (Duration timeout : new Duration[]{idle, header, body}) {
                if (timeout.isNegative() || timeout.isZero()) {
                    throw new IllegalArgumentException("server.*-timeout-seconds must be positive, not " + timeout.toMillis() / 1000.0);
                }
            }
        }

        Duration shortest() {
            Duration shortest = idle.compareTo(header) < 0 ? idle : header;
            return shortest.compareTo(body) < 0 ? shortest : body;
        }
    }

    private static final String READING_REQUEST_LINE = "io.helidon.webserver.http1.Http1Prologue.readPrologue";
    private static final String READING_HEADERS = "io.helidon.webserver.http1.Http1Headers.readHeaders";
    private static final String READING_BODY = "io.helidon.webserver.http1.Http1Connection.readEntityFromPipeline";

    /** What a connection waits for, and the frames its thread is in while it does. */
    private enum Phase {
        // after an answer Helidon reads what is left of the request's body before the next request line
        REQUEST_LINE(Set.of(READING_REQUEST_LINE, READING_BODY)),
        HEADERS(Set.of(READING_HEADERS)),
        BODY(Set.of(READING_BODY));

        private final Set<String> waitingIn;

        Phase(Set<String> waitingIn) {
            this.waitingIn = waitingIn;
        }
    }

    private record Watch(Phase phase, long deadlineNanos) {
    }

    private static final System.Logger LOG = System.getLogger(SlowClients.class.getName());

    private final Timeouts timeouts;
    private final Map<ConnectionContext, Thread> threads = new ConcurrentHashMap<>();
    private final Map<ConnectionContext, Watch> watches = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon(true).name("tally-slow-clients").factory());

    SlowClients(Timeouts timeouts) {
        this.timeouts = timeouts;
        long period = Math.clamp(timeouts.shortest().toMillis() / 4, 50, 1_000);
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /** A connection opened, served by the calling thread: it has the idle timeout to send a request line. */
    void opened(ConnectionContext connection) {
        threads.put(connection, Thread.currentThread());
        watch(connection, Phase.REQUEST_LINE, timeouts.idle());
    }

    /** The connection ended. */
    void closed(ConnectionContext connection) {
        threads.remove(connection);
        watches.remove(connection);
    }

    /** What the connections receive: a request line, then its headers. */
    Http1ConnectionListener requests() {
        return new Http1ConnectionListener() {
            @Override
            public void prologue(ConnectionContext connection, HttpPrologue prologue) {
                watch(connection, Phase.HEADERS, timeouts.header());
            }

            @Override
            public void headers(ConnectionContext connection, Headers headers) {
                requestHeaders(connection, headers);
            }
        };
    }

    /** What the connections send: once an answer's status is written, the next request line is awaited. */
    Http1ConnectionListener answers() {
        return new Http1ConnectionListener() {
            @Override
            public void status(ConnectionContext connection, Status status) {
                if (threads.containsKey(connection)) {
                    watch(connection, Phase.REQUEST_LINE, timeouts.idle());
                }
            }
        };
    }

    private void requestHeaders(ConnectionContext connection, Headers headers) {
        if (headers.contains(HeaderNames.UPGRADE)) {
            watches.remove(connection); // a WebSocket from now on: its own heartbeats and Helidon's idle timeout
        } else if (headers.contains(HeaderNames.TRANSFER_ENCODING)
                || headers.contains(HeaderNames.CONTENT_LENGTH) && !headers.contains(HeaderValues.CONTENT_LENGTH_ZERO)) {
            // the header's text is enough: reading it as a number threw on "abc" (the REST adapter refuses such values)
            watch(connection, Phase.BODY, timeouts.body());
        } else {
            watches.remove(connection);
        }
    }

    private void watch(ConnectionContext connection, Phase phase, Duration timeout) {
        watches.put(connection, new Watch(phase, System.nanoTime() + timeout.toNanos()));
    }

    private void sweep() {
        try {
            sweepOnce();
        } catch (RuntimeException e) {
            // a failed round must not end the schedule (it would stop every later one)
            LOG.log(System.Logger.Level.WARNING, "looking for slow clients failed: " + e);
        }
    }

    private void sweepOnce() {
        long now = System.nanoTime();
        watches.forEach((connection, watch) -> {
            if (now - watch.deadlineNanos() < 0) {
                return;
            }
            Thread thread = threads.get(connection);
            if (thread != null && waitingIn(thread, watch.phase().waitingIn)) {
                close(connection, watch.phase());
            } else if (watch.phase() == Phase.BODY) {
                watches.remove(connection, watch); // the body is in: the request is being answered
            } else {
                // still answering (a streamed export), or the phase moved on meanwhile: look again later
                watches.replace(connection, watch, new Watch(watch.phase(), now + timeouts.idle().toNanos()));
            }
        });
    }

    private static boolean waitingIn(Thread thread, Set<String> frames) {
        for (StackTraceElement element : thread.getStackTrace()) {
            if (frames.contains(element.getClassName() + "." + element.getMethodName())) {
                return true;
            }
        }
        return false;
    }

    private void close(ConnectionContext connection, Phase phase) {
        watches.remove(connection);
        try {
            connection.serverSocket().close();
            LOG.log(System.Logger.Level.DEBUG, "closed a connection still waiting for its {0}", phase);
        } catch (RuntimeException alreadyClosed) {
            // the client went first
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
