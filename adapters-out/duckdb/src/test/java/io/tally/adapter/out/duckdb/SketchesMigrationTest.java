package io.tally.adapter.out.duckdb;

import io.tally.adapter.out.memory.AgreementCases;
import io.tally.adapter.out.memory.MemoryStore;
import io.tally.adapter.out.memory.SessionsContract;
import io.tally.adapter.out.memory.VisitorSketchesContract;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.RollupStore;
import io.tally.domain.event.Event;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Group;
import io.tally.domain.time.Granularity;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The visitor sketches' migrations on a file one version older holding nine tenths of the contract's events: migration 8
 * builds one sketch per stored (project, hour, event type), migration 12 one per (project, UTC day, event type) from
 * those, whose estimates then equal the exact visitors of those events, by Berlin days (read from hours) and by UTC days
 * (read from days); every event then arrives as traffic does (the stored ones again, the rest new) and the sketches
 * contract holds.
 */
class SketchesMigrationTest extends VisitorSketchesContract {

    private static final AggregateQuery BY_DAY_AND_TYPE = new AggregateQuery("default", AgreementCases.ALL, ZoneId.of("Europe/Berlin"),
            List.of(new Dimension.Time(Granularity.DAY), new Dimension.EventType()), List.of()).withTotals();
    private static final AggregateQuery BY_UTC_DAY = new AggregateQuery("default", AgreementCases.ALL, ZoneOffset.UTC,
            List.of(new Dimension.Time(Granularity.DAY)), List.of()).withTotals();

    private static DuckDbStores duck;
    private static List<List<String>> afterMigration;
    private static Map<Group, List<Long>> estimatedAfterMigration;
    private static Map<Group, List<Long>> exactOfStored;
    private static Map<Group, List<Long>> estimatedByUtcDay;
    private static Map<Group, List<Long>> exactByUtcDay;

    @BeforeAll
    static void migrate(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("before-sketches.duckdb");
        List<Event> events = AgreementCases.events();
        List<Event> stored = events.subList(0, events.size() * 9 / 10);
        Version4File.write(file, stored, "none");
        List<Migrations.Migration> older = Migrations.ALL.stream().filter(m -> m.version() < VisitorSketchTable.MIGRATION).toList();
        try (DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file)) {
            assertThat(Migrations.apply(connection, older)).isEqualTo(VisitorSketchTable.MIGRATION - 1);
        }
        duck = DuckDbStores.open(DuckDbConfig.at(file));
        afterMigration = duck.rawQuery("""
                SELECT count(*) FILTER (WHERE hours = 1), (SELECT count(DISTINCT (project_id, date_trunc('hour', ts), event_type)) FROM events),
                       count(*) FILTER (WHERE hours = 24), (SELECT count(DISTINCT (project_id, date_trunc('day', ts), event_type)) FROM events),
                       count(*) FILTER (WHERE hours = 24 AND hour <> date_trunc('day', hour))
                FROM visitor_sketches""");
        estimatedAfterMigration = visitorFacts(duck.rollupStore().visitors(BY_DAY_AND_TYPE));
        exactOfStored = visitorFacts(MemoryStore.of(stored).aggregate(BY_DAY_AND_TYPE));
        estimatedByUtcDay = visitorFacts(duck.rollupStore().visitors(BY_UTC_DAY));
        exactByUtcDay = visitorFacts(MemoryStore.of(stored).aggregate(BY_UTC_DAY));
        SessionsContract.loadAsTrafficArrives(duck.eventStore(), duck.rollupStore(), events);
    }

    private static Map<Group, List<Long>> visitorFacts(Map<Group, Aggregates> answer) {
        Map<Group, List<Long>> facts = new HashMap<>();
        answer.forEach((group, a) -> facts.put(group, List.of(a.visitors(), a.convertedVisitors())));
        return facts;
    }

    @AfterAll
    static void close() {
        duck.close();
    }

    @Override
    protected RollupStore rollups() {
        return duck.rollupStore();
    }

    @Override
    protected AnalyticsEngine engine() {
        return duck.analyticsEngine();
    }

    @Test
    void the_migrations_sketch_every_stored_hour_and_day_of_each_type_once() {
        assertThat(duck.schemaVersion()).isEqualTo(Migrations.ALL.getLast().version());
        assertThat(afterMigration).hasSize(1);
        List<String> counts = afterMigration.getFirst();
        assertThat(counts.get(0)).as("hours").isEqualTo(counts.get(1)).isNotEqualTo("0");
        assertThat(counts.get(2)).as("days").isEqualTo(counts.get(3)).isNotEqualTo("0");
        assertThat(counts.get(4)).as("days starting off midnight").isEqualTo("0");
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
        return Optional.of(new HashSet<>(duck.rawQuery(DuckDbVisitorSketchesContractTest.KEPT_SKETCH_KEYS)));
    }
}
