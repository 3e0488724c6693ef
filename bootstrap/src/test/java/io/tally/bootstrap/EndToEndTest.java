package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import io.tally.domain.event.Event;
import io.tally.domain.sample.TrafficGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The real server on a free port with a temporary DuckDB file, driven over real HTTP. */
class EndToEndTest {

    /** A server on a free port; bots are kept (the generated traffic has some, and counts here include them). */
    static Tally start(Path dir) {
        return Tally.start(TallyConfig.withOverrides(Map.of(
                "server.port", "0",
                "server.host", "127.0.0.1",
                "ingest.max-delay-ms", "20",
                "enrichment.keep-bots", "true",
                "store.path", dir.resolve("tally.duckdb").toString())));
    }

    /** Per hour: page views, conversions and mean session seconds, counted here by hand from the events. */
    static Map<Instant, List<Number>> expectedHours(List<Event> events, Instant from, Instant to) {
        Map<Instant, long[]> byHour = new TreeMap<>();
        for (Instant h = from; h.isBefore(to); h = h.plus(Duration.ofHours(1))) {
            byHour.put(h, new long[4]);
        }
        List<Event> inRange = events.stream().filter(e -> !e.timestamp().isBefore(from) && e.timestamp().isBefore(to)).toList();
        for (Event e : inRange) {
            long[] c = byHour.get(e.timestamp().truncatedTo(ChronoUnit.HOURS));
            if (e.eventType().equals("page_view")) c[0]++;
            if (e.eventType().equals("conversion")) c[1]++;
        }
        Map<String, List<Instant>> sessions = inRange.stream().collect(Collectors.groupingBy(Event::sessionId,
                Collectors.mapping(Event::timestamp, Collectors.toList())));
        for (List<Instant> times : sessions.values()) {
            Instant first = times.stream().min(Instant::compareTo).orElseThrow();
            Instant last = times.stream().max(Instant::compareTo).orElseThrow();
            long[] c = byHour.get(first.truncatedTo(ChronoUnit.HOURS));
            c[2]++;
            c[3] += Duration.between(first, last).toMillis();
        }
        Map<Instant, List<Number>> expected = new TreeMap<>();
        byHour.forEach((hour, c) -> expected.put(hour, List.of(c[0], c[1], c[2] == 0 ? 0.0 : c[3] / (double) c[2] / 1000.0)));
        return expected;
    }

    static Map<Instant, List<Number>> actualHours(Http http, Instant from, Instant to) {
        JsonNode answer = http.get("/v1/timeseries?metric=page_views,conversions,avg_session_time&interval=hour&from="
                + from + "&to=" + to).json();
        assertThat(answer.get("columns").findValuesAsText("name"))
                .containsExactly("time", "page_views", "conversions", "avg_session_time");
        Map<Instant, List<Number>> actual = new TreeMap<>();
        for (JsonNode row : answer.get("rows")) {
            actual.put(OffsetDateTime.parse(row.get(0).asText()).toInstant(),
                    List.of(row.get(1).asLong(), row.get(2).asLong(), row.get(3).asDouble()));
        }
        return actual;
    }

    @Test
    void events_sent_three_ways_come_back_as_the_hand_counted_time_series_once_and_after_a_restart(@TempDir Path dir) {
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant from = end.minus(Duration.ofHours(24));
        List<Event> events = TrafficGenerator.list(new TrafficGenerator.Settings(3_000, 1, 77, end, "default"));
        Map<Instant, List<Number>> expected = expectedHours(events, from, end);
        assertThat(expected.values().stream().mapToLong(v -> v.getFirst().longValue()).sum()).isGreaterThan(1_000);

        try (Tally tally = start(dir)) {
            Http http = new Http(tally.port());
            send(http, events);
            assertThat(actualHours(http, from, end)).isEqualTo(expected);

            send(http, events); // the same batch again: no change
            assertThat(actualHours(http, from, end)).isEqualTo(expected);
        }
        try (Tally restarted = start(dir)) {
            assertThat(actualHours(new Http(restarted.port()), from, end)).isEqualTo(expected);
        }
    }

