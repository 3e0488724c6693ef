package io.tally.domain.goal;

import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Dimension;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Each goal's rate is over every visitor of the range; rows list the most converting goals first, ties by name. */
class ConversionsTest {

    private static final TimeRange DAY = new TimeRange(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-02T00:00:00Z"));

    private static Goal event(String name, String type) {
        return new Goal(name, "", new Goal.CustomEvent(type), List.of());
    }

    private static Aggregates facts(long events, long visitors, String revenue) {
        return new Aggregates(events, visitors, 0, 0, 0, 0, 0, 0, 0, new BigDecimal(revenue));
    }

    @Test
    void rates_are_over_the_ranges_visitors_and_rows_go_by_visitors_then_name() {
        ConversionsQuery query = new ConversionsQuery("p", List.of(event("signup", "sign_up"), event("buy", "purchase"),
                event("apply", "apply"), event("never", "never")), List.of(), DAY, ZoneId.of("UTC"));
        Conversions answer = Conversions.assemble(query, facts(100, 40, "0"), List.of(facts(12, 10, "0"),
                facts(5, 3, "129.9000"), facts(10, 10, "0"), facts(0, 0, "0")));
        assertThat(answer.visitors()).isEqualTo(40);
        assertThat(answer.rows()).extracting(row -> row.goal().name(), Conversions.Row::visitors, Conversions.Row::events,
                Conversions.Row::revenue, Conversions.Row::conversionRate).containsExactly(
                tuple("apply", 10L, 10L, BigDecimal.ZERO, 25.0),
                tuple("signup", 10L, 12L, BigDecimal.ZERO, 25.0),
                tuple("buy", 3L, 5L, new BigDecimal("129.9"), 7.5),
                tuple("never", 0L, 0L, BigDecimal.ZERO, 0.0));
    }

    @Test
    void without_visitors_a_rate_is_undefined() {
        ConversionsQuery query = new ConversionsQuery("p", List.of(event("signup", "sign_up")), List.of(), DAY, ZoneId.of("UTC"));
        assertThat(Conversions.assemble(query, Aggregates.ZERO, List.of(Aggregates.ZERO)).rows().getFirst().conversionRate()).isNull();
    }

    @Test
    void the_goals_are_one_report_by_goal_among_the_ranges_filtered_events() {
        Goal blog = new Goal("blog", "", new Goal.PageVisit(new PagePattern("/blog/**")), List.of());
        ConversionsQuery query = new ConversionsQuery("p", List.of(blog), List.of(), DAY, ZoneId.of("UTC"));
        assertThat(query.byGoal().orElseThrow().dimensions())
                .containsExactly(new Dimension.Goal(List.of("blog"), List.of(blog.criteria()))); // page_view, and the path pattern
        assertThat(query.byGoal().orElseThrow().filters()).isEmpty();
        assertThat(query.visitors().filters()).isEmpty();
        assertThat(new ConversionsQuery("p", List.of(), List.of(), DAY, ZoneId.of("UTC")).byGoal()).isEmpty();
        assertThat(query.cacheKey()).contains("^/blog/.*$");
    }
}
