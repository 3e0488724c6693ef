package io.tally.adapter.out.duckdb;

import io.tally.adapter.out.memory.AgreementCases;
import io.tally.adapter.out.memory.MemoryStore;
import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import io.tally.domain.query.SeriesMetric;
import io.tally.domain.query.Timeseries;
import io.tally.domain.query.TimeseriesQuery;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** DuckDB must give the reference engine's time series (the report of {@code TimeseriesQuery.report()}) to the last digit. */
class TimeseriesAgreementTest {

    private static final Instant END = AgreementCases.END;
    private static MemoryStore reference;
    private static DuckDbStores duck;

    @BeforeAll
    static void load(@TempDir Path dir) {
        List<Event> events = AgreementCases.events();
        reference = MemoryStore.of(events);
        duck = DuckDbStores.open(DuckDbConfig.at(dir.resolve("agreement.duckdb")));
        duck.eventStore().append(events);
    }

    @AfterAll
    static void close() {
        duck.close();
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("io.tally.adapter.out.memory.AgreementCases#timeseriesCases")
    void duckdb_agrees_with_the_reference(Granularity granularity, String zone, TimeRange range) {
        TimeseriesQuery query = new TimeseriesQuery("default", List.of(SeriesMetric.values()), range, granularity,
                ZoneId.of(zone));
        Timeseries expected = Timeseries.assemble(query, reference.aggregate(query.report().aggregation()));
        Timeseries actual = Timeseries.assemble(query, duck.analyticsEngine().aggregate(query.report().aggregation()));
        assertThat(actual).isEqualTo(expected);
        assertThat(expected.rows().stream().mapToLong(r -> r.values().getFirst().longValue()).sum())
                .as("the case must count something to prove anything").isPositive();
    }

    @Test
    void another_project_sees_nothing() {
        TimeseriesQuery query = new TimeseriesQuery("other", List.of(SeriesMetric.values()),
                new TimeRange(END.minus(Duration.ofDays(50)), END), Granularity.DAY, ZoneId.of("UTC"));
        assertThat(duck.analyticsEngine().aggregate(query.report().aggregation())).isEmpty();
    }

    /** A hand-worked example: the numbers below are counted by hand, not by any engine. */
    @Test
    void hand_worked_hours(@TempDir Path dir) {
        Instant h10 = Instant.parse("2026-11-28T10:00:00Z");
        List<Event> events = List.of(
                event("1", "s1", "page_view", h10.plusSeconds(60)),
                event("2", "s1", "page_view", h10.plusSeconds(120)),
                event("3", "s1", "conversion", h10.plusSeconds(3_660)),   // 11:01, s1 lasts 3600 s
                event("4", "s2", "page_view", h10.plusSeconds(600)),       // s2: one event, 0 s
                event("5", "s3", "page_view", h10.plusSeconds(7_300)),     // 12:01:40
                event("6", "s3", "sign_up", h10.plusSeconds(7_330)),       // s3 lasts 30 s
                event("7", "s4", "page_view", h10.minusSeconds(10)));      // before the range
        try (DuckDbStores stores = DuckDbStores.open(DuckDbConfig.at(dir.resolve("hand.duckdb")))) {
            stores.eventStore().append(events);
            TimeseriesQuery query = new TimeseriesQuery("default", List.of(SeriesMetric.values()),
                    new TimeRange(h10, h10.plusSeconds(4 * 3600)), Granularity.HOUR, ZoneId.of("UTC"));
            List<List<Number>> expected = List.of(
                    List.of(3L, 0L, 1800.0),  // 10:00: s1 and s2 start here: (3600 + 0) / 2
                    List.of(0L, 1L, 0.0),     // 11:00
                    List.of(1L, 0L, 30.0),    // 12:00: s3
                    List.of(0L, 0L, 0.0));    // 13:00: empty
            for (var engine : List.of(MemoryStore.of(events), stores.analyticsEngine())) {
                assertThat(Timeseries.assemble(query, engine.aggregate(query.report().aggregation())).rows())
                        .extracting(Timeseries.Row::values).containsExactlyElementsOf(expected);
            }
        }
    }

    private static Event event(String id, String session, String type, Instant at) {
        return new Event(id, "default", "u-" + session, session, type, at, Map.of("path", PropertyValue.of("/")),
                "", "", at);
    }
}
