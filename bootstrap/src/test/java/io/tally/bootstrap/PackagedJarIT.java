package io.tally.bootstrap;

import io.tally.domain.event.Event;
import io.tally.domain.sample.TrafficGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar tally.jar} as a user runs it: it serves, and SIGTERM writes every accepted event. */
class PackagedJarIT {

    @Test
    void the_jar_serves_and_sigterm_flushes_every_accepted_event(@TempDir Path dir) throws Exception {
        Path jar = Path.of(System.getProperty("tally.jar", "target/tally.jar"));
        assertThat(jar).exists();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path db = dir.resolve("data/tally.duckdb");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toAbsolutePath().toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile());
        builder.environment().put("TALLY_SERVER_PORT", String.valueOf(port));
        builder.environment().put("TALLY_SERVER_HOST", "127.0.0.1");
        builder.environment().put("TALLY_STORE_PATH", db.toString());
        // nothing is written before shutdown unless the shutdown writes it
        builder.environment().put("TALLY_INGEST_MAX__DELAY__MS", "600000");
        builder.environment().put("TALLY_INGEST_BATCH__SIZE", "100000");
        builder.environment().put("TALLY_ENRICHMENT_KEEP__BOTS", "true"); // the generated traffic has bots; count them
        Process server = builder.start();
        try {
            awaitReady(new Http(port), server, dir);
            // keys are required by default: the first start printed the project's admin key, once
            String adminKey = Files.readAllLines(dir.resolve("server.log")).stream()
                    .filter(line -> line.startsWith("Tally: the admin key of project \"default\""))
                    .map(line -> line.substring(line.lastIndexOf(' ') + 1)).findFirst().orElseThrow();
            assertThat(new Http(port).post("/v1/events", "application/x-ndjson", "{}").status()).isEqualTo(401);
            Http http = new Http(port, adminKey);
            List<Event> events = TrafficGenerator.list(new TrafficGenerator.Settings(1_500, 1, 21,
                    Instant.now().truncatedTo(ChronoUnit.HOURS), "default"));
            String ndjson = events.stream().map(EventJson::line).collect(Collectors.joining("\n"));
            Http.Answer answer = http.post("/v1/events", "application/x-ndjson", ndjson);
            assertThat(answer.status()).isEqualTo(202);
            assertThat(answer.json().get("accepted").asInt()).isEqualTo(1_500);
        } finally {
            server.destroy(); // SIGTERM
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("the server exits after SIGTERM").isTrue();
        }
        try (var connection = DriverManager.getConnection("jdbc:duckdb:" + db);
             var rs = connection.createStatement().executeQuery("SELECT count(*) FROM events")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1_500);
        }
    }

    private static void awaitReady(Http http, Process server, Path dir) throws InterruptedException, IOException {
        for (int i = 0; i < 300; i++) {
            if (!server.isAlive()) {
                throw new AssertionError("the server died:\n" + Files.readString(dir.resolve("server.log")));
            }
            try {
                if (http.get("/observe/health/ready").status() == 200) {
                    return;
                }
            } catch (AssertionError notYet) {
                // connection refused while starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not ready in 30 s:\n" + Files.readString(dir.resolve("server.log")));
    }
}
