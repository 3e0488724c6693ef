package io.tally.adapter.out.sql;

import io.tally.domain.path.PathCounts;
import io.tally.domain.path.PathDirection;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A paths answer's counts read from rows by column name, whatever order the rows and columns come in. */
class PathRowsTest {

    private static final PathsQuery TWO_STEPS = new PathsQuery("p1", EventCriteria.of("signup"), PathDirection.NEXT, 2, 10,
            new Dimension.EventType(), new TimeRange(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z")),
            ZoneOffset.UTC);

    private static NamedColumns row(String position, String node, String occurrences) {
        return NamedColumns.of("occurrences", occurrences, "node", node, "k", position);
    }

    @Test
    void each_row_counts_one_node_at_its_position_and_position_zero_counts_the_anchors() {
        PathRows rows = new PathRows(TWO_STEPS);
        rows.add(row("2", "buy", "1"));
        rows.add(row("0", null, "5"));
        rows.add(row("1", "view", "3"));
        rows.add(row("1", "buy", "2"));
        PathCounts counts = rows.counts();
        assertThat(counts.anchors()).isEqualTo(5);
        assertThat(counts.steps()).containsExactly(Map.of("view", 3L, "buy", 2L), Map.of("buy", 1L));
    }

    @Test
    void a_node_without_a_value_is_counted_under_none() {
        PathRows rows = new PathRows(TWO_STEPS);
        rows.add(row("1", null, "4"));
        assertThat(rows.counts().steps()).containsExactly(Map.of(PathCounts.NONE, 4L), Map.of());
    }

    @Test
    void no_rows_count_no_anchors_and_an_empty_map_for_every_position() {
        assertThat(new PathRows(TWO_STEPS).counts()).isEqualTo(new PathCounts(0, List.of(Map.of(), Map.of())));
    }

    @Test
    void a_row_without_the_count_fails_naming_the_column() {
        assertThatThrownBy(() -> new PathRows(TWO_STEPS).add(NamedColumns.of("k", "1", "node", "view", "n", "3")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("occurrences");
    }
}
