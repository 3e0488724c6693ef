package io.tally.adapter.out.clickhouse;

import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Stored events come back whole from ClickHouse: exact numbers, one copy of a re-sent event, only the range asked. */
class ClickHouseEventArchiveTest {

    @Test
    void an_event_stored_before_numbers_were_bounded_reads_back_whole() {
        // ingest refuses 1e1000 now; one stored before was written out as 1,001 digits, which failed every read
        ClickHouseStores clickhouse = ChdbLibrary.freshStores();
        Instant at = Instant.parse("2026-11-28T10:00:00Z");
        BigDecimal huge = new BigDecimal("1e1000");
        clickhouse.eventStore().append(List.of(new Event("old", "p", "u", "s", "measure", at,
                Map.of("n", PropertyValue.of(huge)), "", "", at)));
        List<Event> read = new ArrayList<>();
        clickhouse.eventArchive().scan("p", new TimeRange(at, at.plusSeconds(1)), 10, read::addAll);
        assertThat(read).singleElement().satisfies(e ->
                assertThat(((PropertyValue.Numeric) e.properties().get("n")).value()).isEqualByComparingTo(huge));
    }

    @Test
    void readsBackOneProjectsRangeExactly() {
        readsBackOneProjectsRangeExactly(ChdbLibrary.freshStores());
    }

    @Test
    void readsBackOneProjectsRangeExactlyThroughTheServerTransport() {
        try (ServerUnderTest server = ServerUnderTest.start()) {
            readsBackOneProjectsRangeExactly(server.stores());
        }
    }

    private static void readsBackOneProjectsRangeExactly(ClickHouseStores clickhouse) {
        Instant t = Instant.parse("2026-11-28T10:00:00.123Z");
        Event priced = new Event("a", "p", "u1", "s1", "purchase", t,
                Map.of("revenue", PropertyValue.of(new BigDecimal("19.990001")), "paid", PropertyValue.of(true),
                        "plan", PropertyValue.of("team")), "curl/8", "203.0.113.9", t);
        Event later = new Event("b", "p", "u2", "s2", "page_view", t.plusSeconds(3600), Map.of(), "", "", t);
        Event other = new Event("c", "q", "u3", "s3", "page_view", t, Map.of(), "", "", t);
        clickhouse.eventStore().append(List.of(priced, later, other));
        clickhouse.eventStore().append(List.of(priced)); // re-sent

        List<Event> read = new ArrayList<>();
        long count = clickhouse.eventArchive().scan("p", new TimeRange(t.minusSeconds(1), t.plusSeconds(60)), 10, read::addAll);
        assertThat(count).isEqualTo(1);
        assertThat(read).containsExactly(priced);

        List<Event> all = new ArrayList<>();
        assertThat(clickhouse.eventArchive().scan(2, all::addAll)).isEqualTo(3);
        assertThat(all).containsExactlyInAnyOrder(priced, later, other);
    }
}
