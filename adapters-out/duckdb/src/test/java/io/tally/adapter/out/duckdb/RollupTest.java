package io.tally.adapter.out.duckdb;

import io.tally.adapter.out.memory.AgreementCases;
import io.tally.adapter.out.memory.HostileValues;
import io.tally.adapter.out.memory.RevenueEdges;
import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Group;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rollup answers with raw events' numbers before, between and after refreshes, late events included. */
class RollupTest {

    private static DuckDbStores duck;
    private static List<Event> events;

    @BeforeAll
    static void load(@TempDir Path dir) {
        duck = DuckDbStores.open(DuckDbConfig.at(dir.resolve("rollup.duckdb")));
        events = AgreementCases.events();
    }

    @AfterAll
    static void close() {
        duck.close();
    }

    private static List<AggregateQuery> queries() {
        return AgreementCases.rollupCases();
    }

    /** The facts the rollup holds, from an answer of either source. */
    private static Map<Group, List<Object>> additive(Map<Group, Aggregates> answer) {
        Map<Group, List<Object>> facts = new HashMap<>();
        answer.forEach((group, a) -> facts.put(group, List.of(a.events(), a.pageviews(), a.conversions(), a.revenue())));
        return facts;
    }

    private static void assertRollupEqualsRaw() {
        for (AggregateQuery query : queries()) {
            Map<Group, List<Object>> raw = additive(duck.analyticsEngine().aggregate(query));
            assertThat(raw).as("a case must count something").isNotEmpty();
            assertThat(additive(duck.rollupStore().aggregate(query))).as(query.toString()).isEqualTo(raw);
        }
    }

    @Test
    void answers_like_raw_events_whatever_was_folded_in() {
        int third = events.size() / 3;
        duck.eventStore().append(events.subList(0, third));
        assertRollupEqualsRaw();                                                  // nothing folded yet: all raw
        assertThat(duck.rollupStore().refresh()).isEqualTo(third);
        assertThat(duck.rollupStore().refresh()).isZero();
        duck.eventStore().append(events.subList(third, 2 * third));
        assertRollupEqualsRaw();                                                  // rollup plus newer raw events
        duck.eventStore().append(events.subList(0, third));                      // a re-sent batch changes nothing
        assertThat(duck.rollupStore().refresh()).isEqualTo(third);
        duck.eventStore().append(events.subList(2 * third, events.size()));
        assertRollupEqualsRaw();

        Event late = new Event("late-1", "default", "u-late", "s-late", "purchase", Instant.parse("2026-09-20T10:15:00Z"),
                Map.of("revenue", PropertyValue.of(new BigDecimal("12.345"))), "", "", Instant.now());
        duck.eventStore().append(List.of(late));                                 // an old hour, after it was folded
        assertThat(duck.rollupStore().refresh()).isEqualTo(events.size() - 2 * third + 1);
        assertRollupEqualsRaw();
    }

    /** A revenue outside the range, stored before ingest refused it, once stopped every refresh of every project. */
    @Test
    void folds_revenue_edges_exactly_and_values_outside_the_range_as_nothing(@TempDir Path dir) {
        try (DuckDbStores store = DuckDbStores.open(DuckDbConfig.at(dir.resolve("revenue.duckdb")))) {
            List<Event> edges = RevenueEdges.events();
            store.eventStore().append(edges);
            assertThat(store.rollupStore().refresh()).isEqualTo(edges.size());
            AggregateQuery byHour = new AggregateQuery(RevenueEdges.PROJECT, new TimeRange(RevenueEdges.T0,
                    RevenueEdges.T0.plusSeconds(7200)), ZoneId.of("UTC"),
                    List.of(new Dimension.Time(Granularity.HOUR)), List.of());
            Map<Group, BigDecimal> revenue = new HashMap<>();
            store.rollupStore().aggregate(byHour).forEach((group, facts) -> revenue.put(group, facts.revenue()));
            assertThat(revenue).containsOnly(
                    Map.entry(Group.of(RevenueEdges.T0.toString()), RevenueEdges.FIRST_HOUR.setScale(6)),
                    Map.entry(Group.of(RevenueEdges.T0.plusSeconds(3600).toString()), RevenueEdges.SECOND_HOUR.setScale(6)));
        }
    }

    @Test
    void compares_hostile_event_types_exactly(@TempDir Path dir) {
        try (DuckDbStores store = DuckDbStores.open(DuckDbConfig.at(dir.resolve("values.duckdb")))) {
            List<Event> hostile = HostileValues.events();
            store.eventStore().append(hostile.subList(0, hostile.size() / 2));
            store.rollupStore().refresh();
            store.eventStore().append(hostile.subList(hostile.size() / 2, hostile.size())); // half folded, half raw
            HostileValues.rollupCases().forEach((query, expected) -> {
                Map<Group, List<Object>> raw = additive(store.analyticsEngine().aggregate(query));
                assertThat(raw.values().stream().mapToLong(facts -> (Long) facts.getFirst()).sum()).as(query.toString())
                        .isEqualTo(expected);
                assertThat(additive(store.rollupStore().aggregate(query))).as(query.toString()).isEqualTo(raw);
            });
        }
    }
}
