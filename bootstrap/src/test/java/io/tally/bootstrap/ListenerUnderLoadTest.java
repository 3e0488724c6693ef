package io.tally.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * More connections than the process has file descriptors, each holding half-sent headers, against a node started as
 * a user starts it (its own JVM, here limited to 1,024 descriptors): the listener never stops. Before, accept()
 * failed with "Too many open files", Helidon's listener logged "this server socket is terminating now" and the port
 * stayed closed while the process lived on. Now the connection cap keeps accept() below the limit, slow clients are
 * closed after the header timeout, and a normal request is answered during the flood and after it.
 */
class ListenerUnderLoadTest {

    private static final int DESCRIPTORS = 1024;
    private static final int FLOOD = 1_500;

    @Test
    void a_flood_beyond_the_descriptor_limit_never_stops_the_listener(@TempDir Path dir) throws Exception {
        int port = PackagedJar.freePort();
        ProcessBuilder builder = new ProcessBuilder("/bin/bash", "-c", "ulimit -n " + DESCRIPTORS + " && exec \"$0\" \"$@\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
        builder.environment().put("TALLY_SERVER_PORT", String.valueOf(port));
        builder.environment().put("TALLY_SERVER_HOST", "127.0.0.1");
        builder.environment().put("TALLY_STORE_PATH", dir.resolve("tally.duckdb").toString());
        builder.environment().put("TALLY_SERVER_HEADER__TIMEOUT__SECONDS", "1");
        builder.environment().put("TALLY_SERVER_IDLE__TIMEOUT__SECONDS", "1");
        Process node = builder.start();
        List<Socket> flood = new ArrayList<>();
        try {
            PackagedJar.awaitReady(node, port, dir, Duration.ofSeconds(60));
            for (int i = 0; i < FLOOD; i++) {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                socket.getOutputStream().write("GET /observe/health/live HTTP/1.1\r\nHost: x\r\nX-Half: "
                        .getBytes(StandardCharsets.US_ASCII));
                flood.add(socket);
            }
            // during the flood: the request waits for a slot (slow clients leave after a second) and is answered
            assertThat(status(port)).as("answered during the flood").isEqualTo(200);
            for (Socket socket : flood) {
                socket.close();
            }
            flood.clear();
            assertThat(status(port)).as("answered after it").isEqualTo(200);
        } finally {
            for (Socket socket : flood) {
                socket.close();
            }
            node.destroy();
            if (!node.waitFor(30, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
        String log = Files.readString(dir.resolve("server.log"));
        assertThat(log).doesNotContain("terminating now").doesNotContain("Too many open files")
                .doesNotContain("\tat ");
        assertThat(log.length()).as("a flood of slow clients is not a flood of log lines").isLessThan(20_000);
    }

    private static int status(int port) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health/live"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }
}
