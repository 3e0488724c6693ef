package io.tally.adapter.out.clickhouse;

import io.tally.adapter.out.memory.AgreementCases;
import io.tally.adapter.out.memory.MemoryStore;
import io.tally.adapter.out.memory.SessionsContract;
import io.tally.adapter.out.memory.VisitorSketchesContract;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.RollupStore;
import io.tally.domain.event.Event;
import io.tally.domain.event.EventColumns;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Group;
import io.tally.domain.time.Granularity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The visitor sketches' migrations build them from what is already stored: a database one version older holding nine
 * tenths of the contract's events is migrated, migration 13 sketching its hours and migration 17 its UTC days from those
 * (its estimates then equal those events' exact visitors, by Berlin days read from hours and by UTC days read from
 * days), then every event arrives as traffic does and the sketches contract holds.
 */
class MigratedClickHouseSketchesContractTest extends VisitorSketchesContract {

    private static final AggregateQuery BY_DAY_AND_TYPE = new AggregateQuery("default", AgreementCases.ALL, ZoneId.of("Europe/Berlin"),
            List.of(new Dimension.Time(Granularity.DAY), new Dimension.EventType()), List.of()).withTotals();
    private static final AggregateQuery BY_UTC_DAY = new AggregateQuery("default", AgreementCases.ALL, ZoneOffset.UTC,
            List.of(new Dimension.Time(Granularity.DAY)), List.of()).withTotals();

    private static ClickHouseStores stores;
    private static String sketchRowsAndKeys;
    private static Map<Group, List<Long>> estimatedAfterMigration;
    private static Map<Group, List<Long>> exactOfStored;
    private static Map<Group, List<Long>> estimatedByUtcDay;
    private static Map<Group, List<Long>> exactByUtcDay;

    @BeforeAll
    static void load() {
        EmbeddedClickHouse engine = ChdbLibrary.shared();
        ChdbLibrary.dropSchema(engine);
        List<ClickHouseMigrations.Migration> older = ClickHouseMigrations.ALL.stream()
                .filter(m -> m.version() < ClickHouseVisitorSketches.MIGRATION).toList();
        assertThat(ClickHouseMigrations.apply(engine, older, Duration.ofSeconds(5))).isEqualTo(ClickHouseVisitorSketches.MIGRATION - 1);
        List<Event> events = AgreementCases.events();
        List<Event> stored = events.subList(0, events.size() * 9 / 10);
        for (int from = 0; from < stored.size(); from += 20_000) {
            List<Event> block = stored.subList(from, Math.min(stored.size(), from + 20_000));
            engine.insertRowBinary("events", EventRows.encodeColumns(block.stream().map(EventColumns::of).toList()), EventRows.token(block));
        }
        stores = ClickHouseStores.over(engine);
        sketchRowsAndKeys = stores.transport().query("""
                SELECT (SELECT count() FROM visitor_sketches WHERE hours = 1),
                       (SELECT uniqExact(project_id, toStartOfHour(ts), event_type) FROM events),
                       (SELECT count() FROM visitor_sketches WHERE hours = 24 AND hour = toStartOfDay(hour)),
                       (SELECT uniqExact(project_id, toStartOfDay(ts), event_type) FROM events)""", "TSV").strip();
        estimatedAfterMigration = visitorFacts(stores.rollupStore().visitors(BY_DAY_AND_TYPE));
        exactOfStored = visitorFacts(MemoryStore.of(stored).aggregate(BY_DAY_AND_TYPE));
        estimatedByUtcDay = visitorFacts(stores.rollupStore().visitors(BY_UTC_DAY));
        exactByUtcDay = visitorFacts(MemoryStore.of(stored).aggregate(BY_UTC_DAY));
        SessionsContract.loadAsTrafficArrives(stores.eventStore(), stores.rollupStore(), events);
    }

    private static Map<Group, List<Long>> visitorFacts(Map<Group, Aggregates> answer) {
        Map<Group, List<Long>> facts = new HashMap<>();
        answer.forEach((group, a) -> facts.put(group, List.of(a.visitors(), a.convertedVisitors())));
        return facts;
    }

    @Override
    protected RollupStore rollups() {
        return stores.rollupStore();
    }

    @Override
    protected AnalyticsEngine engine() {
        return stores.analyticsEngine();
    }

    @Test
    void the_migrations_sketch_every_stored_hour_and_day_of_each_type_once() {
        assertThat(stores.schemaVersion()).isEqualTo(ClickHouseMigrations.ALL.getLast().version());
        assertThat(sketchRowsAndKeys).matches("([1-9]\\d*)\t\\1\t([1-9]\\d*)\t\\2");
    }

    @Test
    void right_after_the_migration_approximate_visitors_equal_the_stored_events_exact_ones() {
        assertThat(exactOfStored).isNotEmpty();
        assertThat(estimatedAfterMigration).isEqualTo(exactOfStored);
        assertThat(exactByUtcDay).hasSizeGreaterThan(2);
        assertThat(estimatedByUtcDay).isEqualTo(exactByUtcDay);
    }

    @Override
    protected Optional<Set<List<String>>> keptSketchKeys() {
        return Optional.of(ClickHouseSketchKeys.of(stores.transport()));
    }
}
