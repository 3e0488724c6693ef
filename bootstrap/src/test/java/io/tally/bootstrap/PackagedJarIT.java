package io.tally.bootstrap;

import io.tally.domain.event.Event;
import io.tally.domain.sample.TrafficGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar tally.jar} as a user runs it: it serves, and SIGTERM writes every accepted event. */
class PackagedJarIT {

    @Test
    void the_jar_serves_and_sigterm_flushes_every_accepted_event(@TempDir Path dir) throws Exception {
        int port = PackagedJar.freePort();
        Path db = dir.resolve("data/tally.duckdb");
        Process server = PackagedJar.start(dir, port, Map.of("TALLY_STORE_PATH", db.toString(),
                // nothing is written before shutdown unless the shutdown writes it
                "TALLY_INGEST_MAX__DELAY__MS", "600000", "TALLY_INGEST_BATCH__SIZE", "100000",
                "TALLY_ENRICHMENT_KEEP__BOTS", "true")); // the generated traffic has bots; count them
        try {
            PackagedJar.awaitReady(server, port, dir, Duration.ofSeconds(30));
            // SLF4J (graphql-java, the clients) is bound to JUL: no "No SLF4J providers were found" on the console
            assertThat(Files.readString(dir.resolve("server.log"))).doesNotContain("SLF4J");
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

    @Test
    void a_typo_in_the_environment_stops_the_jar_with_the_variable_named(@TempDir Path dir) throws Exception {
        Process server = PackagedJar.start(dir, PackagedJar.freePort(), Map.of("TALLY_STORE_PATH", dir.resolve("t.duckdb").toString(),
                "TALLY_STORE_KND", "clickhouse", "TALLY_LOG_FORMAT", "jsno"));
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("the jar stops at once").isTrue();
        assertThat(server.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("server.log")))
                .contains("unknown configuration key \"store.knd\" (set by TALLY_STORE_KND; did you mean TALLY_STORE_KIND?)")
                .contains("log.format must be one of text, json, not \"jsno\" (set by TALLY_LOG_FORMAT)")
                .doesNotContain("Exception");
    }
}
