package io.tally.adapter.out.sql;

import io.tally.domain.funnel.FunnelCounts.StepCount;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.Group;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** A funnel's step counts read from rows by column name, whichever store's statement wrote them. */
class FunnelRowsTest {

    private static final TimeRange DAY = new TimeRange(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"));

    private static FunnelQuery threeSteps(Optional<Dimension> breakdown) {
        return new FunnelQuery("p1", List.of(EventCriteria.of("view"), EventCriteria.of("cart"), EventCriteria.of("buy")),
                Duration.ofDays(1), DAY, ZoneOffset.UTC, breakdown);
    }

    @Test
    void each_step_is_its_users_and_the_median_and_sum_from_the_previous_step_the_first_without_them() {
        Map<Group, List<StepCount>> answer = new HashMap<>();
        FunnelRows.add(threeSteps(Optional.empty()), NamedColumns.of("median3", "1500.5", "users3", "2", "b", null,
                "users1", "10", "median2", "60000.0", "users2", "4", "total2", "250000", "total3", "3001"), answer);
        assertThat(answer).containsOnly(entry(Group.NONE,
                List.of(new StepCount(10, null, null), new StepCount(4, 60_000.0, 250_000L), new StepCount(2, 1_500.5, 3_001L))));
        // the mean is the sum over the step's users: 250 000 / 4 and 3 001 / 2
        assertThat(answer.get(Group.NONE)).extracting(StepCount::meanMillisFromPrevious).containsExactly(null, 62_500.0, 1_500.5);
    }

    @Test
    void a_step_no_user_reached_has_no_median() {
        Map<Group, List<StepCount>> answer = new HashMap<>();
        FunnelRows.add(threeSteps(Optional.empty()), NamedColumns.of("b", null, "users1", "3", "users2", "0", "median2", null,
                "total2", null, "users3", "0", "median3", null, "total3", null), answer);
        assertThat(answer.get(Group.NONE)).containsExactly(new StepCount(3, null, null), new StepCount(0, null, null),
                new StepCount(0, null, null));
        assertThat(answer.get(Group.NONE)).extracting(StepCount::meanMillisFromPrevious).containsOnlyNulls();
    }

    @Test
    void with_a_breakdown_each_row_is_the_group_of_its_value_and_null_is_a_group_of_its_own() {
        Map<Group, List<StepCount>> answer = new HashMap<>();
        FunnelQuery byCountry = threeSteps(Optional.of(new Dimension.Property("country")));
        FunnelRows.add(byCountry, NamedColumns.of("b", "FR", "users1", "2", "users2", "1", "median2", "5.0", "total2", "5",
                "users3", "0", "median3", null, "total3", null), answer);
        FunnelRows.add(byCountry, NamedColumns.of("b", null, "users1", "1", "users2", "0", "median2", null, "total2", null,
                "users3", "0", "median3", null, "total3", null), answer);
        assertThat(answer).containsOnlyKeys(Group.of("FR"), Group.of((String) null));
        assertThat(answer.get(Group.of("FR")).get(1)).isEqualTo(new StepCount(1, 5.0, 5L));
    }

    @Test
    void with_a_breakdown_the_row_over_every_value_goes_to_the_overall_counts_and_a_null_value_stays_a_value() {
        Map<Group, List<StepCount>> answer = new HashMap<>();
        Map<Group, List<StepCount>> overall = new HashMap<>();
        FunnelQuery byCountry = threeSteps(Optional.of(new Dimension.Property("country")));
        FunnelRows.add(byCountry, NamedColumns.of("whole", "1", "b", null, "users1", "3", "users2", "1", "median2", "5.0",
                "total2", "5", "users3", "0", "median3", null, "total3", null), answer, overall);
        FunnelRows.add(byCountry, NamedColumns.of("whole", "0", "b", null, "users1", "1", "users2", "0", "median2", null,
                "total2", null, "users3", "0", "median3", null, "total3", null), answer, overall);
        assertThat(overall).containsOnlyKeys(Group.NONE);
        assertThat(overall.get(Group.NONE).getFirst()).isEqualTo(StepCount.first(3));
        assertThat(answer).containsOnlyKeys(Group.of((String) null));
        assertThat(FunnelRows.groupBy(byCountry)).isEqualTo("GROUPING SETS ((b), ()) HAVING count(*) > 0");
    }

    @Test
    void a_row_without_a_later_steps_median_fails_naming_the_column() {
        assertThatThrownBy(() -> FunnelRows.add(threeSteps(Optional.empty()), NamedColumns.of("b", null, "users1", "3",
                "users2", "1", "median2", "7.0", "total2", "7", "users3", "0"), new HashMap<>()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("median3");
    }

    @Test
    void a_row_without_a_later_steps_sum_fails_naming_the_column() {
        assertThatThrownBy(() -> FunnelRows.add(threeSteps(Optional.empty()), NamedColumns.of("b", null, "users1", "3",
                "users2", "1", "median2", "7.0", "users3", "0", "median3", null), new HashMap<>()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("total2");
    }

    @Test
    void several_dimensions_are_read_back_from_one_key_whatever_their_text() {
        // "a,b" (2C is the comma), NULL, "" (an x alone), "-" (2D), "é" (its two UTF-8 bytes): hex as either store writes it
        assertThat(FunnelRows.breakdownValues("x612C62,-,x,x2D,xC3A9", 5)).containsExactly("a,b", null, "", "-", "é");
        assertThat(FunnelRows.breakdownValues("xc3a9,-", 2)).containsExactly("é", null);
        // all missing: a NULL key, the same group as an attempt short of an attributed step
        assertThat(FunnelRows.breakdownValues(null, 3)).containsExactly(null, null, null);
        // one dimension: the value itself, no encoding
        assertThat(FunnelRows.breakdownValues("x,-", 1)).containsExactly("x,-");
    }

    @Test
    void the_key_of_several_dimensions_is_null_only_when_every_value_is() {
        assertThat(FunnelRows.breakdownKey(List.of("d0", "d1"), "NULL"))
                .isEqualTo("nullif(coalesce('x' || hex(d0), '-') || ',' || coalesce('x' || hex(d1), '-'), '-,-')");
        assertThat(FunnelRows.breakdownKey(List.of("d0"), "NULL")).isEqualTo("d0");
        assertThat(FunnelRows.breakdownKey(List.of(), "NULL")).isEqualTo("NULL");
    }
}
