package io.tally.adapter.out.memory;

import io.tally.application.fake.MovableClock;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.EventArchive;
import io.tally.application.port.out.EventExpiry;
import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.RollupStore;
import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.Group;
import io.tally.domain.query.SeriesMetric;
import io.tally.domain.query.Source;
import io.tally.domain.query.TimeseriesQuery;
import io.tally.domain.retention.CohortMode;
import io.tally.domain.retention.RetentionCounts;
import io.tally.domain.retention.RetentionPeriod;
import io.tally.domain.retention.RetentionQuery;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.Retention;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of a store under a retention: no answer (report, rollup, time series, retention, export) counts an
 * event before the horizon, all of them move together when the horizon moves, and expiry deletes what is past it.
 * A store's test opens its ports on a retention and a clock the test moves.
 *
 * <p>Each event carries a revenue that is a power of two, so a revenue total says exactly which events were counted.
 * Days are counted back from today (UTC, the real one: ClickHouse's TTL reads the server's clock) with a retention
 * of 3 days.
 */
public abstract class RetentionContract {

    /** The ports of one store under test, and a way to make it apply its deletions now (ClickHouse merges). */
    public record Opened(EventStore events, AnalyticsEngine analytics, Optional<RollupStore> rollups,
                            EventArchive archive, EventExpiry expiry, Runnable settle) {
    }

    protected abstract Opened open(Retention retention, Clock clock);

    /**
     * How long past the horizon a store may keep a row after expiry has run: none by default; ClickHouse's TTL keeps
     * the last expired day a day longer, so a clock differing a little from the server's never splits an answer.
     */
    protected Duration slack() {
        return Duration.ZERO;
    }

    private static final ZoneId UTC = ZoneId.of("UTC"); // engines take region ids, not "Z"
    private static final Retention THREE_DAYS = new Retention(3);
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final TimeRange RANGE = new TimeRange(at(-10, LocalTime.MIDNIGHT), at(1, LocalTime.MIDNIGHT));
    /** Yesterday at noon: the horizon is four days before today. */
    private static final Instant EARLIER = at(-1, LocalTime.NOON);
    /** Today at noon: the horizon is three days before today. */
    private static final Instant NOW = at(0, LocalTime.NOON);

    private static final int A = 1;   // 4 days ago at midnight: kept earlier (on the horizon), not now
    private static final int B = 2;   // the last millisecond of 5 days ago: never kept
    private static final int C = 4;   // 3 days ago at midnight: kept now (on the horizon)
    private static final int D = 8;   // the last millisecond of 4 days ago: kept earlier, not now
    private static final int E = 16;  // yesterday at noon: always kept
    private static final int C0 = 32; // 4 days ago at noon, user c's first event: kept earlier, not now

    private MovableClock clock;
    private Opened store;

    private static Instant at(int days, LocalTime time) {
        return TODAY.plusDays(days).atTime(time).toInstant(ZoneOffset.UTC);
    }

    private static Event event(String id, String user, Instant at, int revenue) {
        return new Event(id, "default", user, "s-" + id, "page_view", at,
                Map.of("revenue", new PropertyValue.Numeric(BigDecimal.valueOf(revenue))), "", "", at);
    }

    @BeforeEach
    void storeTheEvents() {
        clock = new MovableClock(EARLIER);
        store = open(THREE_DAYS, clock);
        store.events().append(List.of(
                event("a", "ua", at(-4, LocalTime.MIDNIGHT), A),
                event("b", "ub", at(-4, LocalTime.MIDNIGHT).minusMillis(1), B),
                event("c", "uc", at(-3, LocalTime.MIDNIGHT), C),
                event("d", "ud", at(-3, LocalTime.MIDNIGHT).minusMillis(1), D),
                event("e", "ue", at(-1, LocalTime.NOON), E),
                event("c0", "uc", at(-4, LocalTime.NOON), C0)));
        store.rollups().ifPresent(RollupStore::refresh);
    }

    /** What each answer counts: revenue as the set of events, the number of events, of visitors. */
    private record Counted(long revenueBits, long events, long visitors) {
    }

    private Counted raw() {
        return total(store.analytics().aggregate(new AggregateQuery("default", RANGE, UTC, List.of(), List.of())));
    }

    private Counted rollup() {
        RollupStore rollups = store.rollups().orElseThrow();
        return total(rollups.aggregate(new AggregateQuery("default", RANGE, UTC,
                List.of(new Dimension.Time(Granularity.DAY), new Dimension.EventType()), List.of())));
    }

    /** The visitors the store's sketches estimate over the range (exact here: a handful of users), where it keeps them. */
    private Optional<Long> sketched() {
        return store.rollups().filter(r -> r.sources().contains(Source.SKETCH)).map(r -> r.visitors(new AggregateQuery(
                "default", RANGE, UTC, List.of(), List.of())).getOrDefault(Group.NONE, Aggregates.ZERO).visitors());
    }

    private Counted exported() {
        List<Event> read = new ArrayList<>();
        store.archive().scan("default", RANGE, 100, read::addAll);
        List<Event> all = new ArrayList<>();
        store.archive().scan(100, all::addAll);
        assertThat(all).as("the whole archive reads the same events").hasSameSizeAs(read);
        long bits = read.stream().mapToLong(e -> ((PropertyValue.Numeric) e.properties().get("revenue")).value().longValueExact()).sum();
        return new Counted(bits, read.size(), read.stream().map(Event::userId).distinct().count());
    }

    private long pageViews() {
        TimeseriesQuery days = new TimeseriesQuery("default", List.of(SeriesMetric.PAGE_VIEWS), RANGE, Granularity.DAY, UTC);
        return store.analytics().aggregate(days.report().aggregation()).values().stream().mapToLong(Aggregates::pageviews).sum();
    }

