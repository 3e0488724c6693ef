package io.tally.adapter.out.clickhouse;

import io.tally.application.port.out.EventArchive;
import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration 10 (typed events) loses nothing: a version-9 database holding the contract's events (hostile values,
 * revenue and number edges among them) is migrated, then answers every agreement case as the reference does, its
 * rollup agrees with the raw events, and its archive gives back every event exactly.
 */
class MigratedClickHouseAgreementTest extends ClickHouseAgreement {

    /** Its subject is not the query: a sample of the agreement cases (the embedded suite runs them all). */
    @Override
    protected int caseSample() {
        return 3;
    }


    @Override
    protected ClickHouseStores open() {
        EmbeddedClickHouse engine = ChdbLibrary.shared();
        ChdbLibrary.dropSchema(engine);
        ClickHouseMigrations.apply(engine, ClickHouseMigrations.ALL.subList(0, 9), Duration.ofSeconds(5));
        List<Event> events = events();
        for (int i = 0; i < events.size(); i += 10_000) {
            List<Event> block = events.subList(i, Math.min(events.size(), i + 10_000));
            engine.insertRowBinary("events", UntypedEventRows.encode(block), EventRows.token(block));
        }
        ClickHouseStores stores = ClickHouseStores.over(engine);
        assertThat(stores.schemaVersion()).isEqualTo(ClickHouseMigrations.ALL.getLast().version());
        return stores;
    }

    @Test
    void the_archive_gives_back_every_event_exactly() {
        EventArchive archive = stores().eventArchive();
        Set<String> projects = events().stream().map(Event::projectId).collect(Collectors.toSet());
        List<Event> read = new ArrayList<>();
        archive.scan(7_000, batch -> batch.stream().filter(e -> projects.contains(e.projectId())).forEach(read::add));
        assertThat(read).hasSize(events().size()); // other tests of the class may store events of their own projects
        Set<Event> missing = new HashSet<>(events().stream().map(MigratedClickHouseAgreementTest::byValue).toList());
        read.stream().map(MigratedClickHouseAgreementTest::byValue).forEach(missing::remove);
        assertThat(missing).as("stored events not given back as they were").isEmpty();
        assertThat(new HashSet<>(read)).hasSize(read.size());
    }

    @Test
    void the_old_table_is_gone_and_the_ids_are_hashed_without_collisions() {
        ClickHouseTransport engine = stores().transport();
        assertThat(engine.query("SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 'events_v10'",
                "TSV").strip()).isEqualTo("0");
        assertThat(engine.query("SELECT count() FROM hash_collisions", "TSV").strip()).isEqualTo("0");
        assertThat(engine.query("SELECT uniqExact(project_id, kind, id) = count() FROM id_hashes FINAL", "TSV").strip()).isEqualTo("1");
        assertThat(engine.query("SELECT count() FROM events WHERE user_h != " + TypedEventsMigration.hash("user_id"), "TSV").strip())
                .isEqualTo("0");
    }

    /**
     * The event with its numbers in one spelling: properties are stored as plain JSON text, so 1E+14 comes back as
     * 100000000000000, the same number (as it did before the migration).
     */
    private static Event byValue(Event event) {
        Map<String, PropertyValue> properties = new HashMap<>();
        event.properties().forEach((key, value) -> properties.put(key, value instanceof PropertyValue.Numeric number
                ? PropertyValue.of(number.value().stripTrailingZeros()) : value));
        return new Event(event.eventId(), event.projectId(), event.userId(), event.sessionId(), event.eventType(),
                event.timestamp(), properties, event.userAgent(), event.ipAddress(), event.receivedAt());
    }
}
