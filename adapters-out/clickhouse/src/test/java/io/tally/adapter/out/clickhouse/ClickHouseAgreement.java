package io.tally.adapter.out.clickhouse;

import io.tally.adapter.out.memory.AgreementCases;
import io.tally.adapter.out.memory.AnalyticsEngineContract;
import io.tally.adapter.out.memory.HostileValues;
import io.tally.adapter.out.memory.MemoryStore;
import io.tally.adapter.out.memory.RevenueEdges;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.domain.event.Event;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Group;
import io.tally.domain.query.SeriesMetric;
import io.tally.domain.query.Timeseries;
import io.tally.domain.query.TimeseriesQuery;
import io.tally.domain.sample.TrafficGenerator;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ClickHouse must give the reference engine's answers to the last digit, on the same generated data set and the
 * same cases as the DuckDB agreement tests: time series here, and every report, funnel, retention and paths case of
 * the {@link AnalyticsEngineContract}. One subclass a transport: the engine embedded, and a server over HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClickHouseAgreement extends AnalyticsEngineContract {

    private static final Instant END = AgreementCases.END;
    private List<Event> loaded;
    private MemoryStore reference;
    private ClickHouseStores clickhouse;

    /** Stores with an empty schema, over the transport under test. */
    protected abstract ClickHouseStores open();

    @BeforeAll
    void load() {
        loaded = events();
        reference = MemoryStore.of(loaded);
        clickhouse = open();
        for (int i = 0; i < loaded.size(); i += 10_000) {
            clickhouse.eventStore().append(loaded.subList(i, Math.min(loaded.size(), i + 10_000)));
        }
    }

    @Override
    protected AnalyticsEngine engine() {
        return clickhouse.analyticsEngine();
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("io.tally.adapter.out.memory.AgreementCases#timeseriesCases")
    void clickhouse_agrees_with_the_reference(Granularity granularity, String zone, TimeRange range) {
        TimeseriesQuery query = new TimeseriesQuery("default", List.of(SeriesMetric.values()), range, granularity,
                ZoneId.of(zone));
        Timeseries expected = Timeseries.assemble(query, reference.aggregate(query.report().aggregation()));
        assertThat(Timeseries.assemble(query, clickhouse.analyticsEngine().aggregate(query.report().aggregation())))
                .isEqualTo(expected);
        assertThat(expected.rows().stream().mapToLong(r -> r.values().getFirst().longValue()).sum()).isPositive();
    }

    @Test
    void the_materialized_view_rollup_answers_like_raw_events() {
        for (AggregateQuery query : AgreementCases.rollupCases()) {
            Map<Group, List<Object>> raw = additive(clickhouse.analyticsEngine().aggregate(query));
            assertThat(raw).as("a case must count something").isNotEmpty();
            assertThat(additive(clickhouse.rollupStore().aggregate(query))).as(query.toString()).isEqualTo(raw);
        }
    }

    @Test
    void the_rollup_compares_hostile_event_types_exactly() {
        HostileValues.rollupCases().forEach((query, expected) -> {
            Map<Group, List<Object>> raw = additive(clickhouse.analyticsEngine().aggregate(query));
            assertThat(raw.values().stream().mapToLong(facts -> (Long) facts.getFirst()).sum()).as(query.toString())
                    .isEqualTo(expected);
            assertThat(additive(clickhouse.rollupStore().aggregate(query))).as(query.toString()).isEqualTo(raw);
        });
    }

    /** The view sums revenue as the raw events do: exact at the edges, nothing for values outside the range. */
    @Test
    void the_rollup_sums_revenue_edges_exactly() {
        AggregateQuery byHour = new AggregateQuery(RevenueEdges.PROJECT, new TimeRange(
                RevenueEdges.T0, RevenueEdges.T0.plus(Duration.ofHours(2))),
                ZoneId.of("UTC"), List.of(new Dimension.Time(Granularity.HOUR)), List.of());
        Map<Group, BigDecimal> revenue = new HashMap<>();
        clickhouse.rollupStore().aggregate(byHour).forEach((group, facts) -> revenue.put(group, facts.revenue()));
        assertThat(revenue).containsOnly(
                Map.entry(Group.of(RevenueEdges.T0.toString()),
                        RevenueEdges.FIRST_HOUR.setScale(6)),
                Map.entry(Group.of(RevenueEdges.T0.plus(Duration.ofHours(1)).toString()),
                        RevenueEdges.SECOND_HOUR.setScale(6)));
    }

    /** Ids with quotes, backslashes and control characters are found by the re-send check, so stored once. */
    @Test
    void re_sending_events_with_hostile_ids_stores_nothing() {
        assertThat(clickhouse.eventStore().append(HostileValues.events())).isZero();
    }

    protected ClickHouseStores stores() {
        return clickhouse;
    }

    /**
     * A block inserted again with the same token (a retry after a lost answer) is dropped, rollup and sessions included; the
     * same block under another token is stored again, so it is the token that did it.
     */
    @Test
    void a_retried_block_with_the_same_token_is_stored_once() {
        List<Event> block = TrafficGenerator.list(new TrafficGenerator.Settings(
                300, 5, 7, END.minus(Duration.ofDays(3)), "token-probe"));
        byte[] rows = EventRows.encode(block);
        String token = EventRows.token(block);
        clickhouse.transport().insertRowBinary("events", rows, token);
        clickhouse.transport().insertRowBinary("events", rows, token);
        String counts = """
                SELECT (SELECT count() FROM events WHERE project_id = {p:String}),
                       (SELECT sumMerge(events) FROM rollup_hourly WHERE project_id = {p:String}),
                       (SELECT sum(events) FROM session_fragments WHERE project_id = {p:String})""";
        assertThat(clickhouse.transport().query(counts, "TSV", Map.of("p", "token-probe")).strip())
                .isEqualTo(block.size() + "\t" + block.size() + "\t" + block.size());
        clickhouse.transport().insertRowBinary("events", rows, EventRows.token(block.subList(1, block.size())));
        assertThat(clickhouse.transport().query(counts, "TSV", Map.of("p", "token-probe")).strip())
                .isEqualTo(2 * block.size() + "\t" + 2 * block.size() + "\t" + 2 * block.size());
    }

    private static Map<Group, List<Object>> additive(Map<Group, Aggregates> answer) {
        Map<Group, List<Object>> facts = new HashMap<>();
        answer.forEach((group, a) -> facts.put(group, List.of(a.events(), a.pageviews(), a.conversions(), a.revenue())));
        return facts;
    }

    /** The figure is reported, not asserted beyond sanity: the 10:1 goal is measured by the benchmark on 10M events. */
    @Test
    void reports_the_compression_of_the_stored_events() {
        clickhouse.optimizeEvents();
        long[] bytes = clickhouse.eventBytes();
        double ratio = (double) bytes[0] / bytes[1];
        System.out.printf("ClickHouse events: %d rows, %d bytes uncompressed, %d compressed, ratio %.1f:1%n",
                loaded.size(), bytes[0], bytes[1], ratio);
        System.out.print("by column (name, uncompressed, compressed):\n" + clickhouse.eventColumnBytes());
        assertThat(bytes[1]).isPositive().isLessThan(bytes[0]);
    }

    @Test
    void re_sending_stored_events_stores_nothing_and_changes_no_count() {
        assertThat(clickhouse.eventStore().append(loaded.subList(0, 5_000))).isZero();
        TimeseriesQuery query = new TimeseriesQuery("default", List.of(SeriesMetric.values()),
                new TimeRange(END.minus(Duration.ofDays(50)), END), Granularity.MONTH, ZoneId.of("UTC"));
        assertThat(Timeseries.assemble(query, clickhouse.analyticsEngine().aggregate(query.report().aggregation())))
                .isEqualTo(Timeseries.assemble(query, reference.aggregate(query.report().aggregation())));
    }
}
