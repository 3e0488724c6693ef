package io.tally.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that never finish a request, on real loopback sockets, more of them than the server takes at once: each is
 * closed within its timeout (a request line not sent, headers not finished, a body not sent), a normal request is
 * answered while they try and after, and nothing of it is logged but a line or two.
 */
class SlowClientsTest {

    private static final int CAP = 30;

    @Test
    void clients_that_never_finish_a_request_are_closed_in_time_and_cost_the_others_nothing(@TempDir Path dir)
            throws Exception {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLoggerName() != null && record.getLoggerName().startsWith("org.apache.kafka")) {
                    return; // a Kafka client another test left behind, not the web server
                }
                if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                    records.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        try (Tally tally = Tally.start(TallyConfig.withOverrides(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "store.path", dir.resolve("tally.duckdb").toString(), "server.max-connections", String.valueOf(CAP),
                "server.idle-timeout-seconds", "1", "server.header-timeout-seconds", "1",
                "server.body-timeout-seconds", "1")))) {
            int port = tally.port();
            Logger.getLogger("").addHandler(capture);
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 70; i++) { // the request line and half the headers
                    slow.add(open(port, "GET /v1/kpis HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: "));
                }
                for (int i = 0; i < 10; i++) { // nothing at all
                    slow.add(open(port, ""));
                }
                for (int i = 0; i < 10; i++) { // half a request line
                    slow.add(open(port, "GET /observe/hea"));
                }
                for (int i = 0; i < 10; i++) { // all the headers, a tenth of the body
                    slow.add(open(port, "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 100\r\n\r\n{\"event_id\""));
                }
                assertThat(slow).hasSizeGreaterThan(CAP * 3);
                for (int i = 0; i < 10; i++) { // gone before the body is complete
                    open(port, "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 100\r\n\r\n{\"event_id\"").close();
                }
                long started = System.nanoTime();

                // a normal request meanwhile: it waits for a slot, at most a few timeouts, and is answered
                CompletableFuture<Integer> meanwhile = CompletableFuture.supplyAsync(() -> status(port, "/observe/health/live"));
                // each slow client is cut off: ~3 rounds of CAP connections, a second each
                List<Duration> closedAfter = closedWithin(slow, Duration.ofSeconds(20));
                assertThat(closedAfter).as("every slow connection is closed by the server").doesNotContainNull();
                double seconds = (System.nanoTime() - started) / 1e9;
                assertThat(seconds).as("all closed within their rounds of timeouts").isLessThan(15);
                assertThat(meanwhile.get(20, TimeUnit.SECONDS)).isEqualTo(200);

                // after: answered at once, and a body sent in two parts within the timeout is taken
                assertThat(status(port, "/observe/health/live")).isEqualTo(200);
                assertThat(slowButInTime(port)).startsWith("HTTP/1.1 202");
            } finally {
                Logger.getLogger("").removeHandler(capture);
                for (Socket socket : slow) {
                    socket.close();
                }
            }
        }
        assertThat(records).as("no stack trace for a slow client").noneMatch(r -> r.getThrown() != null);
        assertThat(records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogRecord::getMessage).toList()).as("no warnings for slow clients").isEmpty();
    }

    private static Socket open(int port, String sent) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        if (!sent.isEmpty()) {
            OutputStream out = socket.getOutputStream();
            out.write(sent.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        return socket;
    }

    /** For each socket, how long until the server closed it (null: not within the limit). */
    private static List<Duration> closedWithin(List<Socket> sockets, Duration limit) throws Exception {
        long started = System.nanoTime();
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Duration>> closed = new ArrayList<>();
            for (Socket socket : sockets) {
                closed.add(readers.submit(() -> {
                    socket.setSoTimeout((int) limit.toMillis());
                    try {
                        while (socket.getInputStream().read() >= 0) {
                            // an answer such as 408 may come first; the end of the stream is what counts
                        }
                    } catch (SocketTimeoutException open) {
                        return null;
                    } catch (IOException reset) {
                        // closed, too
                    }
                    return Duration.ofNanos(System.nanoTime() - started);
                }));
            }
            List<Duration> after = new ArrayList<>();
            for (Future<Duration> f : closed) {
                after.add(f.get());
            }
            return after;
        }
    }

    private static int status(int port, String path) {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** An event whose body comes in two parts, the second 300 ms after the first. */
    private static String slowButInTime(int port) throws Exception {
        byte[] body = ("{\"event_id\":\"in-time\",\"user_id\":\"u\",\"session_id\":\"s\",\"event_type\":\"page_view\","
                + "\"timestamp\":\"" + Instant.now().minus(1, ChronoUnit.MINUTES) + "\"}").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = open(port, "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Connection: close\r\nContent-Length: " + body.length + "\r\n\r\n")) {
            socket.getOutputStream().write(body, 0, 20);
            Thread.sleep(300);
            socket.getOutputStream().write(body, 20, body.length - 20);
            socket.setSoTimeout(10_000);
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
