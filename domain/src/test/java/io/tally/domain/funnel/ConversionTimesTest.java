package io.tally.domain.funnel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A time-to-convert histogram's bins, worked out by hand. */
class ConversionTimesTest {

    @Test
    void equal_bins_from_the_shortest_time_hold_the_longest_in_the_last_bin() {
        // shortest 1 000, longest 10 000: width = (9 000 + 3) / 3 = 3 001; bins [1 000, 4 001), [4 001, 7 002), [7 002, 10 003)
        ConversionTimes times = ConversionTimes.of(new TimeToConvert(1, 2, 3), List.of(10_000L, 1_000L, 2_500L, 4_000L));
        assertThat(times.shortestMillis()).isEqualTo(1_000);
        assertThat(times.widthMillis()).isEqualTo(3_001);
        assertThat(times.usersPerBin()).containsExactly(3L, 0L, 1L);
        assertThat(times.users()).isEqualTo(4);
        assertThat(times.totalMillis()).isEqualTo(17_500);
        assertThat(times.meanMillis()).isEqualTo(4_375.0);
    }

    @Test
    void equal_times_fall_in_the_first_of_bins_a_millisecond_wide() {
        ConversionTimes times = ConversionTimes.of(new TimeToConvert(1, 3, 4), List.of(5L, 5L));
        assertThat(times.widthMillis()).isEqualTo(1);
        assertThat(times.usersPerBin()).containsExactly(2L, 0L, 0L, 0L);
    }

    @Test
    void a_range_that_divides_evenly_still_fits_its_longest_time() {
        // 0 to 100 in 10 bins: 101 values need width 11 (10 would put 100 in an eleventh bin)
        ConversionTimes times = ConversionTimes.of(new TimeToConvert(1, 2, 10), List.of(0L, 100L));
        assertThat(times.widthMillis()).isEqualTo(11);
        assertThat(times.usersPerBin()).containsExactly(1L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 1L);
    }

    @Test
    void without_users_there_are_no_bins_and_no_mean() {
        ConversionTimes times = ConversionTimes.of(new TimeToConvert(1, 2, 10), List.of());
        assertThat(times.usersPerBin()).isEmpty();
        assertThat(times.meanMillis()).isNull();
    }

    @Test
    void a_span_runs_forward_over_1_to_90_bins() {
        assertThatThrownBy(() -> new TimeToConvert(2, 2, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimeToConvert(0, 2, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimeToConvert(1, 2, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimeToConvert(1, 2, 91)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bins_must_add_up_to_the_users() {
        assertThatThrownBy(() -> new ConversionTimes(new TimeToConvert(1, 2, 2), 3, 0, 0, 1, List.of(1L, 1L)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
