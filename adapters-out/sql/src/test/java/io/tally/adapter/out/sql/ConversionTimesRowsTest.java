package io.tally.adapter.out.sql;

import io.tally.domain.funnel.ConversionTimes;
import io.tally.domain.funnel.TimeToConvert;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A histogram read from its bins' rows, whichever store's statement wrote them. */
class ConversionTimesRowsTest {

    private static final TimeToConvert FOUR_BINS = new TimeToConvert(1, 3, 4);

    @Test
    void bins_without_a_row_hold_no_user() {
        ConversionTimesRows rows = new ConversionTimesRows(FOUR_BINS);
        rows.add(NamedColumns.of("bin", "3", "users", "1", "total", "1920000", "shortest", "0", "width", "480001"));
        rows.add(NamedColumns.of("bin", "0", "users", "3", "total", "13000", "shortest", "0", "width", "480001"));
        ConversionTimes times = rows.times();
        assertThat(times.usersPerBin()).containsExactly(3L, 0L, 0L, 1L);
        assertThat(times.users()).isEqualTo(4);
        assertThat(times.totalMillis()).isEqualTo(1_933_000);
        assertThat(times.widthMillis()).isEqualTo(480_001);
    }

    @Test
    void no_rows_is_no_user() {
        assertThat(new ConversionTimesRows(FOUR_BINS).times()).isEqualTo(ConversionTimes.none(FOUR_BINS));
    }

    @Test
    void a_bin_outside_the_histogram_is_refused() {
        ConversionTimesRows rows = new ConversionTimesRows(FOUR_BINS);
        assertThatThrownBy(() -> rows.add(NamedColumns.of("bin", "4", "users", "1", "total", "9", "shortest", "0", "width", "1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bin 4");
    }
}
