package io.tally.application.service;

import io.tally.application.fake.MemoryQueryCache;
import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.StoreRow;
import io.tally.domain.event.Event;
import io.tally.domain.sample.TrafficGenerator;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stores that wrap the event store (live feed, query cache versions) hand the store's own rows through: a wrapper
 * that made the rows again, or fell back to plain events, would put that work back on the writer's thread.
 */
class StoreWrappersRowsTest {

    private record Made(Event event) implements StoreRow {
    }

    /** A store that makes its own rows and keeps what reached its write. */
    private static final class RowStore implements EventStore {
        final List<StoreRow> written = new ArrayList<>();

        @Override
        public StoreRow row(Event event) {
            return new Made(event);
        }

        @Override
        public long appendRows(List<? extends StoreRow> rows) {
            written.addAll(rows);
            return rows.size();
        }

        @Override
        public long append(List<Event> events) {
            throw new AssertionError("rows were made: they are what must be written");
        }

        @Override
        public boolean isAvailable() {
            return true;
        }
    }

    private static final Instant NOW = Instant.parse("2026-11-28T12:30:00Z");

    /** Two hours before now: late, so the cache's version moves. */
    private static List<Event> events() {
        return TrafficGenerator.list(new TrafficGenerator.Settings(20, 2, 7, NOW.minusSeconds(7200), "default"));
    }

    @Test
    void the_live_feed_wrapper_writes_the_stores_rows_and_feeds_their_events() {
        RowStore inner = new RowStore();
        List<Event> fed = new ArrayList<>();
        EventStore feeding = new FeedingEventStore(inner, fed::addAll);
        List<Event> events = events();
        List<StoreRow> rows = events.stream().map(feeding::row).toList();

        assertThat(feeding.appendRows(rows)).isEqualTo(events.size());
        assertThat(inner.written).containsExactlyElementsOf(rows).allMatch(row -> row instanceof Made);
        assertThat(fed).containsExactlyElementsOf(events);
    }

    @Test
    void the_cache_version_wrapper_writes_the_stores_rows_and_moves_the_version_for_late_events() {
        RowStore inner = new RowStore();
        MemoryQueryCache cache = new MemoryQueryCache();
        long before = cache.version("default");
        EventStore versioned = new VersionedEventStore(inner, cache, Clock.fixed(NOW, ZoneOffset.UTC));
        List<StoreRow> rows = events().stream().map(versioned::row).toList();

        assertThat(versioned.appendRows(rows)).isEqualTo(rows.size());
        assertThat(inner.written).containsExactlyElementsOf(rows).allMatch(row -> row instanceof Made);
        assertThat(cache.version("default")).isGreaterThan(before);
    }
}
