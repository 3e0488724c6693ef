package io.tally.bootstrap.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run's events as the server counts them: {@code POST /v1/query?refresh=force} for the {@code events} metric over
 * the run's time span, filtered on the run's {@value GeneratedBatches#RUN_PROPERTY} property (a query key, since a
 * write key may not ask queries).
 */
public final class StoredCount {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL_EVERY = Duration.ofMillis(200);

    private final HttpClient client;
    private final URI server;
    private final Optional<String> key;
    private final byte[] query;

    /** @param from and {@code to}: a span that holds every event of the run */
    public StoredCount(HttpClient client, URI server, Optional<String> key, String runId, Instant from, Instant to) {
        this.client = client;
        this.server = server;
        this.key = key;
        try {
            this.query = JSON.writeValueAsBytes(Map.of("metrics", List.of("events"),
                    "date_range", List.of(from.toString(), to.toString()),
                    "filters", List.of(List.of("is", "prop:" + GeneratedBatches.RUN_PROPERTY, List.of(runId)))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The run's stored and queryable events now. */
    public long now() throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve("/v1/query?refresh=force"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(query));
        key.ifPresent(k -> request.header("Authorization", "Bearer " + k));
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("the count query answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode events = JSON.readTree(response.body()).path("totals").path("events");
        if (!events.isNumber()) {
            throw new IOException("the count query's answer has no totals.events: " + response.body());
        }
        return events.asLong();
    }

    /**
     * Asks until the count reaches {@code expected} or {@code timeout} passes.
     *
     * @param startedNanos the run's start ({@link System#nanoTime()}), the origin of the time reported
     */
    public LoadReport.Stored await(long expected, long startedNanos, Duration timeout) throws IOException, InterruptedException {
        long giveUpAt = System.nanoTime() + timeout.toNanos();
        while (true) {
            long count = now();
            double seconds = (System.nanoTime() - startedNanos) / 1e9;
            if (count >= expected) {
                return new LoadReport.Stored(count, seconds, true);
            }
            if (System.nanoTime() >= giveUpAt) {
                return new LoadReport.Stored(count, seconds, false);
            }
            Thread.sleep(POLL_EVERY);
        }
    }
}
