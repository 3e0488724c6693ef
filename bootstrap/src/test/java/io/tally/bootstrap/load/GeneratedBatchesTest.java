package io.tally.bootstrap.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.domain.sample.TrafficGenerator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The NDJSON batches of {@code bench-ingest}: live ones timed when made, the others at their generated times. */
class GeneratedBatchesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant END = Instant.parse("2026-12-06T12:00:00Z");
    private static final TrafficGenerator.Settings TRAFFIC = new TrafficGenerator.Settings(250, 30, 3, END, "p");

    private static List<JsonNode> lines(Batch batch) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : new String(batch.body(), StandardCharsets.UTF_8).split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    @Test
    void live_batches_time_their_events_when_made_a_microsecond_apart_in_order() throws IOException {
        Instant made = Instant.parse("2026-12-06T12:34:56.789Z");
        GeneratedBatches batches = new GeneratedBatches(TRAFFIC, 100, "r1", Optional.empty(),
                Optional.of(Clock.fixed(made, ZoneOffset.UTC)));
        List<JsonNode> first = lines(batches.next());
        assertThat(first).hasSize(100);
        assertThat(first.get(0).get("timestamp").asText()).isEqualTo("2026-12-06T12:34:56.789Z");
        assertThat(first.get(1).get("timestamp").asText()).isEqualTo("2026-12-06T12:34:56.789001Z");
        assertThat(first.get(99).get("timestamp").asText()).isEqualTo("2026-12-06T12:34:56.789099Z");
        assertThat(first.get(0).get("event_id").asText()).startsWith("r1-");
    }

    @Test
    void without_a_clock_the_events_keep_their_generated_times_over_the_days() throws IOException {
        GeneratedBatches batches = new GeneratedBatches(TRAFFIC, 250, "r1", Optional.empty(), Optional.empty());
        List<Instant> times = lines(batches.next()).stream().map(l -> Instant.parse(l.get("timestamp").asText())).toList();
        assertThat(times).hasSize(250).allSatisfy(t -> assertThat(t).isBetween(END.minus(Duration.ofDays(30)), END));
        Instant first = times.stream().min(Instant::compareTo).orElseThrow();
        Instant last = times.stream().max(Instant::compareTo).orElseThrow();
        assertThat(Duration.between(first, last).toDays()).isGreaterThan(7);
    }
}