    /** First-time daily retention of page views, cohorts from 3 days ago on: the cohort sizes by day (days back). */
    private Map<LocalDate, Long> cohorts() {
        RetentionCounts counts = store.analytics().retention(new RetentionQuery("default", EventCriteria.of("page_view"),
                EventCriteria.anyEvent(), RetentionPeriod.DAY, DayOfWeek.MONDAY, CohortMode.FIRST_TIME, 3,
                new TimeRange(at(-3, LocalTime.MIDNIGHT), at(1, LocalTime.MIDNIGHT)), UTC, Optional.empty()));
        Map<LocalDate, Long> sizes = new TreeMap<>();
        counts.cohorts().forEach((day, cohort) -> sizes.put(day, cohort.size()));
        return sizes;
    }

    /** Revenue and events summed over the groups; visitors of an ungrouped answer (zero from a rollup). */
    private static Counted total(Map<Group, Aggregates> groups) {
        long revenue = groups.values().stream().mapToLong(a -> a.revenue().longValueExact()).sum();
        long events = groups.values().stream().mapToLong(Aggregates::events).sum();
        long visitors = groups.values().stream().mapToLong(Aggregates::visitors).sum();
        return new Counted(revenue, events, visitors);
    }

    @Test
    void an_event_on_the_horizon_is_kept_and_one_a_millisecond_before_is_counted_nowhere() {
        // earlier the horizon was 4 days ago: a (on it), c, d, e and c0 are kept; b is not
        Counted kept = new Counted(A + C + D + E + C0, 5, 4);
        assertThat(raw()).isEqualTo(kept);
        assertThat(exported()).isEqualTo(kept);
        assertThat(pageViews()).isEqualTo(5);
        store.rollups().ifPresent(r -> assertThat(rollup()).isEqualTo(new Counted(A + C + D + E + C0, 5, 0)));
        sketched().ifPresent(visitors -> assertThat(visitors).as("ua, uc, ud, ue").isEqualTo(4));
    }

    @Test
    void when_the_horizon_moves_every_answer_stops_counting_the_expired_day_at_once() {
        clock.set(NOW); // the horizon is now 3 days ago: c (on it) and e are kept
        Counted kept = new Counted(C + E, 2, 2);
        assertThat(raw()).isEqualTo(kept);
        assertThat(exported()).isEqualTo(kept);
        assertThat(pageViews()).isEqualTo(2);
        store.rollups().ifPresent(r -> assertThat(rollup()).isEqualTo(new Counted(C + E, 2, 0)));
        sketched().ifPresent(visitors -> assertThat(visitors).as("uc, ue").isEqualTo(2));
    }

    @Test
    void the_first_event_is_the_first_the_horizon_keeps() {
        // earlier the horizon was 4 days ago: a is on it, b a millisecond before
        assertThat(store.analytics().firstEvent("default")).contains(at(-4, LocalTime.MIDNIGHT));
        clock.set(NOW); // now 3 days ago: c is on it, d a millisecond before
        assertThat(store.analytics().firstEvent("default")).contains(at(-3, LocalTime.MIDNIGHT));
    }

    @Test
    void first_time_retention_forgets_history_past_the_horizon() {
        // earlier: user c's first page view was 4 days ago, before the cohorts' range; e's was yesterday
        assertThat(cohorts()).containsExactly(Map.entry(TODAY.minusDays(1), 1L));
        clock.set(NOW); // c's first kept page view is now 3 days ago: c starts a cohort there
        assertThat(cohorts()).containsExactly(Map.entry(TODAY.minusDays(3), 1L), Map.entry(TODAY.minusDays(1), 1L));
    }

    @Test
    void expiry_deletes_what_is_past_the_horizon_and_keeps_the_rest() {
        clock.set(NOW);
        store.expiry().expireBefore(THREE_DAYS.horizon(NOW));
        store.settle().run();
        assertThat(raw()).isEqualTo(new Counted(C + E, 2, 2));

        clock.set(EARLIER); // the horizon back a day: whatever expiry left of the older events shows again
        Instant deletedBefore = THREE_DAYS.horizon(NOW).minus(slack());
        long left = List.of(new long[]{A, at(-4, LocalTime.MIDNIGHT).toEpochMilli()},
                        new long[]{C, at(-3, LocalTime.MIDNIGHT).toEpochMilli()},
                        new long[]{D, at(-3, LocalTime.MIDNIGHT).toEpochMilli() - 1},
                        new long[]{E, at(-1, LocalTime.NOON).toEpochMilli()},
                        new long[]{C0, at(-4, LocalTime.NOON).toEpochMilli()}).stream()
                .filter(e -> e[1] >= deletedBefore.toEpochMilli()).mapToLong(e -> e[0]).sum();
        assertThat(raw().revenueBits()).as("kept events stay, those deleted stay away").isEqualTo(left);
        assertThat(exported().revenueBits()).isEqualTo(left);
        store.rollups().ifPresent(r -> assertThat(rollup().revenueBits()).isEqualTo(left));
        // the sketches of the deleted hours went with them: the users whose latest event is left (a sketch is per UTC hour, and
        // the deletion bound is a UTC midnight)
        long usersLeft = Map.of("ua", at(-4, LocalTime.MIDNIGHT), "uc", at(-3, LocalTime.MIDNIGHT), "ud", at(-3, LocalTime.MIDNIGHT).minusMillis(1),
                        "ue", at(-1, LocalTime.NOON)).values().stream()
                .filter(latest -> !latest.isBefore(deletedBefore)).count();
        sketched().ifPresent(visitors -> assertThat(visitors).isEqualTo(usersLeft));
    }
}
