package io.tally.adapter.out.clickhouse;

import io.tally.adapter.out.memory.HostileValues;
import io.tally.adapter.out.memory.MemoryStore;
import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration 10 cuts the promoted text pairs out of the stored JSON text without touching anything else: hostile text
 * under promoted keys (quotes, backslashes, commas and braces that look like JSON), numbers and flags under promoted
 * keys, numbers no double holds, and keys that only resemble promoted ones all come back exactly, and group as the
 * reference groups them. Properties ClickHouse cannot parse keep every pair, so nothing of them is lost either.
 */
class TypedEventsMigrationTest {

    private static final Instant T0 = Instant.parse("2026-10-05T09:00:00Z");
    private static final String PROJECT = "cut";
    /** Events whose JSON ClickHouse cannot parse: before and after, queries read their properties as absent. */
    private static final String HUGE = "cut-huge";

    private static List<Event> events() {
        List<String> tricky = new ArrayList<>(HostileValues.VALUES);
        tricky.addAll(List.of("", "x\",\"path\":\"y", "\\\",\"country\":\"DE", "}", "{", ",", "\"path\":1}", "a\\"));
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < tricky.size(); i++) {
            Map<String, PropertyValue> properties = new LinkedHashMap<>();
            properties.put("path", PropertyValue.of(tricky.get(i)));
            properties.put("plan", PropertyValue.of(tricky.get(tricky.size() - 1 - i)));
            properties.put("referrer", PropertyValue.of(tricky.get((i + 3) % tricky.size())));
            properties.put("Path", PropertyValue.of("not promoted"));
            properties.put("path ", PropertyValue.of("nor this"));
            properties.put("big", PropertyValue.of(new BigDecimal("123456789012345678901234567890.000000000000000000001")));
            switch (i % 3) {
                case 0 -> properties.put("country", PropertyValue.of(new BigDecimal("12.50")));
                case 1 -> properties.put("country", PropertyValue.of(true));
                default -> properties.put("country", PropertyValue.of(tricky.get(i)));
            }
            if (i % 4 == 0) {
                // stored before ingest bounded numbers: ClickHouse's JSON functions cannot parse such properties
                properties.put("city", PropertyValue.of(new BigDecimal("1e1000")));
            }
            properties.put("os", PropertyValue.of(new BigDecimal("-0.000000000000001")));
            Instant at = T0.plus(Duration.ofMinutes(i));
            events.add(new Event("cut-" + i, i % 4 == 0 ? HUGE : PROJECT, "u-" + (i % 5), "s-" + (i % 7), "view", at, properties, "ua", "203.0.113.1", at));
        }
        return events;
    }

    @Test
    void promoted_text_is_cut_out_and_everything_comes_back_exactly() {
        EmbeddedClickHouse engine = ChdbLibrary.shared();
        ChdbLibrary.dropSchema(engine);
        ClickHouseMigrations.apply(engine, ClickHouseMigrations.ALL.subList(0, 9), Duration.ofSeconds(5));
        List<Event> events = events();
        engine.insertRowBinary("events", UntypedEventRows.encode(events), EventRows.token(events));
        ClickHouseStores stores = ClickHouseStores.over(engine);

        assertThat(engine.query("SELECT countIf(position(properties, '\"path\":') > 0), countIf(position(properties, '\"plan\":') > 0) "
                + "FROM events WHERE project_id = 'cut'", "TSV").strip()).as("path gone from the JSON, plan kept")
                .isEqualTo("0\t" + events.stream().filter(e -> e.projectId().equals(PROJECT)).count());
        List<Event> read = new ArrayList<>();
        stores.eventArchive().scan(100, read::addAll);
        read.sort(Comparator.comparing(Event::timestamp));
        assertThat(read).hasSameSizeAs(events);
        for (int i = 0; i < events.size(); i++) {
            Event expected = events.get(i);
            Event actual = read.get(i);
            assertThat(actual.eventId()).isEqualTo(expected.eventId());
            assertThat(actual.properties().keySet()).as(expected.eventId()).isEqualTo(expected.properties().keySet());
            expected.properties().forEach((key, value) -> {
                PropertyValue back = actual.properties().get(key);
                if (value instanceof PropertyValue.Numeric number) {
                    assertThat(((PropertyValue.Numeric) back).value()).as(key).isEqualByComparingTo(number.value());
                } else {
                    assertThat(back).as(expected.eventId() + " " + key).isEqualTo(value);
                }
            });
        }

        MemoryStore reference = MemoryStore.of(events.stream().filter(e -> e.projectId().equals(PROJECT)).toList());
        TimeRange day = new TimeRange(T0, T0.plus(Duration.ofDays(1)));
        for (Dimension dimension : List.of(new Dimension.Property("path"), new Dimension.Property("country"),
                new Dimension.Property("os"), new Dimension.Property("referrer"))) {
            AggregateQuery query = new AggregateQuery(PROJECT, day, ZoneId.of("UTC"), List.of(dimension), List.of());
            assertThat(stores.analyticsEngine().aggregate(query)).as(dimension.label()).isEqualTo(reference.aggregate(query));
        }
        AggregateQuery gt = new AggregateQuery(PROJECT, day, ZoneId.of("UTC"), List.of(),
                List.of(new Filter.Match(FilterOp.GT, new Dimension.Property("country"), List.of("12"))));
        assertThat(stores.analyticsEngine().aggregate(gt)).as("a number under a promoted key still compares")
                .isEqualTo(reference.aggregate(gt)).isNotEmpty();
    }
}
