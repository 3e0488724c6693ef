package io.tally.domain.sample;

import io.tally.domain.event.Event;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class TrafficGeneratorTest {

    private static final Instant END = Instant.parse("2026-11-28T00:00:00Z");

    @Test
    void the_same_seed_gives_the_same_events_and_another_seed_other_ones() {
        var settings = new TrafficGenerator.Settings(5_000, 14, 42, END, "default");
        assertThat(TrafficGenerator.list(settings)).isEqualTo(TrafficGenerator.list(settings));
        assertThat(TrafficGenerator.list(new TrafficGenerator.Settings(5_000, 14, 43, END, "default")))
                .isNotEqualTo(TrafficGenerator.list(settings));
    }

    @Test
    void it_produces_exactly_the_requested_count_inside_the_range_with_unique_ids() {
        List<Event> events = TrafficGenerator.list(new TrafficGenerator.Settings(20_000, 30, 7, END, "default"));
        assertThat(events).hasSize(20_000);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.timestamp()).isBefore(END);
            assertThat(e.timestamp()).isAfterOrEqualTo(END.minus(Duration.ofDays(30)));
        });
        assertThat(events.stream().map(Event::eventId).collect(Collectors.toSet())).hasSize(20_000);
    }

    @Test
    void traffic_is_realistic_enough_to_exercise_every_metric() {
        List<Event> events = TrafficGenerator.list(new TrafficGenerator.Settings(50_000, 28, 3, END, "default"));
        Set<String> types = events.stream().map(Event::eventType).collect(Collectors.toSet());
        assertThat(types).contains("page_view", "sign_up", "conversion", "purchase");
        assertThat(events.stream().map(Event::userAgent).distinct().count()).isGreaterThan(4);
        assertThat(events.stream().map(Event::ipAddress).map(ip -> ip.substring(0, ip.indexOf('.'))).distinct().count())
                .isGreaterThan(4);
        assertThat(events.stream().filter(e -> e.eventType().equals("purchase"))
                .allMatch(e -> e.properties().containsKey("revenue"))).isTrue();
        // weekdays are busier than weekends
        long weekday = events.stream().filter(e -> e.timestamp().atZone(ZoneOffset.UTC).getDayOfWeek().getValue() <= 5).count();
        assertThat(weekday / 20.0).isGreaterThan((events.size() - weekday) / 8.0);
        // users come back: more sessions than users
        long users = events.stream().map(Event::userId).distinct().count();
        long sessions = events.stream().map(Event::sessionId).distinct().count();
        assertThat(sessions).isGreaterThan(users);
    }

    @Test
    void chronological_traffic_has_the_requested_count_in_time_order_day_by_day() {
        var settings = new TrafficGenerator.Settings(30_000, 14, 5, END, "default");
        List<Event> events = TrafficGenerator.chronological(settings).toList();
        assertThat(events).hasSize(30_000);
        assertThat(TrafficGenerator.chronological(settings).toList()).as("same seed, same events").isEqualTo(events);
        assertThat(events.stream().map(Event::eventId).collect(Collectors.toSet())).hasSize(30_000);
        assertThat(events).allSatisfy(e -> assertThat(e.timestamp()).isBefore(END)
                .isAfterOrEqualTo(END.minus(Duration.ofDays(14))));
        // in time order, but for a session that runs past midnight: it stays with the day it started
        Instant latest = END.minus(Duration.ofDays(14));
        int late = 0;
        for (Event event : events) {
            assertThat(event.timestamp()).as("never more than a session's length late").isAfter(latest.minus(Duration.ofHours(1)));
            late += event.timestamp().isBefore(latest) ? 1 : 0;
            latest = event.timestamp().isAfter(latest) ? event.timestamp() : latest;
        }
        assertThat(late).as("events out of order").isLessThan(events.size() / 100);
        // each day holds its share: weekdays busier than weekends, as in the unordered traffic
        long weekday = events.stream().filter(e -> e.timestamp().atZone(ZoneOffset.UTC).getDayOfWeek().getValue() <= 5).count();
        assertThat(weekday / 10.0).isGreaterThan((events.size() - weekday) / 4.0);
    }

    /** The contract data depends on these events: the fingerprint was taken before the chronological order existed. */
    @Test
    void the_unordered_events_are_not_changed_by_the_chronological_order() throws Exception {
        String text = TrafficGenerator.list(new TrafficGenerator.Settings(5_000, 14, 42, END, "default")).stream()
                .map(e -> String.join("|", e.eventId(), e.projectId(), e.userId(), e.sessionId(), e.eventType(),
                        e.timestamp().toString(), new TreeMap<>(e.properties()).toString(), e.userAgent(), e.ipAddress(),
                        e.receivedAt().toString()))
                .collect(Collectors.joining("\n"));
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("eb687072de1209e30e9b3ef8932bae99dcadb5880f54a9387813ac293920ae4d");
    }
}
