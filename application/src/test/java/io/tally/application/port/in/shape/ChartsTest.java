package io.tally.application.port.in.shape;

import io.tally.application.port.in.Answer;
import io.tally.domain.funnel.ConversionTimes;
import io.tally.domain.funnel.Funnel;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.funnel.TimeToConvert;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A funnel's time-to-convert histogram in the chart shape: bounds in seconds, every bin listed, only when asked. */
class ChartsTest {

    private static final FunnelQuery QUERY = new FunnelQuery("p", List.of(EventCriteria.of("page_view"),
            EventCriteria.of("sign_up"), EventCriteria.of("purchase")), FunnelQuery.DEFAULT_WINDOW,
            new TimeRange(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-08T00:00:00Z")), ZoneOffset.UTC,
            Optional.empty());
    private static final TimeToConvert SPAN = new TimeToConvert(2, 3, 3);

    private static Map<String, Object> chart(Optional<ConversionTimes> times) {
        Funnel funnel = new Funnel(times.isPresent() ? QUERY.withTimeToConvert(SPAN) : QUERY, List.of(), List.of(), times);
        return Charts.funnel(new Answer<>(funnel, "raw", Duration.ofMillis(3)));
    }

    @Test
    void the_histogram_follows_the_breakdown_with_its_bins_in_seconds() {
        // times 1,500 ms, 2,000 ms and 4,000 ms: width = (4,000 - 1,500 + 3) / 3 = 834 ms, so the bins start at
        // 1,500, 2,334 and 3,168 ms; 1,500 and 2,000 fall in the first, 4,000 (< 4,002) in the last
        Map<String, Object> chart = chart(Optional.of(ConversionTimes.of(SPAN, List.of(2_000L, 4_000L, 1_500L))));
        assertThat(chart.keySet()).containsExactly("columns", "rows", "breakdown", "time_to_convert", "meta");
        assertThat(chart.get("time_to_convert")).isEqualTo(Map.of("from_step", 2, "to_step", 3, "bins", 3, "users", 3L,
                "mean_seconds", 2.5, "histogram", List.of(
                        Map.of("from_seconds", 1.5, "to_seconds", 2.334, "users", 2L),
                        Map.of("from_seconds", 2.334, "to_seconds", 3.168, "users", 0L),
                        Map.of("from_seconds", 3.168, "to_seconds", 4.002, "users", 1L))));
    }

    @Test
    void without_users_there_are_no_bins_and_no_mean() {
        @SuppressWarnings("unchecked")
        Map<String, Object> times = (Map<String, Object>) chart(Optional.of(ConversionTimes.none(SPAN))).get("time_to_convert");
        assertThat(times).containsEntry("users", 0L).containsEntry("bins", 3).containsEntry("histogram", List.of());
        assertThat(times).containsKey("mean_seconds");
        assertThat(times.get("mean_seconds")).isNull();
    }

    @Test
    void a_funnel_that_did_not_ask_has_no_histogram() {
        assertThat(chart(Optional.empty())).doesNotContainKey("time_to_convert");
    }
}
