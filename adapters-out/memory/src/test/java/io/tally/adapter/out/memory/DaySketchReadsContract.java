package io.tally.adapter.out.memory;

import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.RollupStore;
import io.tally.domain.event.Event;
import io.tally.domain.event.IdHash;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Group;
import io.tally.domain.query.VisitorSketch;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which of a store's kept sketches a read takes, seen through a day row no writer would make: a, b and c view pages on
 * 10 January 2026 (UTC), and the day's row of page views is given one more user, z, who is in no hour's row. A read
 * that takes the day's row in place of its hours counts z; one that reads hours (a Berlin day takes two UTC days; a
 * range that starts after midnight) does not. A store's test starts empty, calls {@link #load} and extends this.
 */
public abstract class DaySketchReadsContract {

    private static final String PROJECT = "days";
    private static final TimeRange JAN_10 = new TimeRange(Instant.parse("2026-01-10T00:00:00Z"), Instant.parse("2026-01-11T00:00:00Z"));

    /** The store's events, empty before {@link #load}. */
    protected abstract EventStore events();

    protected abstract RollupStore rollups();

    /** Adds a row of {@code hours = 24} for (project, day, type) holding {@code sketch}, as the table keeps one. */
    protected abstract void addDayRow(String project, Instant day, String eventType, byte[] sketch);

    /** Stores the three users' page views, then the day row with z. */
    protected final void load() {
        List<Event> views = List.of(view("a", "2026-01-10T10:05:00Z"), view("b", "2026-01-10T10:40:00Z"), view("c", "2026-01-10T11:20:00Z"));
        assertThat(events().append(views)).isEqualTo(3);
        VisitorSketch withZ = new VisitorSketch();
        for (String user : List.of("a", "b", "c", "z")) {
            withZ.add(IdHash.of(user));
        }
        addDayRow(PROJECT, JAN_10.from(), "page_view", withZ.bytes());
    }

    private static Event view(String user, String at) {
        Instant time = Instant.parse(at);
        return new Event("e-" + user, PROJECT, user, "s-" + user, "page_view", time, Map.of(), "", "", time);
    }

    private long visitors(AggregateQuery query, Group group) {
        return rollups().visitors(query).get(group).visitors();
    }

    @Test
    void a_utc_day_is_read_from_its_day_row() {
        AggregateQuery byDay = new AggregateQuery(PROJECT, JAN_10, ZoneOffset.UTC, List.of(new Dimension.Time(Granularity.DAY)), List.of());
        assertThat(visitors(byDay, Group.of("2026-01-10T00:00:00Z"))).isEqualTo(4);
        AggregateQuery ungrouped = new AggregateQuery(PROJECT, JAN_10, ZoneId.of("Europe/Berlin"), List.of(), List.of());
        assertThat(visitors(ungrouped, Group.NONE)).isEqualTo(4);
    }

    @Test
    void a_berlin_day_is_read_from_hours_and_its_totals_from_the_day_row() {
        AggregateQuery byDay = new AggregateQuery(PROJECT, JAN_10, ZoneId.of("Europe/Berlin"), List.of(new Dimension.Time(Granularity.DAY)),
                List.of());
        assertThat(visitors(byDay, Group.of("2026-01-09T23:00:00Z"))).isEqualTo(3);
        assertThat(visitors(byDay.withTotals(), Group.of("2026-01-09T23:00:00Z"))).isEqualTo(3);
        assertThat(visitors(byDay.withTotals(), Group.NONE)).isEqualTo(4);
    }

    @Test
    void a_day_the_range_cuts_is_read_from_hours() {
        AggregateQuery fromOne = new AggregateQuery(PROJECT, new TimeRange(Instant.parse("2026-01-10T01:00:00Z"), JAN_10.to()),
                ZoneOffset.UTC, List.of(), List.of());
        assertThat(visitors(fromOne, Group.NONE)).isEqualTo(3);
    }
}