    /** 200 one by one, then arrays of 700, then NDJSON, each waiting until stored. */
    private static void send(Http http, List<Event> events) {
        int i = 0;
        for (; i < 200; i++) {
            var answer = http.post("/v1/events?wait=true", "application/json", EventJson.line(events.get(i)));
            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        }
        for (; i < 1_600; i += 700) {
            List<Object> array = new ArrayList<>();
            events.subList(i, i + 700).forEach(e -> array.add(EventJson.wire(e)));
            var answer = http.post("/v1/events?wait=true", "application/json", EventJson.write(array));
            assertThat(answer.status()).isEqualTo(202);
            assertThat(answer.json().get("accepted").asInt()).isEqualTo(700);
        }
        String ndjson = events.subList(i, events.size()).stream().map(EventJson::line)
                .collect(Collectors.joining("\n", "", "\n"));
        var answer = http.post("/v1/events?wait=true", "application/x-ndjson", ndjson);
        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.json().get("accepted").asInt()).isEqualTo(events.size() - i);
        assertThat(answer.json().get("rejected")).isEmpty();
    }

    @Test
    void without_waiting_accepted_events_are_written_within_the_batch_delay_and_metrics_count_them(@TempDir Path dir)
            throws InterruptedException {
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
        List<Event> events = TrafficGenerator.list(new TrafficGenerator.Settings(500, 1, 5, end, "default"));
        try (Tally tally = start(dir)) {
            Http http = new Http(tally.port());
            String ndjson = events.stream().map(EventJson::line).collect(Collectors.joining("\n"));
            assertThat(http.post("/v1/events", "application/x-ndjson", ndjson).status()).isEqualTo(202);
            Map<Instant, List<Number>> expected = expectedHours(events, end.minus(Duration.ofHours(24)), end);
            Map<Instant, List<Number>> actual = Map.of();
            for (int attempt = 0; attempt < 100 && !actual.equals(expected); attempt++) {
                Thread.sleep(50);
                actual = actualHours(http, end.minus(Duration.ofHours(24)), end);
            }
            assertThat(actual).isEqualTo(expected);

            assertThat(http.get("/observe/health/ready").status()).isEqualTo(200);
            String metrics = http.get("/observe/metrics").body();
            assertThat(metrics).contains("tally_events_accepted_total", "tally_ingest_batch_size_events_bucket",
                    "tally_ingest_flush_seconds_bucket", "tally_query_seconds");
            double accepted = metrics.lines().filter(l -> l.startsWith("tally_events_accepted_total"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
            assertThat(accepted).isGreaterThanOrEqualTo(500);
        }
    }

    @Test
    void a_graceful_stop_writes_every_accepted_event(@TempDir Path dir) {
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
        List<Event> events = TrafficGenerator.list(new TrafficGenerator.Settings(2_000, 1, 9, end, "default"));
        Map<String, String> overrides = new HashMap<>(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "store.path", dir.resolve("tally.duckdb").toString(), "ingest.max-delay-ms", "600000",
                "ingest.batch-size", "100000", "enrichment.keep-bots", "true"));
        try (Tally tally = Tally.start(TallyConfig.withOverrides(overrides))) {
            String ndjson = events.stream().map(EventJson::line).collect(Collectors.joining("\n"));
            assertThat(new Http(tally.port()).post("/v1/events", "application/x-ndjson", ndjson).status()).isEqualTo(202);
        } // stop: nothing was flushed yet (10 minute delay), so the stop must write them
        try (Tally restarted = start(dir)) {
            assertThat(actualHours(new Http(restarted.port()), end.minus(Duration.ofHours(24)), end))
                    .isEqualTo(expectedHours(events, end.minus(Duration.ofHours(24)), end));
        }
    }
}
