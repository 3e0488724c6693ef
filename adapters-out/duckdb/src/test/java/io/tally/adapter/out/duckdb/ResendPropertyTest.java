package io.tally.adapter.out.duckdb;

import io.tally.adapter.out.memory.MemoryStore;
import io.tally.adapter.out.memory.SessionsContract;
import io.tally.domain.event.Event;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Group;
import io.tally.domain.sample.TrafficGenerator;
import io.tally.domain.time.TimeRange;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For any pool of events, any split into batches, any copies re-sent (with their stored timestamp at any age, or
 * with another one while they are among the latest {@value #RECENT} stored) and the store reopened between some
 * batches: each event is stored once, and the raw events, the rollup, the sessions kept per hour and the visitor
 * sketches answer as the reference engine fed each event once.
 */
class ResendPropertyTest {

    private static final Instant END = Instant.parse("2026-11-28T00:00:00Z");
    private static final int RECENT = 40;
    private static final AggregateQuery BY_TYPE = new AggregateQuery("default",
            new TimeRange(END.minus(Duration.ofDays(4)), END.plus(Duration.ofDays(1))), ZoneOffset.UTC,
            List.of(new Dimension.EventType()), List.of()).withTotals();

    @Property(tries = 20)
    void each_event_is_stored_once_however_its_copies_arrive(@ForAll @IntRange(min = 1, max = 300) int size,
                                                             @ForAll @IntRange(min = 1, max = 8) int batches,
                                                             @ForAll @IntRange(min = 0, max = 60) int copies,
                                                             @ForAll long seed) throws IOException {
        List<Event> pool = TrafficGenerator.list(new TrafficGenerator.Settings(size, 3, seed, END, "default"));
        Random random = new Random(seed);
        List<Event> arrivals = new ArrayList<>(pool);
        Collections.shuffle(arrivals, random); // late and out of order
        List<List<Event>> split = split(arrivals, batches, random);

        Path dir = Files.createTempDirectory("tally-resend");
        Path file = dir.resolve("resend.duckdb");
        DuckDbConfig config = DuckDbConfig.at(file).withDedupRecent(RECENT);
        List<Event> storedInOrder = new ArrayList<>(); // the writer's seq order: first copies, in batch order
        DuckDbStores duck = DuckDbStores.open(config);
        int reopens = 2; // each costs an open of the file: enough to prove the window and the numbering survive one
        try {
            for (List<Event> part : split) {
                List<Event> batch = new ArrayList<>(part);
                for (int c = 0; c < copies / batches && !storedInOrder.isEmpty(); c++) {
                    batch.add(random.nextInt(batch.size() + 1), copy(storedInOrder, random));
                }
                long before = storedInOrder.size();
                for (Event event : batch) {
                    if (!storedInOrder.contains(event) && storedInOrder.stream().noneMatch(e -> sameEvent(e, event))) {
                        storedInOrder.add(event);
                    }
                }
                assertThat(duck.eventStore().append(batch)).isEqualTo(storedInOrder.size() - before);
                if (reopens > 0 && random.nextInt(3) == 0) {
                    reopens--;
                    duck.close();
                    duck = DuckDbStores.open(config);
                }
                if (random.nextInt(3) == 0) {
                    duck.rollupStore().refresh();
                }
            }
            assertThat(Long.parseLong(duck.rawQuery("SELECT count(*) FROM events").getFirst().getFirst())).isEqualTo(pool.size());
            MemoryStore reference = MemoryStore.of(pool);
            Map<Group, Aggregates> expected = reference.aggregate(BY_TYPE);
            assertThat(duck.analyticsEngine().aggregate(BY_TYPE)).isEqualTo(expected);
            duck.rollupStore().refresh();
            assertThat(additive(duck.rollupStore().aggregate(BY_TYPE))).isEqualTo(additive(expected));
            assertThat(SessionsContract.sessionFacts(duck.rollupStore().sessions(BY_TYPE))).isEqualTo(SessionsContract.sessionFacts(expected));
            assertThat(visitors(duck.rollupStore().visitors(BY_TYPE))).isEqualTo(visitors(expected));
        } finally {
            duck.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A copy of a stored event: with its timestamp (any of them), or with another one (only among the latest {@link #RECENT}). */
    private static Event copy(List<Event> stored, Random random) {
        if (random.nextBoolean()) {
            return stored.get(random.nextInt(stored.size()));
        }
        Event event = stored.get(stored.size() - 1 - random.nextInt(Math.min(RECENT, stored.size())));
        Instant other = event.timestamp().plus(Duration.ofMinutes(1 + random.nextInt(3_000)));
        return new Event(event.eventId(), event.projectId(), event.userId(), event.sessionId(), event.eventType(), other,
                event.properties(), event.userAgent(), event.ipAddress(), event.receivedAt());
    }

    private static boolean sameEvent(Event a, Event b) {
        return a.projectId().equals(b.projectId()) && a.eventId().equals(b.eventId());
    }

    /** {@code events} cut into {@code parts} runs at random places (some may be empty). */
    private static List<List<Event>> split(List<Event> events, int parts, Random random) {
        TreeSet<Integer> cuts = new TreeSet<>(List.of(0, events.size()));
        for (int i = 1; i < parts; i++) {
            cuts.add(random.nextInt(events.size() + 1));
        }
        List<List<Event>> split = new ArrayList<>();
        Integer from = cuts.first();
        for (Integer to : cuts.tailSet(from, false)) {
            split.add(events.subList(from, to));
            from = to;
        }
        return split;
    }

    private static Map<Group, List<Object>> additive(Map<Group, Aggregates> answer) {
        Map<Group, List<Object>> facts = new HashMap<>();
        answer.forEach((group, a) -> facts.put(group, List.of(a.events(), a.pageviews(), a.conversions(), a.revenue())));
        return facts;
    }

    private static Map<Group, Long> visitors(Map<Group, Aggregates> answer) {
        Map<Group, Long> visitors = new HashMap<>();
        answer.forEach((group, a) -> visitors.put(group, a.visitors()));
        return visitors;
    }
}
