package io.tally.adapter.out.duckdb;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The probe's scope: the batch's whole UTC hours, contiguous ones joined, and the latest rows. */
class ResendProbeTest {

    private static long hour(String instant) {
        return Instant.parse(instant).getEpochSecond() / 3_600;
    }

    @Test
    void a_batchs_times_become_spans_of_whole_hours() {
        ResendProbe probe = ResendProbe.of(List.of(Instant.parse("2026-11-20T10:15:00Z"), Instant.parse("2026-11-20T11:59:59Z"),
                Instant.parse("2026-11-20T10:59:00Z"), Instant.parse("2026-11-20T14:00:00Z")), 100, 10);
        assertThat(probe.hours().spans()).containsExactly(
                new Spans.Span(hour("2026-11-20T10:00:00Z"), hour("2026-11-20T11:00:00Z")),
                new Spans.Span(hour("2026-11-20T14:00:00Z"), hour("2026-11-20T14:00:00Z")));
        assertThat(probe.recentAfter()).isEqualTo(90);
        assertThat(probe.sql().split("UNION ALL")).hasSize(3);
    }

    @Test
    void while_the_latest_rows_are_every_row_the_hours_are_not_read_again() {
        ResendProbe probe = ResendProbe.of(List.of(Instant.parse("2026-11-20T10:15:00Z")), 5, 10);
        assertThat(probe.hours().spans()).isEmpty();
        assertThat(probe.recentAfter()).isNegative();
        assertThat(probe.sql()).doesNotContain("UNION ALL").doesNotContain("e.ts >=");
    }
}
