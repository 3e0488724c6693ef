package io.tally.domain.request;

import io.tally.domain.query.Dimension;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code visit:*} filters select whole sessions: reports, trends and goal conversions take them, nothing else does. */
class VisitFilterRequestsTest {

    private static final RequestContext CONTEXT = new RequestContext("p", Instant.parse("2026-11-28T10:00:00Z"), Definitions.NONE);

    private static List<String> fields(Validated<?> parsed) {
        assertThat(parsed).isInstanceOf(Validated.Invalid.class);
        return ((Validated.Invalid<?>) parsed).violations().stream().map(Violation::field).toList();
    }

    private static Validated<?> report(List<Object> filter) {
        return ReportRequest.parse(Map.of("metrics", List.of("visitors"), "filters", List.of(filter)), CONTEXT);
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_report_reads_each_visit_dimension() {
        Map<String, Dimension> expected = Map.of(
                "visit:entry_page", new Dimension.EntryPage(),
                "visit:exit_page", new Dimension.ExitPage(),
                "visit:source", new Dimension.VisitOrigin(Dimension.VisitOrigin.Part.SOURCE),
                "visit:channel", new Dimension.VisitOrigin(Dimension.VisitOrigin.Part.CHANNEL),
                "visit:country", new Dimension.Property("country"),
                "visit:utm_campaign", new Dimension.Property("utm_campaign"),
                "visit:prop:plan", new Dimension.Property("plan"));
        expected.forEach((name, dimension) -> {
            Validated<?> parsed = report(List.of("is", name, List.of("x")));
            assertThat(parsed).as(name).isInstanceOf(Validated.Valid.class);
            ReportQuery query = ((Validated.Valid<ReportQuery>) parsed).value();
            assertThat(query.filters()).containsExactly(new Filter.VisitMatch(FilterOp.IS, dimension, List.of("x")));
        });
        assertThat(report(List.of("matches", "visit:entry_page", List.of("^/docs/")))).isInstanceOf(Validated.Valid.class);
        assertThat(report(List.of("is_not", "visit:source", List.of("Google", "Bing")))).isInstanceOf(Validated.Valid.class);
    }

    @Test
    void what_a_visit_has_no_one_value_of_and_number_comparisons_are_refused_at_their_field() {
        assertThat(fields(report(List.of("is", "visit:time:day", List.of("x"))))).containsExactly("filters[0][1]");
        assertThat(fields(report(List.of("is", "visit:event_type", List.of("x"))))).containsExactly("filters[0][1]");
        assertThat(fields(report(List.of("is", "visit:", List.of("x"))))).containsExactly("filters[0][1]");
        assertThat(fields(report(List.of("is", "visit:nope key", List.of("x"))))).containsExactly("filters[0][1]");
        assertThat(fields(report(List.of("gt", "visit:prop:revenue", List.of("3"))))).containsExactly("filters[0][0]");
        assertThat(fields(report(List.of("matches", "visit:entry_page", List.of("(a"))))).containsExactly("filters[0][2][0]");
    }

    @Test
    void trends_and_conversions_take_them_and_nothing_that_tests_one_event_does() {
        List<Object> visit = List.of("is", "visit:channel", List.of("Direct"));
        assertThat(TrendRequest.parse(Map.of("series", List.of(Map.of()), "filters", List.of(visit)), CONTEXT))
                .isInstanceOf(Validated.Valid.class);
        assertThat(fields(TrendRequest.parse(Map.of("series", List.of(Map.of("event", "page_view", "filters", List.of(visit)))),
                CONTEXT))).containsExactly("series[0].filters[0][1]");
        assertThat(fields(FunnelRequest.parse(Map.of("steps", List.of(Map.of("event", "page_view"), Map.of("event", "sign_up")),
                "filters", List.of(visit)), CONTEXT))).isNotEmpty();
        assertThat(fields(FunnelRequest.parse(Map.of("steps", List.of(
                Map.of("event", "page_view", "filters", List.of(visit)), Map.of("event", "sign_up"))), CONTEXT)))
                .containsExactly("steps[0].filters[0][1]");
        assertThat(fields(LiveRequest.parse(Map.of("metrics", List.of("events"), "filters", List.of(visit)), CONTEXT)))
                .containsExactly("filters[0][1]");
    }
}
