package io.tally.ops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static io.tally.ops.bench.Http.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnswerRowsTest {

    private static final long TEN = Instant.parse("2026-12-01T10:00:00Z").getEpochSecond();
    private static final long DAY = 86_400;

    /** Pageviews and bounce rate by hour, compared with the day before; the 11:00 bucket is empty today. */
    private static final String ANSWER = """
            {"columns": [{"name": "time:hour", "type": "time"}, {"name": "pageviews", "type": "metric"},
                         {"name": "bounce_rate", "type": "metric"}],
             "rows": [["2026-12-01T10:00:00Z", 3, 33.333333333333336], ["2026-12-01T11:00:00Z", 0, null]],
             "totals": {"pageviews": 3, "bounce_rate": 33.333333333333336},
             "comparison": {"rows": [[2, 50.0], [0, null]], "totals": {"pageviews": 2, "bounce_rate": 50.0}}}""";

    private static List<List<String>> api() throws Exception {
        JsonNode body = JSON.readTree(ANSWER);
        return AnswerRows.of("/v1/query", body, DAY);
    }

    private static List<String> row(Object... cells) {
        return Arrays.stream(cells).map(c -> c == null ? null : c.toString()).toList();
    }

    @Test
    void rows_holding_the_same_numbers_agree_whatever_the_empty_buckets_and_the_last_bits_of_a_rate() throws Exception {
        List<List<String>> hand = List.of(
                row("current", 0, TEN, 3, "33.33333333333333"),
                row("current", 1, null, 3, "33.33333333333333"),
                row("previous", 0, TEN - DAY, 2, "50"),
                row("previous", 1, 0, 2, "50.0"));

        assertThat(AnswerRows.requireSame("test", api(), hand, AnswerRows.keys("/v1/query", JSON.readTree(ANSWER)))).isEqualTo(4);
    }

    @Test
    void a_count_that_differs_stops_the_bench_naming_its_row() {
        List<List<String>> hand = List.of(
                row("current", 0, TEN, 4, "33.333333333333336"),
                row("current", 1, null, 3, "33.333333333333336"),
                row("previous", 0, TEN - DAY, 2, "50"),
                row("previous", 1, null, 2, "50"));

        assertThatThrownBy(() -> AnswerRows.requireSame("test", api(), hand, 3))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("[current, 0, " + TEN + "]");
    }

    @Test
    void a_row_the_api_does_not_have_stops_the_bench() {
        List<List<String>> hand = List.of(
                row("current", 0, TEN, 3, "33.333333333333336"),
                row("current", 0, TEN + 3_600, 1, "100"),
                row("current", 1, null, 3, "33.333333333333336"),
                row("previous", 0, TEN - DAY, 2, "50"),
                row("previous", 1, null, 2, "50"));

        assertThatThrownBy(() -> AnswerRows.requireSame("test", api(), hand, 3)).hasMessageContaining("extra");
    }

    @Test
    void a_stickiness_is_keyed_by_n_and_a_lifecycle_by_the_interval_s_epoch_second() throws Exception {
        JsonNode stickiness = JSON.readTree("""
                {"columns": ["intervals", "users", "users_at_least", "percent_of_users"],
                 "rows": [[1, 5, 7, 71.4], [2, 0, 2, 0.0], [3, 2, 2, 28.6]], "users": 7}""");
        List<List<String>> sticky = AnswerRows.of("/v1/stickiness", stickiness, 0);
        assertThat(AnswerRows.keys("/v1/stickiness", stickiness)).isEqualTo(1);
        // the SQL has no row for n = 2, where nobody is
        assertThat(AnswerRows.requireSame("stickiness", sticky, List.of(row(3, 2), row(1, 5)), 1)).isEqualTo(2);
        JsonNode lifecycle = JSON.readTree("""
                {"columns": ["interval", "new", "returning", "resurrecting", "dormant"],
                 "rows": [["2026-12-01T00:00:00Z", 4, 1, 0, 2], ["2026-12-02T00:00:00Z", 0, 0, 0, 0]]}""");
        long first = Instant.parse("2026-12-01T00:00:00Z").getEpochSecond();
        assertThat(AnswerRows.requireSame("lifecycle", AnswerRows.of("/v1/lifecycle", lifecycle, 0),
                List.of(row(first, 4, 1, 0, 2)), AnswerRows.keys("/v1/lifecycle", lifecycle))).isEqualTo(1);
        assertThatThrownBy(() -> AnswerRows.requireSame("lifecycle", AnswerRows.of("/v1/lifecycle", lifecycle, 0),
                List.of(row(first, 4, 1, 1, 2)), 1)).hasMessageContaining("lifecycle");
    }

    @Test
    void a_funnel_trend_is_keyed_by_the_interval_s_epoch_second_and_holds_the_users_of_each_step() throws Exception {
        // three users entered on Dec 1 (two signed up, one bought), nobody on Dec 2, two on Dec 3 who went no further
        JsonNode funnel = JSON.readTree("""
                {"columns": ["step", "event", "users", "conversion_from_first", "conversion_from_previous", "drop_off",
                             "median_seconds_to_convert", "mean_seconds_to_convert"],
                 "rows": [[1, "page_view", 5, 100.0, 100.0, 0, null, null], [2, "sign_up", 2, 40.0, 40.0, 3, 60.0, 60.0],
                          [3, "purchase", 1, 20.0, 50.0, 1, 30.0, 30.0]],
                 "breakdown": [],
                 "trend": [{"period": "2026-12-01T00:00:00Z", "entered": 3, "converted": 1, "conversion_rate": 33.333333333333336,
                            "users": [3, 2, 1]},
                           {"period": "2026-12-02T00:00:00Z", "entered": 0, "converted": 0, "conversion_rate": null,
                            "users": [0, 0, 0]},
                           {"period": "2026-12-03T00:00:00Z", "entered": 2, "converted": 0, "conversion_rate": 0.0,
                            "users": [2, 0, 0]}],
                 "meta": {"interval": "day"}}""");
        long first = Instant.parse("2026-12-01T00:00:00Z").getEpochSecond();
        List<List<String>> api = AnswerRows.of("/v1/funnels", funnel, 0);

        assertThat(AnswerRows.keys("/v1/funnels", funnel)).isEqualTo(1);
        assertThat(api).containsExactly(row(first, 3, 2, 1), row(first + 2 * DAY, 2, 0, 0));
        // the SQL has no row for Dec 2, where nobody entered
        assertThat(AnswerRows.requireSame("trend", api, List.of(row(first + 2 * DAY, 2, 0, 0), row(first, 3, 2, 1)), 1))
                .isEqualTo(2);
        assertThatThrownBy(() -> AnswerRows.requireSame("trend", api, List.of(row(first, 3, 1, 1), row(first + 2 * DAY, 2, 0, 0)), 1))
                .hasMessageContaining("[" + first + "]");
    }

    @Test
    void a_funnel_broken_down_is_keyed_as_a_report_by_its_values_with_the_funnel_over_all_users_as_totals() throws Exception {
        // five users: three from DE on free (two signed up, one bought), two without a country on team
        JsonNode funnel = JSON.readTree("""
                {"columns": ["step", "event", "users", "conversion_from_first", "conversion_from_previous", "drop_off",
                             "median_seconds_to_convert", "mean_seconds_to_convert"],
                 "rows": [[1, "page_view", 5, 100.0, 100.0, 0, null, null], [2, "sign_up", 2, 40.0, 40.0, 3, 60.0, 60.0],
                          [3, "purchase", 1, 20.0, 50.0, 1, 30.0, 30.0]],
                 "breakdown": [{"values": ["DE", "free"],
                                "rows": [[1, "page_view", 3, 100.0, 100.0, 0, null, null], [2, "sign_up", 2, 66.7, 66.7, 1, 60.0, 60.0],
                                         [3, "purchase", 1, 33.3, 50.0, 1, 30.0, 30.0]]},
                               {"values": [null, "team"],
                                "rows": [[1, "page_view", 2, 100.0, 100.0, 0, null, null], [2, "sign_up", 0, 0.0, 0.0, 2, null, null],
                                         [3, "purchase", 0, 0.0, null, 0, null, null]]}],
                 "meta": {"breakdowns": ["country", "prop:plan"], "breakdown_attribution": "first_touch"}}""");
        List<List<String>> api = AnswerRows.of("/v1/funnels", funnel, 0);

        assertThat(AnswerRows.keys("/v1/funnels", funnel)).isEqualTo(4);
        assertThat(api).containsExactly(row("current", 1, "*", "*", 5, 2, "60.0", 1, "30.0"),
                row("current", 0, "DE", "free", 3, 2, "60.0", 1, "30.0"), row("current", 0, "null", "team", 2, 0, "null", 0, "null"));
        // the SQL's totals row carries whatever its grouping leaves in the values
        assertThat(AnswerRows.requireSame("breakdown", api, List.of(row("current", 0, null, "team", 2, 0, null, 0, null),
                row("current", 1, null, null, 5, 2, 60, 1, 30), row("current", 0, "DE", "free", 3, 2, 60, 1, 30)), 4)).isEqualTo(3);
        assertThatThrownBy(() -> AnswerRows.requireSame("breakdown", api, List.of(row("current", 0, null, "team", 2, 0, null, 0, null),
                row("current", 1, null, null, 5, 2, 60, 1, 30), row("current", 0, "DE", "free", 3, 1, 60, 1, 30)), 4))
                .hasMessageContaining("[current, 0, DE, free]");
    }

    @Test
    void a_multi_series_trend_is_keyed_by_period_with_a_row_of_range_totals() throws Exception {
        // A: page-view visitors, B: sign-up visitors; a user seen on Dec 1 and Dec 3 counts once in A's total
        JsonNode trend = JSON.readTree("""
                {"periods": ["2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z", "2026-12-03T00:00:00Z"],
                 "lines": [{"name": "A", "kind": "series", "total": 6, "values": [4, 0, 3]},
                           {"name": "B", "kind": "series", "total": 2, "values": [1, 0, 1]},
                           {"name": "B / A * 100", "kind": "formula", "total": 33.33333333333333,
                            "values": [25.0, null, 33.33333333333333]}],
                 "columns": ["period", "line", "value"], "rows": []}""");
        long first = Instant.parse("2026-12-01T00:00:00Z").getEpochSecond();
        List<List<String>> api = AnswerRows.of("/v1/trends", trend, 0);

        assertThat(AnswerRows.keys("/v1/trends", trend)).isEqualTo(1);
        // the SQL has no row for Dec 2, where nothing happened
        assertThat(AnswerRows.requireSame("trend", api, List.of(row("total", 6, 2, "33.333333333333336"), row(first, 4, 1, 25),
                row(first + 2 * DAY, 3, 1, "33.33333333333333")), 1)).isEqualTo(3);
        // the days' visitors summed are not the range's
        assertThatThrownBy(() -> AnswerRows.requireSame("trend", api, List.of(row("total", 7, 2, "28.571428571428573"),
                row(first, 4, 1, 25), row(first + 2 * DAY, 3, 1, "33.33333333333333")), 1)).hasMessageContaining("[total]");
    }

    @Test
    void conversions_are_keyed_by_goal_with_a_row_of_all_visitors() throws Exception {
        JsonNode conversions = JSON.readTree("""
                {"columns": ["goal", "visitors", "events", "conversion_rate", "revenue"],
                 "rows": [["signup", 3, 4, 30.0, 0], ["docs", 2, 5, 20.0, 12.5], ["pricing", 0, 0, 0.0, 0]],
                 "visitors": 10}""");
        List<List<String>> api = AnswerRows.of("/v1/conversions", conversions, 0);

        assertThat(AnswerRows.keys("/v1/conversions", conversions)).isEqualTo(1);
        // the SQL has no row for a goal nobody reached; its row of all visitors has further columns, not read
        assertThat(AnswerRows.requireSame("conversions", api, List.of(row("*", 10, 0, 0, 0), row("docs", 2, 5, "20.0", "12.500000"),
                row("signup", 3, 4, 30, 0)), 1)).isEqualTo(3);
        assertThatThrownBy(() -> AnswerRows.requireSame("conversions", api, List.of(row("*", 9, 0, 0, 0),
                row("docs", 2, 5, "20.0", "12.5"), row("signup", 3, 4, 30, 0)), 1)).hasMessageContaining("[*]");
    }

    @Test
    void a_report_by_goal_is_keyed_by_goal_and_country_with_totals_over_the_events_of_any_goal() throws Exception {
        // the totals count each event of some goal once: here no event completes both, so they are the rows' sums
        // but for the visitors (user 1 reached both goals in DE)
        JsonNode report = JSON.readTree("""
                {"columns": [{"name": "goal", "type": "dimension"}, {"name": "country", "type": "dimension"},
                             {"name": "visitors", "type": "metric"}, {"name": "events", "type": "metric"}],
                 "rows": [["docs", "DE", 2, 5], ["signup", "DE", 1, 1], ["docs", null, 1, 2]],
                 "totals": {"visitors": 3, "events": 8}}""");
        List<List<String>> api = AnswerRows.of("/v1/query", report, 0);

        assertThat(AnswerRows.keys("/v1/query", report)).isEqualTo(4);
        assertThat(api).containsExactly(row("current", 0, "docs", "DE", 2, 5), row("current", 0, "signup", "DE", 1, 1),
                row("current", 0, "docs", "null", 1, 2), row("current", 1, "*", "*", 3, 8));
        assertThat(AnswerRows.requireSame("goal", api, List.of(row("current", 1, "*", "*", 3, 8), row("current", 0, "docs", null, 1, 2),
                row("current", 0, "signup", "DE", 1, 1), row("current", 0, "docs", "DE", 2, 5)), 4)).isEqualTo(4);
        // the rows' visitors summed are not the totals'
        assertThatThrownBy(() -> AnswerRows.requireSame("goal", api, List.of(row("current", 1, "*", "*", 4, 8),
                row("current", 0, "docs", null, 1, 2), row("current", 0, "signup", "DE", 1, 1), row("current", 0, "docs", "DE", 2, 5)), 4))
                .hasMessageContaining("[current, 1, *, *]");
    }

    @Test
    void one_size_keeps_the_figure_names_and_several_are_named_by_size() {
        assertThat(QueryBench.prefix(List.of(10_000_000), 10_000_000)).isEqualTo("large_");
        assertThat(QueryBench.prefix(List.of(1_000_000, 10_000_000), 1_000_000)).isEqualTo("large_1m_");
        assertThat(QueryBench.prefix(List.of(200_000, 1_000_000), 200_000)).isEqualTo("large_200k_");
    }
}
