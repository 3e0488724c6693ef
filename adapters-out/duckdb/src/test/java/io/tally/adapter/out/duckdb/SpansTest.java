package io.tally.adapter.out.duckdb;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The ranges a probe filters by: neighbours share one, and past the limit the nearest are joined first. */
class SpansTest {

    private static List<Spans.Span> spans(List<Long> numbers, long gap, int max) {
        return Spans.covering(numbers, gap, max).spans();
    }

    @Test
    void numbers_at_most_the_gap_apart_share_a_range() {
        assertThat(spans(List.of(7L, 3L, 4L, 5L, 10L, 5L), 1, 8))
                .containsExactly(new Spans.Span(3, 5), new Spans.Span(7, 7), new Spans.Span(10, 10));
    }

    @Test
    void past_the_limit_the_two_nearest_ranges_are_joined_first() {
        // gaps: 0–10 is 10, 10–12 is 2, 12–40 is 28: 10 and 12 are joined, then 0 and 10–12
        assertThat(spans(List.of(0L, 10L, 12L, 40L), 1, 3))
                .containsExactly(new Spans.Span(0, 0), new Spans.Span(10, 12), new Spans.Span(40, 40));
        assertThat(spans(List.of(0L, 10L, 12L, 40L), 1, 2))
                .containsExactly(new Spans.Span(0, 12), new Spans.Span(40, 40));
    }

    @Test
    void nothing_needs_no_range() {
        assertThat(spans(List.of(), 1, 8)).isEmpty();
    }
}
