package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Prometheus server (the Debian package's binary) scraping one target every second, with Tally's alert
 * rules loaded. A missing binary fails the test with the way to install it.
 */
final class LocalPrometheus implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private final Process process;
    private final int port;

    private LocalPrometheus(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static LocalPrometheus scraping(Path dir, String target, Path rules) throws IOException {
        Path binary = List.of(Path.of("/usr/bin/prometheus"), Path.of("/usr/local/bin/prometheus")).stream()
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError("prometheus is not installed: run `apt-get install prometheus` "
                        + "(Debian's package; .ci/run installs it)"));
        Files.createDirectories(dir);
        Files.copy(rules, dir.resolve("alerts.yml"));
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: [alerts.yml]
                scrape_configs:
                  - job_name: tally
                    metrics_path: /observe/metrics
                    static_configs:
                      - targets: ["%s"]
                """.formatted(target));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(binary.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        return new LocalPrometheus(process, port);
    }

    /** GET on Prometheus's HTTP API, as JSON; null while it does not answer yet. */
    JsonNode api(String path) {
        try {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Http.JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The result vector of an instant query. */
    JsonNode query(String promql) {
        JsonNode answer = api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        return answer == null ? null : answer.get("data").get("result");
    }

    @Override
    public void close() {
        process.destroy();
    }
}
