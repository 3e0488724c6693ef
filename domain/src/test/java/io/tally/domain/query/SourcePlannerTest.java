package io.tally.domain.query;

import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import io.tally.domain.validation.Validated;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SourcePlannerTest {

    private static final TimeRange OCTOBER = new TimeRange(Instant.parse("2026-09-30T22:00:00Z"), Instant.parse("2026-10-31T23:00:00Z"));

    private static ReportQuery query(List<Metric> metrics, List<Dimension> dimensions, List<Filter> filters, TimeRange range,
                                     String zone) {
        return new ReportQuery("p", metrics.stream().<MetricRef>map(MetricRef.Builtin::new).toList(), dimensions, filters,
                range, ZoneId.of(zone), Optional.empty(), List.of(), 100);
    }

    @Test
    void additive_metrics_by_time_and_type_in_whole_hour_zones_use_the_rollup() {
        assertThat(SourcePlanner.whyNotRollup(query(List.of(Metric.EVENTS, Metric.REVENUE, Metric.PAGEVIEWS, Metric.CONVERSIONS),
                List.of(new Dimension.Time(Granularity.DAY), new Dimension.EventType()),
                List.of(new Filter.Match(FilterOp.IS, new Dimension.EventType(), List.of("purchase"))), OCTOBER,
                "Europe/Berlin"))).isEmpty();
    }

    @Test
    void everything_else_reads_raw_events_and_says_why() {
        List<Dimension> byDay = List.of(new Dimension.Time(Granularity.DAY));
        assertThat(SourcePlanner.whyNotRollup(query(List.of(Metric.VISITORS), byDay, List.of(), OCTOBER, "UTC"))).isPresent();
        assertThat(SourcePlanner.whyNotRollup(query(List.of(Metric.EVENTS), List.of(new Dimension.Property("country")),
                List.of(), OCTOBER, "UTC"))).isPresent();
        assertThat(SourcePlanner.whyNotRollup(query(List.of(Metric.EVENTS), List.of(new Dimension.Time(Granularity.MINUTE)),
                List.of(), OCTOBER, "UTC"))).isPresent();
        assertThat(SourcePlanner.whyNotRollup(query(List.of(Metric.EVENTS), byDay,
                List.of(new Filter.Match(FilterOp.IS, new Dimension.Property("plan"), List.of("free"))), OCTOBER, "UTC"))).isPresent();
        assertThat(SourcePlanner.whyNotRollup(query(List.of(Metric.EVENTS), byDay, List.of(),
                new TimeRange(Instant.parse("2026-10-01T00:30:00Z"), Instant.parse("2026-10-02T00:00:00Z")), "UTC")))
                .contains("the range does not start and end on whole hours");
        assertThat(SourcePlanner.whyNotRollup(query(List.of(Metric.EVENTS), byDay, List.of(),
                new TimeRange(Instant.parse("2026-10-01T18:00:00Z"), Instant.parse("2026-10-02T18:00:00Z")), "Asia/Kolkata")))
                .contains("the time zone's offset is not a whole number of hours");
    }

    @Test
    void a_report_reads_the_rollup_only_where_the_store_keeps_one_and_it_answers_exactly() {
        ReportQuery additive = query(List.of(Metric.EVENTS, Metric.REVENUE), List.of(new Dimension.Time(Granularity.DAY)),
                List.of(), OCTOBER, "UTC");
        ReportQuery distinct = query(List.of(Metric.EVENTS, Metric.ARPU), List.of(new Dimension.Time(Granularity.DAY)),
                List.of(), OCTOBER, "UTC");
        assertThat(SourcePlanner.plan(additive, EnumSet.of(Source.RAW, Source.ROLLUP)).label()).isEqualTo("rollup");
        assertThat(SourcePlanner.plan(additive, EnumSet.of(Source.RAW)).label()).isEqualTo("raw");
        assertThat(SourcePlanner.plan(distinct, EnumSet.of(Source.RAW, Source.ROLLUP)).label()).isEqualTo("raw");
        assertThat(SourcePlanner.whyNotRollup(distinct)).contains("arpu needs distinct users or sessions");
    }

    private static final Set<Source> EVERY_SOURCE = EnumSet.allOf(Source.class);

    @Test
    void session_facts_come_from_the_sessions_table_and_the_rest_from_the_cheapest_event_source() {
        List<Dimension> byDay = List.of(new Dimension.Time(Granularity.DAY));
        assertThat(SourcePlanner.plan(query(List.of(Metric.PAGEVIEWS, Metric.BOUNCE_RATE), byDay, List.of(), OCTOBER,
                "Europe/Berlin"), EVERY_SOURCE).label()).isEqualTo("rollup+sessions");
        assertThat(SourcePlanner.plan(query(List.of(Metric.VISITORS, Metric.AVG_SESSION_DURATION), byDay, List.of(), OCTOBER,
                "UTC"), EVERY_SOURCE).label()).isEqualTo("raw+sessions");
        // an entry page's sessions: by a promoted property, in a zone whose offset is not whole hours
        assertThat(SourcePlanner.plan(query(List.of(Metric.SESSIONS), List.of(new Dimension.Property("path")), List.of(),
                OCTOBER, "Asia/Kolkata"), EVERY_SOURCE).label()).isEqualTo("raw+sessions");
        assertThat(SourcePlanner.plan(query(List.of(Metric.EVENTS), byDay, List.of(), OCTOBER, "UTC"), EVERY_SOURCE).label())
                .as("no session facts asked").isEqualTo("rollup");
        assertThat(SourcePlanner.plan(query(List.of(Metric.SESSIONS), byDay, List.of(), OCTOBER, "UTC"),
                EnumSet.of(Source.RAW, Source.ROLLUP)).label()).as("a store without sessions").isEqualTo("raw");
    }

    @Test
    void filters_custom_properties_and_ranges_off_the_hour_keep_session_facts_on_raw_events() {
        List<Dimension> byDay = List.of(new Dimension.Time(Granularity.DAY));
        assertThat(SourcePlanner.whyNotSessions(query(List.of(Metric.SESSIONS), byDay,
                List.of(new Filter.Match(FilterOp.IS, new Dimension.Property("country"), List.of("DE"))), OCTOBER, "UTC")))
                .contains("the sessions table answers reports without filters");
        assertThat(SourcePlanner.whyNotSessions(query(List.of(Metric.SESSIONS), List.of(new Dimension.Property("plan")),
                List.of(), OCTOBER, "UTC"))).contains("sessions keep no prop:plan of their first event");
        assertThat(SourcePlanner.whyNotSessions(query(List.of(Metric.SESSIONS), byDay, List.of(),
                new TimeRange(Instant.parse("2026-10-01T00:30:00Z"), Instant.parse("2026-10-02T00:00:00Z")), "UTC")))
                .contains("the range does not start and end on whole hours");
        assertThat(SourcePlanner.plan(query(List.of(Metric.SESSIONS), byDay,
                List.of(new Filter.Match(FilterOp.IS, new Dimension.EventType(), List.of("page_view"))), OCTOBER, "UTC"),
                EVERY_SOURCE).label()).isEqualTo("raw");
    }

    @Test
    void session_facts_by_exit_page_come_from_the_sessions_table_and_event_facts_by_it_from_raw_events() {
        List<Dimension> byExit = List.of(new Dimension.ExitPage());
        assertThat(SourcePlanner.plan(query(List.of(Metric.EVENTS, Metric.BOUNCE_RATE), byExit, List.of(), OCTOBER, "UTC"),
                EVERY_SOURCE).label()).isEqualTo("raw+sessions");
        assertThat(SourcePlanner.whyNotSessions(query(List.of(Metric.SESSIONS), byExit, List.of(), OCTOBER, "UTC"))).isEmpty();
        // the rollup holds no session, so never its exit page, even for event counts
        assertThat(SourcePlanner.plan(query(List.of(Metric.EVENTS, Metric.REVENUE), byExit, List.of(), OCTOBER, "UTC"),
                EVERY_SOURCE).label()).isEqualTo("raw");
        assertThat(SourcePlanner.whyNotRollup(query(List.of(Metric.EVENTS), byExit, List.of(), OCTOBER, "UTC")))
                .contains("the rollup is not kept by exit_page");
        // a filter changes which event is a session's last: raw events decide
        assertThat(SourcePlanner.plan(query(List.of(Metric.SESSIONS), byExit,
                List.of(new Filter.Match(FilterOp.IS, new Dimension.EventType(), List.of("page_view"))), OCTOBER, "UTC"),
                EVERY_SOURCE).label()).isEqualTo("raw");
    }

    @Test
    void reports_by_entry_page_read_raw_events() {
        List<Dimension> byEntry = List.of(new Dimension.EntryPage());
        assertThat(SourcePlanner.plan(query(List.of(Metric.SESSIONS, Metric.BOUNCE_RATE), byEntry, List.of(), OCTOBER, "UTC"),
                EVERY_SOURCE).label()).isEqualTo("raw");
        assertThat(SourcePlanner.whyNotRollup(query(List.of(Metric.EVENTS), byEntry, List.of(), OCTOBER, "UTC")))
                .contains("the rollup is not kept by entry_page");
    }

    private static MetricRef kpi(String expression) {
        return new MetricRef.KpiRef(new Kpi("k", "", expression,
                ((Validated.Valid<Formula<Metric>>) FormulaParser.parse(expression, "expression")).value()));
    }

    @Test
    void session_metrics_alone_by_exit_page_or_ungrouped_read_the_sessions_table_alone() {
        List<Metric> sessionMetrics = List.of(Metric.SESSIONS, Metric.BOUNCE_RATE, Metric.AVG_SESSION_DURATION,
                Metric.VIEWS_PER_SESSION);
        SourcePlanner.Plan byExit = SourcePlanner.plan(query(sessionMetrics, List.of(new Dimension.ExitPage()), List.of(), OCTOBER,
                "UTC"), EVERY_SOURCE);
        assertThat(byExit).isEqualTo(new SourcePlanner.Plan(Source.SESSIONS, Optional.empty()));
        assertThat(byExit.label()).isEqualTo("sessions");
        // the rows do not depend on the zone: an exit page is no time
        assertThat(SourcePlanner.plan(query(List.of(Metric.BOUNCE_RATE), List.of(new Dimension.ExitPage()), List.of(), OCTOBER,
                "Asia/Kolkata"), EVERY_SOURCE).label()).isEqualTo("sessions");
        assertThat(SourcePlanner.plan(query(List.of(Metric.SESSIONS), List.of(), List.of(), OCTOBER, "Europe/Berlin"),
                EVERY_SOURCE).label()).as("ungrouped").isEqualTo("sessions");
        ReportQuery kpi = new ReportQuery("p", List.of(kpi("bounce_rate * sessions / 100")), List.of(new Dimension.ExitPage()),
                List.of(), OCTOBER, ZoneId.of("UTC"), Optional.empty(), List.of(), 100);
        assertThat(SourcePlanner.plan(kpi, EVERY_SOURCE).label()).as("a KPI over session metrics").isEqualTo("sessions");
    }

    @Test
    void reports_needing_events_for_a_fact_or_a_row_do_not_read_the_sessions_alone() {
        List<Dimension> byExit = List.of(new Dimension.ExitPage());
        assertThat(SourcePlanner.whyNotSessionsAlone(query(List.of(Metric.SESSIONS, Metric.EVENTS), byExit, List.of(), OCTOBER,
                "UTC"))).contains("events reads event facts");
        assertThat(SourcePlanner.plan(query(List.of(Metric.SESSIONS, Metric.PAGEVIEWS), byExit, List.of(), OCTOBER, "UTC"),
                EVERY_SOURCE).label()).isEqualTo("raw+sessions");
        assertThat(SourcePlanner.plan(query(List.of(Metric.BOUNCE_RATE, Metric.VISITORS), byExit, List.of(), OCTOBER, "UTC"),
                EVERY_SOURCE).label()).isEqualTo("raw+sessions");
        ReportQuery kpi = new ReportQuery("p", List.of(kpi("pageviews / sessions")), byExit, List.of(), OCTOBER,
                ZoneId.of("UTC"), Optional.empty(), List.of(), 100);
        assertThat(SourcePlanner.whyNotSessionsAlone(kpi)).contains("kpi:k reads event facts");
        // by these, one session's events may fall in rows where it did not enter: those rows need the events
        assertThat(SourcePlanner.whyNotSessionsAlone(query(List.of(Metric.SESSIONS), List.of(new Dimension.Property("path")),
                List.of(), OCTOBER, "UTC"))).contains("by prop:path, rows may hold events but no session's first event");
        assertThat(SourcePlanner.plan(query(List.of(Metric.SESSIONS, Metric.BOUNCE_RATE), List.of(new Dimension.Property("path")),
                List.of(), OCTOBER, "UTC"), EVERY_SOURCE).label()).as("entry pages").isEqualTo("raw+sessions");
        assertThat(SourcePlanner.plan(query(List.of(Metric.SESSIONS), List.of(new Dimension.Time(Granularity.DAY)), List.of(),
                OCTOBER, "UTC"), EVERY_SOURCE).label()).isEqualTo("rollup+sessions");
        assertThat(SourcePlanner.plan(query(List.of(Metric.SESSIONS), List.of(new Dimension.EventType()), List.of(),
                OCTOBER, "UTC"), EVERY_SOURCE).label()).isEqualTo("rollup+sessions");
        assertThat(SourcePlanner.plan(query(List.of(Metric.SESSIONS), List.of(new Dimension.ExitPage(),
                new Dimension.Time(Granularity.DAY)), List.of(), OCTOBER, "UTC"), EVERY_SOURCE).label()).isEqualTo("raw+sessions");
        // what the sessions table cannot answer at all
        assertThat(SourcePlanner.plan(query(List.of(Metric.SESSIONS), byExit,
                List.of(new Filter.Match(FilterOp.IS, new Dimension.Property("country"), List.of("DE"))), OCTOBER, "UTC"),
                EVERY_SOURCE).label()).isEqualTo("raw");
        assertThat(SourcePlanner.plan(query(List.of(Metric.SESSIONS), byExit, List.of(),
                new TimeRange(Instant.parse("2026-10-01T00:30:00Z"), Instant.parse("2026-10-02T00:00:00Z")), "UTC"),
                EVERY_SOURCE).label()).isEqualTo("raw");
        assertThat(SourcePlanner.plan(query(List.of(Metric.SESSIONS), byExit, List.of(), OCTOBER, "UTC"),
                EnumSet.of(Source.RAW, Source.ROLLUP)).label()).as("a store without sessions").isEqualTo("raw");
    }

    private static ReportQuery approximate(List<Metric> metrics, List<Dimension> dimensions, List<Filter> filters, TimeRange range,
                                           String zone) {
        return query(metrics, dimensions, filters, range, zone).withAccuracy(Accuracy.APPROXIMATE);
    }

    @Test
    void visitors_are_sketched_only_when_approximate_is_asked_and_the_rollup_answers_the_rest() {
        List<Dimension> byTypeAndDay = List.of(new Dimension.EventType(), new Dimension.Time(Granularity.DAY));
        List<Metric> dashboard = List.of(Metric.EVENTS, Metric.VISITORS, Metric.CONVERSION_RATE, Metric.ARPU, Metric.REVENUE);
        assertThat(SourcePlanner.plan(approximate(dashboard, byTypeAndDay, List.of(), OCTOBER, "Europe/Berlin"), EVERY_SOURCE).label())
                .isEqualTo("rollup+sketch");
        assertThat(SourcePlanner.plan(query(dashboard, byTypeAndDay, List.of(), OCTOBER, "Europe/Berlin"), EVERY_SOURCE).label())
                .as("exact asked").isEqualTo("raw");
        assertThat(SourcePlanner.plan(approximate(List.of(Metric.VISITORS, Metric.BOUNCE_RATE), byTypeAndDay, List.of(), OCTOBER,
                "UTC"), EVERY_SOURCE).label()).isEqualTo("rollup+sketch+sessions");
        assertThat(SourcePlanner.plan(approximate(List.of(Metric.VISITORS), List.of(new Dimension.Time(Granularity.HOUR)),
                List.of(new Filter.Match(FilterOp.IS_NOT, new Dimension.EventType(), List.of("page_view"))), OCTOBER,
                "America/New_York"), EVERY_SOURCE).label()).as("event_type filters").isEqualTo("rollup+sketch");
        assertThat(SourcePlanner.plan(approximate(dashboard, byTypeAndDay, List.of(), OCTOBER, "UTC"), EVERY_SOURCE).approximate())
                .isTrue();
    }

    @Test
    void an_approximate_report_the_sketches_cannot_answer_is_exact_and_says_why() {
        List<Dimension> byDay = List.of(new Dimension.Time(Granularity.DAY));
        List<Metric> visitors = List.of(Metric.VISITORS);
        assertThat(SourcePlanner.whyNotSketch(approximate(visitors, List.of(new Dimension.Property("country")), List.of(), OCTOBER,
                "UTC"), EVERY_SOURCE)).contains("visitor sketches answer only what the hourly rollup does: the rollup is not kept by country");
        assertThat(SourcePlanner.whyNotSketch(approximate(visitors, List.of(new Dimension.Time(Granularity.MINUTE)), List.of(),
                OCTOBER, "UTC"), EVERY_SOURCE)).isPresent();
        assertThat(SourcePlanner.whyNotSketch(approximate(visitors, byDay,
                List.of(new Filter.Match(FilterOp.IS, new Dimension.Property("plan"), List.of("free"))), OCTOBER, "UTC"), EVERY_SOURCE))
                .contains("visitor sketches answer only what the hourly rollup does: the rollup can only filter by event_type");
        assertThat(SourcePlanner.whyNotSketch(approximate(visitors, byDay, List.of(),
                new TimeRange(Instant.parse("2026-10-01T18:00:00Z"), Instant.parse("2026-10-02T18:00:00Z")), "Asia/Kolkata"),
                EVERY_SOURCE)).contains("visitor sketches answer only what the hourly rollup does: the time zone's offset is not a whole number of hours");
        assertThat(SourcePlanner.whyNotSketch(approximate(visitors, byDay, List.of(),
                new TimeRange(Instant.parse("2026-10-01T00:30:00Z"), Instant.parse("2026-10-02T00:00:00Z")), "UTC"), EVERY_SOURCE))
                .contains("visitor sketches answer only what the hourly rollup does: the range does not start and end on whole hours");
        // session facts the sessions table cannot give (a filter) would need raw events, which count visitors exactly anyway
        assertThat(SourcePlanner.whyNotSketch(approximate(List.of(Metric.VISITORS, Metric.BOUNCE_RATE), byDay,
                List.of(new Filter.Match(FilterOp.IS, new Dimension.EventType(), List.of("page_view"))), OCTOBER, "UTC"), EVERY_SOURCE))
                .contains("visitor sketches answer only what the hourly rollup does: bounce_rate needs distinct users or sessions");
        assertThat(SourcePlanner.whyNotSketch(approximate(List.of(Metric.EVENTS), byDay, List.of(), OCTOBER, "UTC"), EVERY_SOURCE))
                .contains("no metric of the report counts visitors");
        assertThat(SourcePlanner.whyNotSketch(approximate(visitors, byDay, List.of(), OCTOBER, "UTC"),
                EnumSet.of(Source.RAW, Source.ROLLUP, Source.SESSIONS))).contains("this store keeps no visitor sketches");
        assertThat(SourcePlanner.whyNotSketch(query(visitors, byDay, List.of(), OCTOBER, "UTC"), EVERY_SOURCE))
                .contains("exact visitors were asked for");
        assertThat(SourcePlanner.plan(approximate(visitors, List.of(new Dimension.Property("country")), List.of(), OCTOBER, "UTC"),
                EVERY_SOURCE).label()).isEqualTo("raw");
    }

    @Test
    void every_plan_label_is_listed_for_the_metrics() {
        List<Dimension> byDay = List.of(new Dimension.Time(Granularity.DAY));
        for (ReportQuery query : List.of(approximate(List.of(Metric.VISITORS), byDay, List.of(), OCTOBER, "UTC"),
                approximate(List.of(Metric.VISITORS, Metric.SESSIONS), byDay, List.of(), OCTOBER, "UTC"),
                query(List.of(Metric.SESSIONS), List.of(new Dimension.ExitPage()), List.of(), OCTOBER, "UTC"))) {
            assertThat(SourcePlanner.LABELS).contains(SourcePlanner.plan(query, EVERY_SOURCE).label());
        }
    }
}
