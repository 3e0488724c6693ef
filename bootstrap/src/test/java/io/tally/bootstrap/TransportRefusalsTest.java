package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests Helidon refuses before any route runs, sent byte for byte on raw loopback sockets (no HTTP client sends
 * them): a {@code Content-Length} that is not a number of bytes, a path that cannot be decoded. Each is a 400 problem
 * naming what was refused, on any route and without a key, the connection is closed cleanly after it, the next
 * connection is served, and nothing is logged at WARNING or with a stack trace.
 */
class TransportRefusalsTest {

    private static final List<LogRecord> RECORDS = new CopyOnWriteArrayList<>();
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            RECORDS.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private static Tally tally;

    @BeforeAll
    static void start(@TempDir Path dir) {
        tally = Tally.start(TallyConfig.withOverrides(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "store.path", dir.resolve("tally.duckdb").toString(), "auth.keys-required", "true")));
        Logger.getLogger("").addHandler(CAPTURE);
    }

    @AfterAll
    static void stop() {
        Logger.getLogger("").removeHandler(CAPTURE);
        tally.stop();
    }

    @BeforeEach
    void forget() {
        RECORDS.clear();
    }

    /** A raw answer: its status, headers (lower-case names), body, and whether the server closed the connection. */
    private record Raw(int status, Map<String, String> headers, String body, boolean closed) {
        JsonNode problem() throws IOException {
            assertThat(headers.get("content-type")).as(body).isEqualTo("application/problem+json");
            return Http.JSON.readTree(body);
        }
    }

    private static Raw send(String request) throws IOException {
        return send(request, false);
    }

    /** @param watchEnd whether to wait (5 s at most) to see if the server closes the connection after its answer */
    private static Raw send(String request, boolean watchEnd) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", tally.port()), 5_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            String[] lines = head.split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
            byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            boolean closed = false;
            try {
                closed = watchEnd && in.read() < 0;
            } catch (SocketTimeoutException stillOpen) {
                closed = false;
            } catch (IOException reset) {
                closed = true;
            }
            return new Raw(Integer.parseInt(lines[0].split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8), closed);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection ended before an answer: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1).strip();
    }

    private static void assertNothingLoggedAboveInfo() {
        assertThat(RECORDS).filteredOn(r -> r.getThrown() != null || r.getLevel().intValue() >= Level.WARNING.intValue())
                .extracting(r -> r.getLevel() + " " + r.getMessage()).isEmpty();
    }

    @Test
    void a_content_length_that_is_not_a_number_of_bytes_is_a_400_naming_the_header() throws Exception {
        for (String value : List.of("abc", "99999999999999999999", "1 2", "0x10", "-1", "+5", "5, 5", "1e3")) {
            for (String route : List.of("GET /observe/health", "POST /v1/events", "GET /nonexistent")) {
                Raw answer = send(route + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + value + "\r\n\r\n{}", true);
                String what = route + " with Content-Length: " + value;
                assertThat(answer.status()).as(what + ": " + answer.body()).isEqualTo(400);
                JsonNode problem = answer.problem();
                assertThat(problem.get("status").asInt()).isEqualTo(400);
                assertThat(problem.at("/errors/0/field").asText()).as(what).isEqualTo("Content-Length");
                assertThat(problem.at("/errors/0/reason").asText()).isEqualTo("malformed");
                assertThat(answer.closed()).as(what + ": the body's framing is unknown, so the connection ends").isTrue();
            }
        }
        // two Content-Length lines are refused too, even when they agree
        Raw twice = send("POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.problem().at("/errors/0/field").asText()).isEqualTo("Content-Length");
        // the next connection is served as usual
        assertThat(send("GET /observe/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").status())
                .isEqualTo(200);
        assertThat(send("POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Connection: close\r\nContent-Length: 0005\r\n\r\n[{}]x").status()).as("leading zeros are digits")
                .isEqualTo(401);
        assertNothingLoggedAboveInfo();
    }

    @Test
    void a_path_that_cannot_be_decoded_is_a_400_problem_naming_the_path() throws Exception {
        for (String request : List.of("GET /v1/keys/%ZZ", "DELETE /v1/keys/%ZZ", "GET /v1/kp%ZZ", "GET /%")) {
            Raw answer = send(request + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertThat(answer.status()).as(request + ": " + answer.body()).isEqualTo(400);
            JsonNode problem = answer.problem();
            assertThat(problem.get("type").asText()).startsWith("urn:tally:problem:");
            assertThat(problem.at("/errors/0/field").asText()).as(request).isEqualTo("path");
        }
        assertNothingLoggedAboveInfo();
    }
}
