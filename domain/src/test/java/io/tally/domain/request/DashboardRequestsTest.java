package io.tally.domain.request;

import io.tally.domain.dashboard.Dashboard;
import io.tally.domain.dashboard.Visualization;
import io.tally.domain.dashboard.WidgetKind;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardRequestsTest {

    private static final RequestContext CONTEXT = new RequestContext("default", Instant.parse("2026-11-28T12:00:00Z"),
            Definitions.NONE);

    private static Map<String, Object> widget(String id, String kind, Map<String, Object> query, String visualization) {
        return Map.of("id", id, "kind", kind, "query", query, "visualization", visualization,
                "layout", Map.of("x", 0, "y", 0, "w", 6, "h", 4));
    }

    private static List<String> fields(Object body) {
        return ((Validated.Invalid<Dashboard>) DashboardRequests.parse(body, CONTEXT)).violations().stream()
                .map(Violation::field).toList();
    }

    @Test
    void a_dashboard_of_every_kind_reads_and_writes_back_the_same() {
        Map<String, Object> body = Map.of("name", "overview", "title", "Overview", "widgets", List.of(
                widget("visitors", "report", Map.of("metrics", List.of("visitors"), "dimensions", List.of("time:day"),
                        "date_range", "last_7d"), "line"),
                widget("hourly", "timeseries", Map.of("metric", "page_views", "interval", "hour"), "bar"),
                widget("signup", "funnel", Map.of("steps", List.of(Map.of("event", "page_view"), Map.of("event", "signup")), "date_range", "last_30d"), "funnel"),
                widget("weekly", "retention", Map.of("start_event", Map.of("event", "signup"), "date_range", "last_30d"), "retention_grid"),
                widget("next", "paths", Map.of("anchor", Map.of("event", "signup"), "date_range", "last_7d"), "table")));
        Dashboard dashboard = ((Validated.Valid<Dashboard>) DashboardRequests.parse(body, CONTEXT)).value();
        assertThat(dashboard.widgets()).extracting(w -> w.kind()).containsExactly(WidgetKind.REPORT, WidgetKind.TIMESERIES,
                WidgetKind.FUNNEL, WidgetKind.RETENTION, WidgetKind.PATHS);
        assertThat(dashboard.widgets().get(3).visualization()).isEqualTo(Visualization.RETENTION_GRID);
        Map<String, Object> wire = DashboardRequests.wire(dashboard);
        assertThat(DashboardRequests.parse(wire, CONTEXT)).isEqualTo(new Validated.Valid<>(dashboard));
    }

    @Test
    void each_widget_query_is_checked_by_its_endpoint_rules_and_named_by_its_place() {
        Map<String, Object> body = Map.of("name", "broken", "widgets", List.of(
                widget("ok", "report", Map.of("metrics", List.of("events")), "number"),
                widget("bad", "report", Map.of("metrics", List.of("nonsense")), "table"),
                widget("worse", "funnel", Map.of("steps", List.of(Map.of("event", "only_one"))), "funnel")));
        assertThat(fields(body)).anyMatch(f -> f.startsWith("widgets[1].query.metrics"))
                .anyMatch(f -> f.startsWith("widgets[2].query.steps"))
                .noneMatch(f -> f.startsWith("widgets[0]"));
    }

    @Test
    void visualization_layout_and_ids_are_checked() {
        Map<String, Object> wrongChart = Map.of("name", "d", "widgets", List.of(
                widget("a", "report", Map.of("metrics", List.of("events")), "funnel")));
        assertThat(fields(wrongChart)).containsExactly("widgets[0].visualization");
        Map<String, Object> tooWide = Map.of("name", "d", "widgets", List.of(Map.of("id", "a", "kind", "report",
                "query", Map.of("metrics", List.of("events")), "layout", Map.of("x", 8, "y", 0, "w", 6, "h", 4))));
        assertThat(fields(tooWide)).containsExactly("widgets[0].layout.w");
        Map<String, Object> twice = Map.of("name", "d", "widgets", List.of(
                widget("a", "report", Map.of("metrics", List.of("events")), "table"),
                widget("a", "report", Map.of("metrics", List.of("visitors")), "table")));
        assertThat(fields(twice)).containsExactly("widgets[1].id");
        assertThat(fields(Map.of("name", "Bad Name"))).containsExactly("name");
        assertThat(fields(Map.of("name", "d", "widgets", List.of(Map.of("id", "a", "kind", "pie", "query", Map.of())))))
                .containsExactly("widgets[0].kind");
    }

    @Test
    void a_stored_dashboard_reads_unchecked_when_a_query_no_longer_does() {
        Map<String, Object> body = Map.of("name", "kpis", "widgets", List.of(
                widget("k", "report", Map.of("metrics", List.of("kpi:deleted")), "number")));
        assertThat(DashboardRequests.parse(body, CONTEXT)).isInstanceOf(Validated.Invalid.class);
        assertThat(DashboardRequests.unchecked(body)).hasValueSatisfying(d -> assertThat(d.widgets()).hasSize(1));
    }
}
