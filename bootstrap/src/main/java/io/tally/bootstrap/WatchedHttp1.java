package io.tally.bootstrap;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.task.InterruptableTask;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.helidon.webserver.http1.Http1ConnectionProvider;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import io.helidon.webserver.websocket.WsConfig;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * Helidon's HTTP/1.1 connections (with the WebSocket upgrade), each reported to {@link SlowClients} when it opens and
 * when it ends. Registered as the listener's only connection selector (service discovery off, the WebSocket
 * configuration given to the listener by hand, where WebSocket connections look for it), so that Helidon hands it
 * every accepted socket at once rather than after reading its first bytes.
 */
final class WatchedHttp1 implements ServerConnectionSelector {

    private final ServerConnectionSelector http1;
    private final SlowClients slowClients;

    private WatchedHttp1(ServerConnectionSelector http1, SlowClients slowClients) {
        this.http1 = http1;
        this.slowClients = slowClients;
    }

    /**
     * HTTP/1.1 as Helidon discovers it by default, with the WebSocket upgrade {@code ws}, watched by {@code slowClients};
     * {@code headerChecks} see each request's headers first and may refuse it.
     */
    static WatchedHttp1 create(String socketName, SlowClients slowClients, WsConfig ws, Http1ConnectionListener headerChecks) {
        Http1Config config = Http1Config.builder().addReceiveListener(new InOrder(headerChecks, slowClients.requests()))
                .addSendListener(slowClients.answers()).build();
        return new WatchedHttp1(new Http1ConnectionProvider().create(socketName, config,
                ProtocolConfigs.create(List.of(config, ws))), slowClients);
    }

    @Override
    public int bytesToIdentifyConnection() {
        return http1.bytesToIdentifyConnection();
    }

    @Override
    public Support supports(BufferData data) {
        return http1.supports(data);
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return http1.supportedApplicationProtocols();
    }

    @Override
    public ServerConnection connection(ConnectionContext context) {
        ServerConnection connection = http1.connection(context);
        slowClients.opened(context);
        return new Watched(connection, context);
    }

    /**
     * Several listeners as one, called in order (Helidon 4.1.2 combines two or more configured listeners into one that
     * calls none of them).
     */
    private record InOrder(Http1ConnectionListener first, Http1ConnectionListener second) implements Http1ConnectionListener {
        @Override
        public void prologue(ConnectionContext connection, HttpPrologue prologue) {
            first.prologue(connection, prologue);
            second.prologue(connection, prologue);
        }

        @Override
        public void headers(ConnectionContext connection, Headers headers) {
            first.headers(connection, headers);
            second.headers(connection, headers);
        }

        @Override
        public void status(ConnectionContext connection, Status status) {
            first.status(connection, status);
            second.status(connection, status);
        }

        @Override
        public void data(ConnectionContext connection, BufferData data) {
            first.data(connection, data);
            second.data(connection, data);
        }

        @Override
        public void data(ConnectionContext connection, byte[] bytes, int offset, int length) {
            first.data(connection, bytes, offset, length);
            second.data(connection, bytes, offset, length);
        }
    }

    /** A connection that tells {@link SlowClients} when it ends; Helidon may interrupt it when it waits (stopping). */
    private final class Watched implements ServerConnection, InterruptableTask<Void> {
        private final ServerConnection connection;
        private final ConnectionContext context;

        Watched(ServerConnection connection, ConnectionContext context) {
            this.connection = connection;
            this.context = context;
        }

        @Override
        public void handle(Semaphore requestSemaphore) throws InterruptedException {
            try {
                connection.handle(requestSemaphore);
            } finally {
                slowClients.closed(context);
            }
        }

        @Override
        public Duration idleTime() {
            return connection.idleTime();
        }

        @Override
        public void close(boolean interrupt) {
            connection.close(interrupt);
        }

        @Override
        public boolean canInterrupt() {
            return connection instanceof InterruptableTask<?> task && task.canInterrupt();
        }
    }
}
