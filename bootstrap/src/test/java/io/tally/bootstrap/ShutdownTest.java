package io.tally.bootstrap;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping a node (SIGTERM runs {@link Tally#stop()}) while requests are in flight, on both stores: a request the node
 * can finish gets its real answer, one it cannot (an upload that ends after the writer closed) and one that arrives
 * while it drains get 503 with {@code Retry-After}, and nothing gets a 500 (Helidon's "Failed to wait for pipeline",
 * written after the answer when it interrupted the request's thread). Raw sockets read every byte the server writes.
 */
class ShutdownTest {

    private static final String EVENT = "{\"event_id\":\"stop-1\",\"user_id\":\"u\",\"session_id\":\"s\","
            + "\"event_type\":\"page_view\",\"timestamp\":\"" + Instant.now().minus(1, ChronoUnit.MINUTES) + "\"}";

    @ParameterizedTest
    @ValueSource(strings = {"duckdb", "clickhouse-embedded"})
    void requests_in_flight_while_the_node_stops_get_their_answer_or_503_with_retry_after_never_500(String kind,
                                                                                                    @TempDir Path dir)
            throws Exception {
        Tally tally = Tally.start(TallyConfig.withOverrides(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "store.kind", kind, "store.path", dir.resolve("tally.duckdb").toString(),
                "store.clickhouse.path", dir.resolve("clickhouse").toString(),
                // a ?wait=true request stays in flight until the writer is closed: nothing is written before
                "ingest.max-delay-ms", "600000", "ingest.batch-size", "100000",
                "server.shutdown-grace-seconds", "20")));
        int port = tally.port();
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        try (Socket waiting = connect(port); Socket uploading = connect(port); Socket idle = connect(port)) {
            // an idle kept-alive connection, and an upload still in flight (half its body sent)
            assertThat(exchange(idle, "GET /observe/health/live HTTP/1.1\r\nHost: t\r\n\r\n")).startsWith("HTTP/1.1 200");
            byte[] upload = EVENT.replace("stop-1", "stop-2").getBytes(StandardCharsets.UTF_8);
            send(uploading, "POST /v1/events HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: "
                    + upload.length + "\r\n\r\n" + new String(upload, 0, 10, StandardCharsets.UTF_8));
            // in flight until the node flushes its writer
            byte[] event = EVENT.getBytes(StandardCharsets.UTF_8);
            send(waiting, "POST /v1/events?wait=true HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + event.length + "\r\n\r\n" + EVENT);
            awaitQueued(port);

            Thread.ofPlatform().start(() -> {
                tally.stop();
                stopped.complete(null);
            });
            // the ?wait=true request: its events are written before the node stops, and it says so
            String waited = readUntilClosedOrQuiet(waiting);
            assertThat(waited).startsWith("HTTP/1.1 202").contains("\"accepted\":1").doesNotContain("HTTP/1.1 500");

            // the node drains (the upload is still in flight): a new request is refused, to be retried elsewhere
            String refused = exchange(idle, "GET /v1/kpis HTTP/1.1\r\nHost: t\r\n\r\n");
            assertThat(refused).startsWith("HTTP/1.1 503").containsIgnoringCase("Retry-After: ")
                    .containsIgnoringCase("Connection: close").contains("application/problem+json");
            assertThat(stopped).isNotDone();

            // the upload ends within the grace, after the writer stopped taking events: nothing of it was accepted,
            // and the answer says to send it again (to a node that is not stopping)
            uploading.getOutputStream().write(upload, 10, upload.length - 10);
            String uploaded = readUntilClosedOrQuiet(uploading);
            assertThat(uploaded).startsWith("HTTP/1.1 503").containsIgnoringCase("Retry-After: ")
                    .doesNotContain("HTTP/1.1 500");
            stopped.get(60, TimeUnit.SECONDS);
        } finally {
            tally.stop();
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** Sends a request and reads one response head and its body (by Content-Length). */
    private static String exchange(Socket socket, String request) throws IOException {
        send(socket, request);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = text.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .map(l -> Integer.parseInt(l.substring(15).strip())).findFirst().orElse(0);
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /** Everything the server writes on the connection until it closes it or stays silent for two seconds. */
    private static String readUntilClosedOrQuiet(Socket socket) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        socket.setSoTimeout(30_000);
        byte[] buffer = new byte[8192];
        try {
            int n = in.read(buffer); // the answer may take until the writer is flushed
            while (n > 0) {
                all.write(buffer, 0, n);
                socket.setSoTimeout(2_000);
                n = in.read(buffer);
            }
        } catch (SocketTimeoutException quiet) {
            // nothing more was written
        } catch (IOException reset) {
            all.write(("\n[connection failed: " + reset.getMessage() + "]").getBytes(StandardCharsets.UTF_8));
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    private static void awaitQueued(int port) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            String metrics = new Http(port).get("/observe/metrics").body();
            if (metrics.lines().anyMatch(l -> l.matches("tally_ingest_queue_events(\\{.*})? [1-9].*"))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the event never reached the writer");
    }
}
