package io.tally.bootstrap;

import io.tally.adapter.out.duckdb.DuckDbConfig;
import io.tally.adapter.out.duckdb.DuckDbStores;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A raw CSV export of 1,000,000 events from the packaged jar running with a 128 MB heap. The CSV is about 130 MB,
 * so a server that gathered the export before sending it could not finish; one that streams it sends every row.
 */
class ExportMemoryIT {

    private static final int EVENTS = 1_000_000;
    private static final String HEAP = "-Xmx128m";

    @Test
    void a_million_events_stream_out_of_a_small_heap(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("tally.duckdb");
        DuckDbStores.open(new DuckDbConfig(db, 2, "")).close(); // the schema, as the server makes it
        try (var connection = DriverManager.getConnection("jdbc:duckdb:" + db); var statement = connection.createStatement()) {
            statement.execute("""
                    INSERT INTO events (project_id, event_id, user_id, session_id, event_type, ts, properties, user_agent,
                                        ip_address, received_at, seq, user_h, session_h, event_key)
                    SELECT *, CAST(md5_number(u) % CAST(18446744073709551616 AS UHUGEINT) AS UBIGINT),
                           CAST(md5_number(s) % CAST(18446744073709551616 AS UHUGEINT) AS UBIGINT),
                           md5_number(concat(strlen(p), ':', p, e)) -- the store's event key of (project, event id)
                    FROM (SELECT 'default' AS p, 'e' || i AS e, 'u' || (i % 50000) AS u, 's' || (i % 200000) AS s,
                           CASE i % 3 WHEN 0 THEN 'page_view' WHEN 1 THEN 'sign_up' ELSE 'purchase' END,
                           TIMESTAMP '2026-11-01 00:00:00' + to_seconds(i % 864000),
                           '{"note":"a, \\"quoted\\" value"}'::JSON, 'Mozilla/5.0 (X11; Linux x86_64)', '',
                           TIMESTAMP '2026-11-01 00:00:00', i + 1 -- seq, as the writer numbers rows
                    FROM range(EVENTS) t(i))""".replace("EVENTS", Integer.toString(EVENTS)));
        }
        int port = PackagedJar.freePort();
        Process server = PackagedJar.start(dir, port, Map.of("TALLY_STORE_PATH", db.toString(),
                "TALLY_AUTH_KEYS__REQUIRED", "false"), HEAP, "-XX:+ExitOnOutOfMemoryError");
        try {
            PackagedJar.awaitReady(server, port, dir, Duration.ofSeconds(60));
            long started = System.nanoTime();
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + port + "/v1/events/export?format=csv&from=2026-11-01T00:00:00Z&to=2026-11-11T00:00:00Z"))
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            long rows = 0;
            long bytes;
            try (CountingStream counted = new CountingStream(response.body());
                 CSVParser parser = CSVParser.parse(new InputStreamReader(counted, StandardCharsets.UTF_8),
                         CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
                for (CSVRecord record : parser) {
                    if (rows == 0) {
                        assertThat(record.get("properties")).isEqualTo("{\"note\":\"a, \\\"quoted\\\" value\"}");
                    }
                    rows++;
                }
                bytes = counted.count;
            }
            assertThat(rows).isEqualTo(EVENTS);
            assertThat(server.isAlive()).as("the server is still up").isTrue();
            String peak = Files.readAllLines(Path.of("/proc/" + server.pid() + "/status")).stream()
                    .filter(l -> l.startsWith("VmHWM")).findFirst().orElse("VmHWM: unknown");
            System.out.printf("ExportMemoryIT: %,d rows, %,d bytes of CSV in %.1f s from a server with %s (peak RSS %s)%n",
                    rows, bytes, (System.nanoTime() - started) / 1e9, HEAP, peak.replaceAll("\\s+", " ").substring(6).strip());
        } finally {
            server.destroy();
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Counts the bytes read through it. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count += Math.max(0, n);
            return n;
        }
    }

}
