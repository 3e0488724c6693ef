package io.tally.adapter.out.clickhouse;

import io.tally.domain.event.Event;
import io.tally.domain.event.EventColumns;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Group;
import io.tally.domain.query.VisitorSketch;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Compaction merges a key's sketch rows into one without changing an estimate, and never drops a batch the writer
 * adds meanwhile. One hour holds more users than a sketch keeps exactly (k = 2^12), so the estimates are true
 * estimates; the expected ones are unions of sketches of the same users, built here batch by batch.
 */
class ClickHouseSketchCompactionTest {

    private static final Instant HOUR = Instant.parse("2026-10-05T10:00:00Z");
    private static final AggregateQuery BY_HOUR = new AggregateQuery("compacted", new TimeRange(HOUR, HOUR.plusSeconds(7_200)),
            ZoneId.of("UTC"), List.of(new Dimension.Time(Granularity.HOUR)), List.of()).withTotals();
    /** The whole UTC day of both hours: read from the day's rows alone. */
    private static final AggregateQuery THE_DAY = new AggregateQuery("compacted",
            new TimeRange(Instant.parse("2026-10-05T00:00:00Z"), Instant.parse("2026-10-06T00:00:00Z")), ZoneId.of("UTC"), List.of(), List.of());

    private ClickHouseStores stores;
    private ClickHouseVisitorSketches sketches;
    private final VisitorSketch firstHour = new VisitorSketch();
    private final VisitorSketch secondHour = new VisitorSketch();
    private final VisitorSketch both = new VisitorSketch();

    @BeforeEach
    void fresh() {
        stores = ChdbLibrary.freshStores();
        sketches = new ClickHouseVisitorSketches(stores.transport(), () -> Instant.EPOCH);
    }

    /** Users {@code from} to {@code to} (exclusive) view a page in each of the two hours, as one batch. */
    private void batch(int from, int to) {
        List<Event> events = new ArrayList<>();
        for (int user = from; user < to; user++) {
            for (int hour = 0; hour < 2; hour++) {
                Instant at = HOUR.plusSeconds(3_600L * hour + user % 3_600);
                events.add(new Event("e-" + from + "-" + user + "-" + hour, "compacted", "u-" + user, "s-" + user, "page_view", at,
                        Map.of(), "", "", at));
            }
        }
        VisitorSketch first = new VisitorSketch();
        VisitorSketch second = new VisitorSketch();
        for (Event event : events) {
            long hash = EventColumns.of(event).userHash();
            (event.timestamp().isBefore(HOUR.plusSeconds(3_600)) ? first : second).add(hash);
        }
        // what a read unions: each batch's sketch of each hour
        firstHour.merge(first.bytes());
        secondHour.merge(second.bytes());
        both.merge(first.bytes()).merge(second.bytes());
        assertThat(stores.eventStore().append(events)).isEqualTo(events.size());
    }

    private Map<Group, Aggregates> estimates() {
        return stores.rollupStore().visitors(BY_HOUR);
    }

    /** The visitors of each hour, in time order. */
    private static List<Long> hourly(Map<Group, Aggregates> answer) {
        return answer.entrySet().stream().filter(e -> !e.getKey().equals(Group.NONE))
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(group -> group.values().getFirst())))
                .map(e -> e.getValue().visitors()).toList();
    }

    /** The hours' rows: a batch writes one for each of its two hours (and one for their day, {@link #dayRows()}). */
    private long rows() {
        return Long.parseLong(stores.transport().query("SELECT count() FROM visitor_sketches WHERE hours = 1", "TSV").strip());
    }

    private long dayRows() {
        return Long.parseLong(stores.transport().query("SELECT count() FROM visitor_sketches WHERE hours = 24", "TSV").strip());
    }

    private void assertEstimatesAreTheUnions(Map<Group, Aggregates> answer) {
        assertThat(hourly(answer)).containsExactly(firstHour.estimate(), secondHour.estimate());
        assertThat(answer.get(Group.NONE).visitors()).isEqualTo(both.estimate());
        assertThat(stores.rollupStore().visitors(THE_DAY).get(Group.NONE).visitors()).as("from the day's rows").isEqualTo(both.estimate());
    }

    @Test
    void after_compaction_a_key_has_one_row_and_the_same_estimates() {
        batch(0, 3_000);
        batch(2_000, 5_000);
        batch(4_500, 7_000);
        assertThat(rows()).isEqualTo(6);
        assertThat(dayRows()).isEqualTo(3);
        Map<Group, Aggregates> before = estimates();
        assertEstimatesAreTheUnions(before);
        assertThat(both.estimate()).as("past k users, so these are true estimates").isNotEqualTo(7_000);

        assertThat(sketches.compact()).isEqualTo(9);

        assertThat(rows()).isEqualTo(2);
        assertThat(dayRows()).isEqualTo(1);
        assertThat(estimates()).isEqualTo(before);
        assertThat(sketches.compact()).as("nothing left to merge").isZero();
    }

    @Test
    void a_batch_written_during_or_after_compaction_still_counts() {
        batch(0, 3_000);
        batch(2_000, 5_000);
        sketches.compact(() -> batch(5_000, 6_000));
        assertThat(rows()).as("the merged rows and the batch written between read and delete").isEqualTo(4);
        assertEstimatesAreTheUnions(estimates());

        batch(5_500, 8_000);
        assertEstimatesAreTheUnions(estimates());
        sketches.compact();
        assertThat(rows()).isEqualTo(2);
        assertEstimatesAreTheUnions(estimates());
    }

    @Test
    void a_merged_row_read_beside_the_rows_it_merged_counts_each_user_once() {
        batch(0, 3_000);
        batch(2_000, 5_000);
        // a crash after the merged rows are inserted and before the old ones are deleted
        assertThatThrownBy(() -> sketches.compact(() -> {
            throw new IllegalStateException("crashed");
        })).hasMessage("crashed");
        assertThat(rows()).isEqualTo(6);
        assertEstimatesAreTheUnions(estimates());
        sketches.compact();
        assertThat(rows()).isEqualTo(2);
        assertEstimatesAreTheUnions(estimates());
    }
}
