package io.tally.domain.request;

import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The entry and exit pages are a session's values: reports and trends group by them, nothing that tests or follows one
 * event takes them.
 */
class ExitPageRequestsTest {

    private static final RequestContext CONTEXT = new RequestContext("p", Instant.parse("2026-11-28T10:00:00Z"), Definitions.NONE);

    private static List<String> fields(Validated<?> parsed) {
        assertThat(parsed).isInstanceOf(Validated.Invalid.class);
        return ((Validated.Invalid<?>) parsed).violations().stream().map(Violation::field).toList();
    }

    @Test
    void a_funnel_neither_breaks_down_by_it_nor_filters_a_step_by_it() {
        assertThat(fields(FunnelRequest.parse(Map.of("steps", List.of(Map.of("event", "page_view"), Map.of("event", "sign_up")),
                "breakdown", "exit_page"), CONTEXT))).containsExactly("breakdown");
        assertThat(fields(FunnelRequest.parse(Map.of("steps", List.of(
                Map.of("event", "page_view", "filters", List.of(List.of("is", "exit_page", List.of("/pricing")))),
                Map.of("event", "sign_up"))), CONTEXT))).containsExactly("steps[0].filters[0][1]");
    }

    @Test
    void a_path_node_and_a_live_view_refuse_it() {
        assertThat(fields(PathsRequest.parse(Map.of("anchor", Map.of("event", "page_view"), "node", "exit_page"), CONTEXT)))
                .containsExactly("node");
        assertThat(fields(LiveRequest.parse(Map.of("metrics", List.of("events"), "dimensions", List.of("exit_page")), CONTEXT)))
                .containsExactly("dimensions");
    }

    @Test
    void the_entry_page_is_refused_where_the_exit_page_is_and_read_where_it_is() {
        assertThat(fields(FunnelRequest.parse(Map.of("steps", List.of(Map.of("event", "page_view"), Map.of("event", "sign_up")),
                "breakdown", "entry_page"), CONTEXT))).containsExactly("breakdown");
        assertThat(fields(ReportRequest.parse(Map.of("metrics", List.of("events"), "filters",
                List.of(List.of("is", "entry_page", List.of("/")))), CONTEXT))).containsExactly("filters[0][1]");
        assertThat(fields(PathsRequest.parse(Map.of("anchor", Map.of("event", "page_view"), "node", "entry_page"), CONTEXT)))
                .containsExactly("node");
        assertThat(fields(LiveRequest.parse(Map.of("metrics", List.of("events"), "dimensions", List.of("entry_page")), CONTEXT)))
                .containsExactly("dimensions");
        assertThat(ReportRequest.parse(Map.of("metrics", List.of("sessions"), "dimensions", List.of("entry_page", "exit_page")), CONTEXT))
                .isInstanceOf(Validated.Valid.class);
        assertThat(TrendRequest.parse(Map.of("series", List.of(Map.of()), "breakdown", "entry_page"), CONTEXT))
                .isInstanceOf(Validated.Valid.class);
    }

    @Test
    void a_visit_s_source_and_channel_are_read_where_the_entry_page_is_and_refused_where_it_is() {
        for (String dimension : List.of("source", "channel")) {
            assertThat(ReportRequest.parse(Map.of("metrics", List.of("visitors", "bounce_rate"), "dimensions", List.of(dimension)), CONTEXT))
                    .isInstanceOf(Validated.Valid.class);
            assertThat(TrendRequest.parse(Map.of("series", List.of(Map.of()), "breakdown", dimension), CONTEXT))
                    .isInstanceOf(Validated.Valid.class);
            assertThat(fields(ReportRequest.parse(Map.of("metrics", List.of("events"), "filters",
                    List.of(List.of("is", dimension, List.of("Direct")))), CONTEXT))).containsExactly("filters[0][1]");
            assertThat(fields(FunnelRequest.parse(Map.of("steps", List.of(Map.of("event", "page_view"), Map.of("event", "sign_up")),
                    "breakdown", dimension), CONTEXT))).containsExactly("breakdown");
            assertThat(fields(PathsRequest.parse(Map.of("anchor", Map.of("event", "page_view"), "node", dimension), CONTEXT)))
                    .containsExactly("node");
            assertThat(fields(LiveRequest.parse(Map.of("metrics", List.of("events"), "dimensions", List.of(dimension)), CONTEXT)))
                    .containsExactly("dimensions");
        }
        // the stored properties are the visit's first event's own, and filter like any property
        assertThat(ReportRequest.parse(Map.of("metrics", List.of("events"), "filters",
                List.of(List.of("is", "prop:channel", List.of("Organic Search")))), CONTEXT)).isInstanceOf(Validated.Valid.class);
    }
}
