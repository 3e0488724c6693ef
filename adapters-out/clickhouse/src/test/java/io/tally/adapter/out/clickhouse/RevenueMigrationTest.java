package io.tally.adapter.out.clickhouse;

import io.tally.adapter.out.memory.RevenueEdges;
import io.tally.domain.event.Event;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Group;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration 8 keeps every event, has the view read revenue exactly from then on, and corrects the hours it folded
 * through a double, so the rollup agrees with the raw events to the last digit.
 */
class RevenueMigrationTest {

    private static final AggregateQuery BY_HOUR = new AggregateQuery(RevenueEdges.PROJECT, new TimeRange(RevenueEdges.T0,
            RevenueEdges.T0.plus(Duration.ofHours(2))), ZoneId.of("UTC"), List.of(new Dimension.Time(Granularity.HOUR)), List.of());

    @Test
    void hours_folded_through_a_double_are_corrected_and_later_ones_are_exact() {
        EmbeddedClickHouse engine = ChdbLibrary.shared();
        ChdbLibrary.dropSchema(engine);
        ClickHouseMigrations.apply(engine, ClickHouseMigrations.ALL.subList(0, 7), Duration.ofSeconds(5));
        List<Event> edges = RevenueEdges.events();
        List<Event> before = edges.subList(0, edges.size() - 3);
        engine.insertRowBinary("events", UntypedEventRows.encode(before), EventRows.token(before));
        ClickHouseStores stores = ClickHouseStores.over(engine);
        assertThat(stores.schemaVersion()).isEqualTo(ClickHouseMigrations.ALL.getLast().version());
        assertThat(stores.eventStore().append(edges)).isEqualTo(3); // the rest, through the new view
        Map<Group, BigDecimal> revenue = new HashMap<>();
        stores.rollupStore().aggregate(BY_HOUR).forEach((group, facts) -> revenue.put(group, facts.revenue()));
        assertThat(revenue).containsOnly(
                Map.entry(Group.of(RevenueEdges.T0.toString()), RevenueEdges.FIRST_HOUR.setScale(6)),
                Map.entry(Group.of(RevenueEdges.T0.plus(Duration.ofHours(1)).toString()), RevenueEdges.SECOND_HOUR.setScale(6)));
        assertThat(stores.analyticsEngine().aggregate(BY_HOUR).values().stream().mapToLong(a -> a.events()).sum())
                .isEqualTo(edges.size());
    }
}
