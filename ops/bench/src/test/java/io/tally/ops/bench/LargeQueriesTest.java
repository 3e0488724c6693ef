package io.tally.ops.bench;

import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LargeQueriesTest {

    private static List<String> names(List<IngestAndQueries.Query> queries) {
        return queries.stream().map(IngestAndQueries.Query::name).toList();
    }

    @Test
    void the_queries_named_run_in_the_suite_order_whatever_the_order_given() {
        List<String> named = LargeQueries.named(" conversions_30d,channels_30d,,channels_30d");

        assertThat(names(LargeQueries.selected(named))).containsExactly("channels_30d", "conversions_30d");
    }

    @Test
    void naming_no_query_runs_them_all() {
        assertThat(LargeQueries.named("")).isEmpty();
        assertThat(LargeQueries.selected(List.of())).isEqualTo(LargeQueries.ALL);
    }

    @Test
    void a_name_of_no_query_is_refused_before_anything_is_loaded() {
        assertThatThrownBy(() -> LargeQueries.named("channels_30d,chanels_30d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[chanels_30d]")
                .hasMessageContaining("entry_pages_30d");
    }

    @Test
    void every_query_has_its_hand_written_limit_on_both_stores() {
        HandSql.Ranges ranges = new HandSql.Ranges(new TimeRange(Instant.parse("2026-11-01T10:00:00Z"),
                Instant.parse("2026-12-01T10:00:00Z")), Optional.of(new TimeRange(Instant.parse("2026-10-02T10:00:00Z"),
                Instant.parse("2026-11-01T10:00:00Z"))));
        for (String store : List.of("duckdb", "clickhouse-embedded")) {
            for (IngestAndQueries.Query query : LargeQueries.ALL) {
                assertThat(HandSql.of(store).sql(query.name(), ranges)).as(store + " " + query.name())
                        .doesNotContain(":from", ":to", ":project");
            }
        }
    }
}
