package io.tally.application.service;

import io.tally.application.fake.MovableClock;
import io.tally.application.port.in.Answer;
import io.tally.application.port.in.WatchLiveUseCase;
import io.tally.application.port.out.EventArchive;
import io.tally.domain.event.Event;
import io.tally.domain.live.LiveQuery;
import io.tally.domain.query.Metric;
import io.tally.domain.query.MetricRef;
import io.tally.domain.query.Report;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class LiveHubTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:30Z");


    private static Event event(String id, Instant at) {
        return new Event(id, "p", "u-" + id, "s", "page_view", at, Map.of(), "", "", at);
    }

    private static final LiveQuery EVENTS = new LiveQuery(new LiveQuery.Scope("p", List.of(), List.of(), ZoneOffset.UTC,
            Duration.ofMinutes(5)), List.of(new MetricRef.Builtin(Metric.EVENTS)), Duration.ofSeconds(1));

    @Test
    void startsFromTheStoreSharesOneTallyAndSendsOnlyChanges() {
        MovableClock clock = new MovableClock(NOW);
        List<Event> stored = List.of(event("old", NOW.minus(Duration.ofMinutes(10))), event("in", NOW.minusSeconds(60)));
        EventArchive archive = new EventArchive() {
            @Override
            public long scan(int batchSize, Consumer<List<Event>> batches) {
                throw new UnsupportedOperationException();
            }

            @Override
            public long scan(String projectId, TimeRange range, int batchSize, Consumer<List<Event>> batches) {
                List<Event> selected = stored.stream().filter(e -> range.contains(e.timestamp())).toList();
                batches.accept(selected);
                return selected.size();
            }
        };
        try (LiveHub hub = new LiveHub(Optional.of(archive), clock)) {
            List<Long> first = new CopyOnWriteArrayList<>();
            List<Long> second = new CopyOnWriteArrayList<>();
            WatchLiveUseCase.Subscription a = hub.watch(EVENTS, answer -> first.add(total(answer)));
            WatchLiveUseCase.Subscription b = hub.watch(EVENTS, answer -> second.add(total(answer)));
            assertThat(first).containsExactly(1L); // the stored event of the window, not the one before it
            assertThat(hub.tallyCount()).isEqualTo(1);

            hub.stored(List.of(event("new", NOW), event("in", NOW.minusSeconds(60)))); // "in" again: counted once
            clock.set(NOW.plusSeconds(2));
            hub.tick(clock.instant());
            hub.tick(clock.instant().plusMillis(1)); // nothing changed, nothing sent
            assertThat(first).containsExactly(1L, 2L);
            assertThat(second).containsExactly(1L, 2L);

            a.close();
            assertThat(hub.tallyCount()).isEqualTo(1);
            b.close();
            assertThat(hub.tallyCount()).isZero();
        }
    }

    @Test
    void events_the_feed_missed_are_read_from_the_store_again_and_counted_once() {
        MovableClock clock = new MovableClock(NOW);
        List<Event> stored = new CopyOnWriteArrayList<>(List.of(event("a", NOW.minusSeconds(60))));
        EventArchive archive = new EventArchive() {
            @Override
            public long scan(int batchSize, Consumer<List<Event>> batches) {
                throw new UnsupportedOperationException();
            }

            @Override
            public long scan(String projectId, TimeRange range, int batchSize, Consumer<List<Event>> batches) {
                batches.accept(stored.stream().filter(e -> range.contains(e.timestamp())).toList());
                return stored.size();
            }
        };
        try (LiveHub hub = new LiveHub(Optional.of(archive), clock)) {
            List<Long> totals = new CopyOnWriteArrayList<>();
            hub.watch(EVENTS, answer -> totals.add(total(answer)));
            stored.add(event("b", NOW.minusSeconds(30))); // stored, but its batch never reached the hub
            hub.stored(List.of(event("c", NOW)));
            hub.missed();
            hub.missed(); // a second reading counts nothing twice
            clock.set(NOW.plusSeconds(2));
            hub.tick(clock.instant());
            assertThat(totals).containsExactly(1L, 3L);
        }
    }

    private static long total(Answer<Report> answer) {
        return answer.result().totals().getFirst().longValue();
    }
}
