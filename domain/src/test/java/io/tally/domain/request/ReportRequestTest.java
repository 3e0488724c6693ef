package io.tally.domain.request;

import io.tally.domain.cohort.CohortDefinition;
import io.tally.domain.goal.Goal;
import io.tally.domain.goal.PagePattern;
import io.tally.domain.query.Accuracy;
import io.tally.domain.query.Compare;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.query.Formula;
import io.tally.domain.query.FormulaParser;
import io.tally.domain.query.Kpi;
import io.tally.domain.query.Metric;
import io.tally.domain.query.MetricRef;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.time.Granularity;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

class ReportRequestTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:15:00Z");
    private static final Kpi CR = new Kpi("cr", "", "conversions / visitors * 100",
            ((Validated.Valid<Formula<Metric>>) FormulaParser.parse("conversions / visitors * 100", "e")).value());
    private static final Map<String, Goal> GOALS = Map.of(
            "docs", new Goal("docs", "", new Goal.PageVisit(new PagePattern("/docs/**")), List.of()),
            "signup", new Goal("signup", "", new Goal.CustomEvent("sign_up"), List.of()));
    private static final RequestContext CONTEXT = new RequestContext("default", NOW, new Definitions() {
        @Override
        public Optional<Kpi> kpi(String name) {
            return name.equals("cr") ? Optional.of(CR) : Optional.empty();
        }

        @Override
        public Optional<CohortDefinition> cohort(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<Goal> goal(String name) {
            return Optional.ofNullable(GOALS.get(name));
        }

        @Override
        public List<Goal> goals() {
            return List.of(GOALS.get("docs"), GOALS.get("signup"));
        }
    });

    private static ReportQuery valid(Map<String, Object> body) {
        return switch (ReportRequest.parse(body, CONTEXT)) {
            case Validated.Valid<ReportQuery> v -> v.value();
            case Validated.Invalid<ReportQuery> i -> throw new AssertionError(i.violations());
        };
    }

    private static List<Violation> invalid(Map<String, Object> body) {
        Validated<ReportQuery> result = ReportRequest.parse(body, CONTEXT);
        assertThat(result).isInstanceOf(Validated.Invalid.class);
        return ((Validated.Invalid<ReportQuery>) result).violations();
    }

    @Test
    void reads_a_full_report() {
        ReportQuery query = valid(Map.of(
                "metrics", List.of("visitors", "kpi:cr"),
                "dimensions", List.of("time:day", "country", "prop:plan.tier"),
                "filters", List.of(List.of("is", "country", List.of("DE", "FR")), List.of("gt", "prop:revenue", List.of(10))),
                "date_range", List.of("2026-10-01", "2026-10-31"),
                "timezone", "Europe/Berlin",
                "compare", "previous_year",
                "order_by", List.of(List.of("visitors", "desc")),
                "limit", 50));
        assertThat(query.metrics()).extracting(MetricRef::label).containsExactly("visitors", "kpi:cr");
        assertThat(query.dimensions()).containsExactly(new Dimension.Time(Granularity.DAY), new Dimension.Property("country"),
                new Dimension.Property("plan.tier"));
        assertThat(query.filters()).containsExactly(
                new Filter.Match(FilterOp.IS, new Dimension.Property("country"), List.of("DE", "FR")),
                new Filter.Match(FilterOp.GT, new Dimension.Property("revenue"), List.of("10")));
        assertThat(query.range().from()).isEqualTo(Instant.parse("2026-09-30T22:00:00Z"));
        assertThat(query.range().to()).isEqualTo(Instant.parse("2026-10-31T23:00:00Z")); // CET again after 25 Oct
        assertThat(query.compare()).contains(Compare.PREVIOUS_YEAR);
        assertThat(query.limit()).isEqualTo(50);
    }

    @Test
    void groups_by_the_exit_page_beside_other_dimensions() {
        ReportQuery query = valid(Map.of("metrics", List.of("sessions", "bounce_rate", "events"),
                "dimensions", List.of("exit_page", "time:day", "prop:exit_page")));
        assertThat(query.dimensions()).containsExactly(new Dimension.ExitPage(), new Dimension.Time(Granularity.DAY),
                new Dimension.Property("exit_page"));
        assertThat(query.dimensions()).extracting(Dimension::label).containsExactly("exit_page", "time:day", "prop:exit_page");
    }

    @Test
    void defaults_to_the_last_seven_days_in_utc() {
        ReportQuery query = valid(Map.of("metrics", List.of("pageviews")));
        assertThat(query.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(query.range().from()).isEqualTo(Instant.parse("2026-11-22T00:00:00Z"));
        assertThat(query.range().to()).isEqualTo(Instant.parse("2026-11-29T00:00:00Z"));
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                argumentSet("no metrics", Map.of(), "metrics"),
                argumentSet("unknown metric", Map.of("metrics", List.of("visits")), "metrics[0]"),
                argumentSet("unknown KPI", Map.of("metrics", List.of("kpi:nope")), "metrics[0]"),
                argumentSet("unknown dimension", Map.of("metrics", List.of("events"), "dimensions", List.of("colour")), "dimensions[0]"),
                argumentSet("SQL in a dimension", Map.of("metrics", List.of("events"),
                        "dimensions", List.of("prop:x') FROM events; DROP TABLE events; --")), "dimensions[0]"),
                argumentSet("quote in a property key", Map.of("metrics", List.of("events"), "dimensions", List.of("prop:a\"b")), "dimensions[0]"),
                argumentSet("two time dimensions", Map.of("metrics", List.of("events"), "dimensions", List.of("time:day", "time:hour")), "dimensions[1]"),
                argumentSet("unknown operator", Map.of("metrics", List.of("events"), "filters", List.of(List.of("like", "country", List.of("D%")))), "filters[0][0]"),
                argumentSet("filter without values", Map.of("metrics", List.of("events"), "filters", List.of(List.of("is", "country", List.of()))), "filters[0][2]"),
                argumentSet("gt on text dimension", Map.of("metrics", List.of("events"), "filters", List.of(List.of("gt", "event_type", List.of(3)))), "filters[0][1]"),
                argumentSet("gt with text", Map.of("metrics", List.of("events"), "filters", List.of(List.of("gt", "prop:revenue", List.of("1 OR 1=1")))), "filters[0][2]"),
                argumentSet("broken pattern", Map.of("metrics", List.of("events"), "filters", List.of(List.of("matches", "prop:path", List.of("(unclosed")))), "filters[0][2][0]"),
                argumentSet("back-reference", Map.of("metrics", List.of("events"), "filters", List.of(List.of("matches", "prop:path", List.of("(a)\\1")))), "filters[0][2][0]"),
                argumentSet("unknown goal", Map.of("metrics", List.of("events"), "filters", List.of(List.of("is", "goal", List.of("docs", "ghost")))), "filters[0][2][1]"),
                argumentSet("goal contains", Map.of("metrics", List.of("events"), "filters", List.of(List.of("contains", "goal", List.of("docs")))), "filters[0][0]"),
                argumentSet("unknown cohort", Map.of("metrics", List.of("events"), "filters", List.of(List.of("in_cohort", "user", List.of("ghosts")))), "filters[0][2]"),
                argumentSet("time filter", Map.of("metrics", List.of("events"), "filters", List.of(List.of("is", "time:day", List.of("x")))), "filters[0][1]"),
                argumentSet("exit page filter", Map.of("metrics", List.of("events"), "filters", List.of(List.of("is", "exit_page", List.of("/")))), "filters[0][1]"),
                argumentSet("SQL in a time zone", Map.of("metrics", List.of("events"), "timezone", "UTC'); DROP TABLE events; --"), "timezone"),
                argumentSet("bad range", Map.of("metrics", List.of("events"), "date_range", "last_forever"), "date_range"),
                argumentSet("reversed dates", Map.of("metrics", List.of("events"), "date_range", List.of("2026-10-31", "2026-10-01")), "date_range"),
                argumentSet("too many buckets", Map.of("metrics", List.of("events"), "dimensions", List.of("time:minute"), "date_range", "last_30d"), "dimensions"),
                argumentSet("order by a stranger", Map.of("metrics", List.of("events"), "order_by", List.of(List.of("visitors", "desc"))), "order_by[0][0]"),
                argumentSet("limit too big", Map.of("metrics", List.of("events"), "limit", 1_000_000), "limit"),
                argumentSet("unknown field", Map.of("metrics", List.of("events"), "metric", "x"), "metric"),
                argumentSet("bad compare", Map.of("metrics", List.of("events"), "compare", "last_week"), "compare"));
    }

    @Test
    void a_goal_filter_selects_the_saved_goals_events_and_names_them_in_the_cache_key() {
        ReportQuery query = valid(Map.of("metrics", List.of("visitors", "bounce_rate"),
                "filters", List.of(List.of("is", "goal", List.of("docs", "signup")))));
        assertThat(query.filters()).containsExactly(new Filter.GoalMatch(FilterOp.IS, List.of("docs", "signup"),
                List.of(GOALS.get("docs").criteria(), GOALS.get("signup").criteria())));
        ReportQuery others = valid(Map.of("metrics", List.of("visitors"), "filters", List.of(List.of("is_not", "goal", List.of("docs")))));
        assertThat(((Filter.GoalMatch) others.filters().getFirst()).selects()).isFalse();
        assertThat(query.cacheKey()).contains("/docs/");
    }

    @Test
    void the_goal_dimension_is_every_saved_goal_with_its_criteria_in_the_cache_key() {
        ReportQuery query = valid(Map.of("metrics", List.of("visitors"), "dimensions", List.of("country", "goal")));
        assertThat(query.dimensions()).containsExactly(new Dimension.Property("country"), new Dimension.Goal(
                List.of("docs", "signup"), List.of(GOALS.get("docs").criteria(), GOALS.get("signup").criteria())));
        assertThat(query.cacheKey()).contains("/docs/").contains("sign_up"); // an edited goal is another question
        RequestContext none = new RequestContext("default", NOW, Definitions.NONE);
        Validated<ReportQuery> refused = ReportRequest.parse(Map.of("metrics", List.of("visitors"), "dimensions", List.of("goal")), none);
        assertThat(((Validated.Invalid<ReportQuery>) refused).violations()).extracting(Violation::field).containsExactly("dimensions[0]");
        List<Goal> many = IntStream.rangeClosed(1, 51)
                .mapToObj(i -> new Goal("g" + i, "", new Goal.CustomEvent("e" + i), List.of())).toList();
        RequestContext tooMany = new RequestContext("default", NOW, new Definitions() {
            @Override
            public Optional<Kpi> kpi(String name) {
                return Optional.empty();
            }

            @Override
            public Optional<CohortDefinition> cohort(String name) {
                return Optional.empty();
            }

            @Override
            public List<Goal> goals() {
                return many;
            }
        });
        Validated<ReportQuery> overFifty = ReportRequest.parse(Map.of("metrics", List.of("visitors"), "dimensions", List.of("goal")), tooMany);
        assertThat(((Validated.Invalid<ReportQuery>) overFifty).violations()).extracting(Violation::field).containsExactly("dimensions[0]");
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void names_the_field_of_every_problem(Map<String, Object> body, String field) {
        assertThat(invalid(body)).extracting(Violation::field).contains(field);
    }

    @Test
    void collects_every_problem_at_once() {
        assertThat(invalid(Map.of("metrics", List.of("visits"), "dimensions", List.of("colour"), "timezone", "Mars/Olympus")))
                .extracting(Violation::field).containsExactlyInAnyOrder("metrics[0]", "dimensions[0]", "timezone");
    }

    @Test
    void accuracy_is_exact_unless_approximate_is_asked_for() {
        assertThat(valid(Map.of("metrics", List.of("visitors"))).accuracy()).isEqualTo(Accuracy.EXACT);
        assertThat(valid(Map.of("metrics", List.of("visitors"), "accuracy", "exact")).accuracy()).isEqualTo(Accuracy.EXACT);
        assertThat(valid(Map.of("metrics", List.of("visitors"), "accuracy", "approximate")).accuracy()).isEqualTo(Accuracy.APPROXIMATE);
    }

    @Test
    void an_unknown_accuracy_is_a_violation_naming_it() {
        assertThat(invalid(Map.of("metrics", List.of("visitors"), "accuracy", "roughly")))
                .extracting(Violation::field).containsExactly("accuracy");
        assertThat(invalid(Map.of("metrics", List.of("visitors"), "accuracy", 1)))
                .extracting(Violation::field).containsExactly("accuracy");
    }

    @Test
    void an_approximate_report_is_cached_apart_from_the_exact_one() {
        ReportQuery exact = valid(Map.of("metrics", List.of("visitors")));
        ReportQuery approximate = valid(Map.of("metrics", List.of("visitors"), "accuracy", "approximate"));
        assertThat(approximate.cacheKey()).isNotEqualTo(exact.cacheKey()).endsWith(",APPROXIMATE)");
        assertThat(valid(Map.of("metrics", List.of("visitors"), "accuracy", "exact")).cacheKey()).isEqualTo(exact.cacheKey());
    }
}
