package io.tally.domain.request;

import io.tally.domain.cohort.CohortDefinition;
import io.tally.domain.goal.ConversionsQuery;
import io.tally.domain.goal.Goal;
import io.tally.domain.goal.PagePattern;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.query.Kpi;
import io.tally.domain.trend.TrendQuery;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.tally.domain.request.Verdicts.invalid;
import static io.tally.domain.request.Verdicts.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** A goal is saved as an event or a page with filters, read back the same; conversions and trend series name saved goals. */
class GoalRequestsTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:15:00Z");
    private static final RequestContext CONTEXT = new RequestContext("default", NOW, Definitions.NONE);
    private static final Goal BLOG = new Goal("blog", "", new Goal.PageVisit(new PagePattern("/blog/**")), List.of());
    private static final Goal TEAM_SIGN_UP = new Goal("team_sign_up", "Sign-ups on the team plan", new Goal.CustomEvent("sign_up"),
            List.of(new Filter.Match(FilterOp.IS, new Dimension.Property("plan"), List.of("team"))));
    private static final RequestContext WITH_GOALS = new RequestContext("default", NOW, new Definitions() {
        @Override
        public Optional<Kpi> kpi(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<CohortDefinition> cohort(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<Goal> goal(String name) {
            return goals().stream().filter(g -> g.name().equals(name)).findFirst();
        }

        @Override
        public List<Goal> goals() {
            return List.of(BLOG, TEAM_SIGN_UP);
        }
    });

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    @Test
    void a_goal_reads_back_from_its_wire_form() {
        for (Goal goal : List.of(BLOG, TEAM_SIGN_UP)) {
            assertThat(valid(DefinitionRequests.goal(DefinitionRequests.wire(goal), CONTEXT))).isEqualTo(goal);
        }
        assertThat(valid(DefinitionRequests.goal(body("name", "blog", "page", "/blog/**"), CONTEXT))).isEqualTo(BLOG);
    }

    @Test
    void a_goals_events_are_its_type_or_its_page_views_with_its_filters() {
        assertThat(TEAM_SIGN_UP.criteria()).isEqualTo(EventCriteria.of("sign_up",
                new Filter.Match(FilterOp.IS, new Dimension.Property("plan"), List.of("team"))));
        assertThat(BLOG.criteria()).isEqualTo(EventCriteria.of("page_view",
                new Filter.Match(FilterOp.MATCHES, new Dimension.Property("path"), List.of("^/blog/.*$"))));
    }

    @Test
    void goal_refusals_name_their_fields() {
        assertThat(goalFields(body("page", "/x"))).containsExactly(tuple("name", ViolationKind.MISSING));
        assertThat(goalFields(body("name", "Blog", "page", "/x"))).containsExactly(tuple("name", ViolationKind.MALFORMED));
        assertThat(goalFields(body("name", "g"))).containsExactly(tuple("event", ViolationKind.MISSING));
        assertThat(goalFields(body("name", "g", "event", "sign_up", "page", "/x"))).containsExactly(tuple("page", ViolationKind.UNSUPPORTED));
        assertThat(goalFields(body("name", "g", "page", "/" + "a".repeat(100)))).containsExactly(tuple("page", ViolationKind.MALFORMED));
        assertThat(goalFields(body("name", "g", "page", "/***"))).containsExactly(tuple("page", ViolationKind.MALFORMED));
        assertThat(goalFields(body("name", "g", "page", 7))).containsExactly(tuple("page", ViolationKind.WRONG_TYPE));
        assertThat(goalFields(body("name", "g", "event", ""))).containsExactly(tuple("event", ViolationKind.BLANK));
        assertThat(goalFields(body("name", "g", "event", "x", "filters", List.of(List.of("in_cohort", "cohort", List.of("c"))))))
                .extracting(t -> t.toList().getFirst()).containsExactly("filters[0][0]");
        assertThat(goalFields(body("name", "g", "event", "x", "colour", "red"))).containsExactly(tuple("colour", ViolationKind.UNKNOWN_FIELD));
    }

    @Test
    void conversions_read_every_saved_goal_or_the_named_ones() {
        assertThat(valid(ConversionsRequest.parse(body(), WITH_GOALS)).goals()).containsExactly(BLOG, TEAM_SIGN_UP);
        ConversionsQuery named = valid(ConversionsRequest.parse(body("goals", List.of("team_sign_up"), "filters",
                List.of(List.of("is", "country", List.of("DE")))), WITH_GOALS));
        assertThat(named.goals()).containsExactly(TEAM_SIGN_UP);
        assertThat(named.filters()).hasSize(1);
        assertThat(conversionFields(body("goals", List.of("nope")))).containsExactly(tuple("goals[0]", ViolationKind.UNSUPPORTED));
        assertThat(conversionFields(body("goals", List.of("blog", "blog")))).containsExactly(tuple("goals[1]", ViolationKind.MALFORMED));
        assertThat(conversionFields(body("goals", List.of()))).containsExactly(tuple("goals", ViolationKind.MISSING));
        assertThat(conversionFields(body("goals", List.of(3)))).containsExactly(tuple("goals[0]", ViolationKind.WRONG_TYPE));
    }

    @Test
    void a_trend_series_may_count_a_goals_events_narrowed_by_its_own_filters() {
        TrendQuery query = valid(TrendRequest.parse(body("series", List.of(Map.of("goal", "blog", "metric", "visitors",
                "filters", List.of(List.of("is", "country", List.of("DE")))))), WITH_GOALS));
        assertThat(query.series().getFirst().event()).isEqualTo(EventCriteria.of("page_view",
                new Filter.Match(FilterOp.MATCHES, new Dimension.Property("path"), List.of("^/blog/.*$")),
                new Filter.Match(FilterOp.IS, new Dimension.Property("country"), List.of("DE"))));
        assertThat(trendFields(body("series", List.of(Map.of("goal", "nope"))))).containsExactly(tuple("series[0].goal", ViolationKind.UNSUPPORTED));
        assertThat(trendFields(body("series", List.of(Map.of("goal", "blog", "event", "x")))))
                .containsExactly(tuple("series[0].goal", ViolationKind.UNSUPPORTED));
    }

    private static List<Tuple> goalFields(Map<String, Object> body) {
        return invalid(DefinitionRequests.goal(body, CONTEXT)).stream().map((Violation v) -> tuple(v.field(), v.kind())).toList();
    }

    private static List<Tuple> conversionFields(Map<String, Object> body) {
        return invalid(ConversionsRequest.parse(body, WITH_GOALS)).stream().map((Violation v) -> tuple(v.field(), v.kind())).toList();
    }

    private static List<Tuple> trendFields(Map<String, Object> body) {
        return invalid(TrendRequest.parse(body, WITH_GOALS)).stream().map((Violation v) -> tuple(v.field(), v.kind())).toList();
    }
}
