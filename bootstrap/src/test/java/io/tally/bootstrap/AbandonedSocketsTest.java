package io.tally.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebSockets opened without a key and abandoned at once, on {@code /v1/live} and {@code /graphql/ws}: when the
 * server closes them at the end of their authentication time, the client is long gone. That is no fault: nothing is
 * logged above DEBUG, no thread dies with a stack trace (each wrote ~25 lines to stderr), and their places are given
 * back.
 */
class AbandonedSocketsTest {

    @Test
    void closing_a_socket_the_client_already_left_is_quiet(@TempDir Path dir) throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLoggerName() != null && record.getLoggerName().startsWith("org.apache.kafka")) {
                    return; // a Kafka client another test left behind, not the web server
                }
                if (record.getThrown() != null || record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    logged.add(record.getLevel() + " " + record.getMessage() + " " + record.getThrown());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        List<String> died = new CopyOnWriteArrayList<>();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> died.add(thread + ": " + e));
        try (Tally tally = Tally.start(TallyConfig.withOverrides(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "store.path", dir.resolve("tally.duckdb").toString(), "auth.keys-required", "true", "cache.kind", "none",
                "live.auth-timeout-seconds", "1")))) {
            Logger.getLogger("").addHandler(capture);
            List<Socket> opened = new ArrayList<>();
            for (String path : List.of("/v1/live", "/graphql/ws")) {
                for (boolean reset : new boolean[]{true, false}) {
                    Socket socket = upgraded(tally.port(), path);
                    if (reset) {
                        socket.setSoLinger(true, 0); // gone without a goodbye: an RST
                    }
                    opened.add(socket);
                }
            }
            for (Socket socket : opened) {
                socket.close();
            }
            Thread.sleep(3_000); // past the authentication time of 1 s, when the server closes them
            for (int i = 0; i < 50 && liveConnections(tally.port()) > 0; i++) {
                Thread.sleep(100);
            }
            assertThat(liveConnections(tally.port())).as("every place is given back").isZero();
        } finally {
            Logger.getLogger("").removeHandler(capture);
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        assertThat(died).as("no thread dies of a socket the client closed").isEmpty();
        assertThat(logged).as("nothing logged above DEBUG for it").isEmpty();
    }

    /** A connection upgraded to a WebSocket (101), without a key. */
    private static Socket upgraded(int port, String path) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(5_000);
        String protocol = path.startsWith("/graphql") ? "Sec-WebSocket-Protocol: graphql-transport-ws\r\n" : "";
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(new byte[16]) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n" + protocol + "\r\n").getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        assertThat(head.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101");
        return socket;
    }

    private static long liveConnections(int port) {
        String text = new Http(port).get("/observe/metrics").body();
        Matcher m = Pattern.compile("(?m)^tally_live_connections(\\{[^}]*})? ([0-9.eE+-]+)$")
                .matcher(text);
        return m.find() ? (long) Double.parseDouble(m.group(2)) : -1;
    }
}
