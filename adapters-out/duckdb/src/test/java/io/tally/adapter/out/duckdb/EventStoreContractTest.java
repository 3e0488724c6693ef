package io.tally.adapter.out.duckdb;

import io.tally.adapter.out.memory.MemoryStore;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.EventStore;
import io.tally.domain.event.Event;
import io.tally.domain.query.SeriesMetric;
import io.tally.domain.query.Timeseries;
import io.tally.domain.query.TimeseriesQuery;
import io.tally.domain.sample.TrafficGenerator;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@link EventStore} contract, run against every adapter of the port. */
class EventStoreContractTest {

    private static final Instant END = Instant.parse("2026-11-28T00:00:00Z");
    private final List<AutoCloseable> open = new ArrayList<>();

    private record Subject(EventStore store, AnalyticsEngine engine) {
    }

    private Subject subject(String kind) throws Exception {
        return switch (kind) {
            case "memory" -> {
                MemoryStore memory = MemoryStore.create();
                yield new Subject(memory, memory);
            }
            case "duckdb" -> {
                Path dir = Files.createTempDirectory("tally-store");
                DuckDbStores stores = DuckDbStores.open(DuckDbConfig.at(dir.resolve("events.duckdb")));
                open.add(stores);
                yield new Subject(stores.eventStore(), stores.analyticsEngine());
            }
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private static long pageViews(Subject subject) {
        TimeseriesQuery query = new TimeseriesQuery("default", List.of(SeriesMetric.PAGE_VIEWS),
                new TimeRange(END.minusSeconds(86_400L * 10), END), Granularity.MONTH, ZoneId.of("UTC"));
        return Timeseries.assemble(query, subject.engine().aggregate(query.report().aggregation())).rows().stream()
                .mapToLong(r -> r.values().getFirst().longValue()).sum();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "duckdb"})
    void appending_the_same_events_again_changes_nothing(String kind) throws Exception {
        Subject subject = subject(kind);
        List<Event> events = TrafficGenerator.list(new TrafficGenerator.Settings(3_000, 7, 11, END, "default"));
        long expectedPageViews = events.stream().filter(e -> e.eventType().equals("page_view")).count();

        assertThat(subject.store().append(events)).isEqualTo(3_000);
        assertThat(pageViews(subject)).isEqualTo(expectedPageViews);
        assertThat(subject.store().append(events)).isZero();
        assertThat(subject.store().append(events.subList(100, 200))).isZero();
        assertThat(pageViews(subject)).isEqualTo(expectedPageViews);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "duckdb"})
    void two_copies_in_one_batch_are_stored_once(String kind) throws Exception {
        Subject subject = subject(kind);
        List<Event> events = TrafficGenerator.list(new TrafficGenerator.Settings(500, 3, 5, END, "default"));
        List<Event> doubled = new ArrayList<>(events);
        doubled.addAll(events.subList(0, 250));
        assertThat(subject.store().append(doubled)).isEqualTo(500);
        assertThat(pageViews(subject)).isEqualTo(events.stream().filter(e -> e.eventType().equals("page_view")).count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "duckdb"})
    void the_same_event_id_in_another_project_is_another_event(String kind) throws Exception {
        Subject subject = subject(kind);
        Event event = TrafficGenerator.list(new TrafficGenerator.Settings(1, 1, 5, END, "default")).getFirst();
        Event elsewhere = new Event(event.eventId(), "other", event.userId(), event.sessionId(), event.eventType(),
                event.timestamp(), event.properties(), event.userAgent(), event.ipAddress(), event.receivedAt());
        assertThat(subject.store().append(List.of(event, elsewhere))).isEqualTo(2);
    }
}
