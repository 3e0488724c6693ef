package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tally bench-ingest} against a real server, and against a stub that answers 503 once. */
class BenchIngestTest {

    private record Outcome(int exitCode, String out, String err) {
    }

    private static Outcome benchIngest(String... flags) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = new String[flags.length + 1];
        args[0] = "bench-ingest";
        System.arraycopy(flags, 0, args, 1, flags.length);
        int exitCode = BenchIngestCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static long storedEvents(Http reader, Map<String, Object> query) {
        Http.Answer answer = reader.postJson("/v1/query?refresh=force", query);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("totals").get("events").asLong();
    }

    @Test
    void every_event_sent_is_stored_once_even_when_the_same_run_is_sent_again(@TempDir Path dir) throws IOException {
        // keys required, as a deployment runs; bots kept, so every generated event is stored
        try (Tally tally = Tally.start(TallyConfig.withOverrides(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "store.path", dir.resolve("tally.duckdb").toString(), "auth.keys-required", "true",
                "ingest.max-delay-ms", "20", "enrichment.keep-bots", "true")))) {
            Http admin = new Http(tally.port(), tally.firstAdminKey().orElseThrow());
            String writeKey = admin.postJson("/v1/keys", Map.of("kind", "write")).json().get("key").asText();
            String readKey = admin.postJson("/v1/keys", Map.of("kind", "read")).json().get("key").asText();
            String url = "http://127.0.0.1:" + tally.port();
            Path summary = dir.resolve("summary.json");

            Outcome first = benchIngest("--url", url, "--key", writeKey, "--read-key", readKey, "--events", "2500",
                    "--batch", "400", "--rate", "5000", "--concurrency", "2", "--run", "t1", "--verify", "--json", summary.toString());

            assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
            Http reader = new Http(tally.port(), readKey);
            // 2,500 events asked for: every one stored, and nothing else
            assertThat(storedEvents(reader, Map.of("metrics", List.of("events"), "date_range", "last_7d",
                    "filters", List.of(List.of("is", "prop:bench_run", List.of("t1")))))).isEqualTo(2_500);
            assertThat(storedEvents(reader, Map.of("metrics", List.of("events"), "date_range", "last_7d"))).isEqualTo(2_500);
            JsonNode written = Http.JSON.readTree(summary.toFile());
            assertThat(written.get("events_sent").asLong()).isEqualTo(2_500);
            assertThat(written.get("events_accepted").asLong()).isEqualTo(2_500);
            assertThat(written.get("events_rejected").asLong()).isZero();
            assertThat(written.get("requests").asLong()).isEqualTo(7); // 6 batches of 400 and one of 100
            assertThat(written.get("stored").get("complete").asBoolean()).isTrue();
            assertThat(written.get("stored").get("events").asLong()).isEqualTo(2_500);
            assertThat(first.out()).contains("2,500 sent", "stored and queryable: 2,500 events");

            // the same run again: the same event ids, so the server keeps its 2,500
            Outcome again = benchIngest("--url", url, "--key", writeKey, "--events", "2500", "--batch", "400", "--run", "t1");
            assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
            assertThat(storedEvents(reader, Map.of("metrics", List.of("events"), "date_range", "last_7d"))).isEqualTo(2_500);
        }
    }

    @Test
    void a_live_run_times_its_events_when_each_batch_is_made_and_counts_every_one_back(@TempDir Path dir) {
        try (Tally tally = Tally.start(TallyConfig.withOverrides(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "store.path", dir.resolve("tally.duckdb").toString(), "auth.keys-required", "false",
                "ingest.max-delay-ms", "20", "enrichment.keep-bots", "true")))) {
            String url = "http://127.0.0.1:" + tally.port();

            Outcome live = benchIngest("--url", url, "--events", "1500", "--batch", "300", "--concurrency", "2",
                    "--run", "live1", "--live", "--verify");

            assertThat(live.exitCode()).as(live.out() + live.err()).isZero();
            assertThat(live.out()).contains("stored and queryable: 1,500 events");
            assertThat(live.err()).contains("timed when each batch is made");
            // generated over a day but timed live: every event lies in the last two hours
            assertThat(storedEvents(new Http(tally.port()), Map.of("metrics", List.of("events"), "date_range", "last_2h")))
                    .isEqualTo(1_500);
        }
    }

    @Test
    void a_wrong_argument_is_refused_with_exit_code_2_naming_its_flag() {
        String[][] wrong = {
                {"--events", "10"},
                {"--url", "localhost:8080", "--events", "10"},
                {"--url", "http://localhost:1", "--events", "ten"},
                {"--url", "http://localhost:1", "--rate", "-5", "--events", "10"},
                {"--url", "http://localhost:1", "--duration", "5x"},
                {"--url", "http://localhost:1", "--events", "10", "--batch", "0"},
                {"--url", "http://localhost:1", "--events", "10", "--concurrency", "0"},
                {"--url", "http://localhost:1", "--events", "10", "--run", "a b"},
                {"--url", "http://localhost:1", "--events", "10", "--frobnicate", "1"},
                {"--url", "http://localhost:1"},
                {"--url", "http://localhost:1", "--events"},
                {"--url", "http://localhost:1", "--events", "10", "--live", "--days", "3"}};
        String[] named = {"--url", "--url", "--events", "--rate", "--duration", "--batch", "--concurrency", "--run",
                "--frobnicate", "--duration or --events", "--events", "--live"};
        for (int i = 0; i < wrong.length; i++) {
            Outcome outcome = benchIngest(wrong[i]);
            assertThat(outcome.exitCode()).as(String.join(" ", wrong[i])).isEqualTo(2);
            assertThat(outcome.err()).as(String.join(" ", wrong[i])).startsWith("bench-ingest: " + named[i]);
            assertThat(outcome.out()).isEmpty();
        }
    }

    @Test
    void a_batch_answered_503_with_retry_after_is_sent_again_as_the_same_bytes_and_counted_as_a_retry() throws IOException {
        List<byte[]> bodies = Collections.synchronizedList(new ArrayList<>());
        List<String> keys = Collections.synchronizedList(new ArrayList<>());
        HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/v1/events", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            bodies.add(body);
            keys.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] answer;
            if (bodies.size() == 1) {
                exchange.getResponseHeaders().add("Retry-After", "1");
                answer = "{\"title\":\"Ingestion is saturated\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(503, answer.length);
            } else {
                long lines = new String(body, StandardCharsets.UTF_8).lines().count();
                answer = ("{\"accepted\":" + lines + ",\"duplicates\":0,\"rejected\":[],\"bots_excluded\":0}").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(202, answer.length);
            }
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        stub.start();
        try {
            Outcome outcome = benchIngest("--url", "http://127.0.0.1:" + stub.getAddress().getPort(), "--key", "tly_write",
                    "--events", "20", "--batch", "20");

            assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isZero();
            assertThat(bodies).hasSize(2);
            assertThat(bodies.get(1)).isEqualTo(bodies.get(0));
            assertThat(new String(bodies.get(0), StandardCharsets.UTF_8).lines().count()).isEqualTo(20);
            assertThat(keys).containsOnly("Bearer tly_write");
            assertThat(outcome.out()).contains("20 sent, 20 accepted", "requests: 2 (1 re-sent after 503/429, 20 events in them)",
                    "errors:   503: 1");
        } finally {
            stub.stop(0);
        }
    }
}
