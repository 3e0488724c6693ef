package io.tally.domain.alert;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ConditionTest {

    private static Baseline previous(double value) {
        return new Baseline(OptionalDouble.of(value), List.of());
    }

    @Test
    void above_with_a_recovery_level_clears_only_below_it() {
        Condition above = new Condition.Above(100, OptionalDouble.of(80));
        assertThat(above.judge(101, Baseline.NONE, false)).isEqualTo(Verdict.BREACHED);
        assertThat(above.judge(100, Baseline.NONE, false)).isEqualTo(Verdict.CLEAR);
        assertThat(above.judge(90, Baseline.NONE, true)).isEqualTo(Verdict.BREACHED);
        assertThat(above.judge(80, Baseline.NONE, true)).isEqualTo(Verdict.CLEAR);
    }

    @Test
    void below_mirrors_above() {
        Condition below = new Condition.Below(10, OptionalDouble.of(15));
        assertThat(below.judge(9, Baseline.NONE, false)).isEqualTo(Verdict.BREACHED);
        assertThat(below.judge(12, Baseline.NONE, true)).isEqualTo(Verdict.BREACHED);
        assertThat(below.judge(15, Baseline.NONE, true)).isEqualTo(Verdict.CLEAR);
    }

    @Test
    void change_against_the_previous_window() {
        Condition up = new Condition.Change(50, Condition.Direction.UP);
        assertThat(up.judge(151, previous(100), false)).isEqualTo(Verdict.BREACHED);
        assertThat(up.judge(150, previous(100), false)).isEqualTo(Verdict.CLEAR);
        assertThat(up.judge(10, previous(100), false)).isEqualTo(Verdict.CLEAR);
        Condition either = new Condition.Change(50, Condition.Direction.EITHER);
        assertThat(either.judge(40, previous(100), false)).isEqualTo(Verdict.BREACHED);
        assertThat(either.judge(5, previous(0), false)).isEqualTo(Verdict.UNKNOWN);
        assertThat(either.judge(5, Baseline.NONE, false)).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void the_anomaly_band_is_the_mean_plus_or_minus_tolerance_standard_deviations() {
        // history 10, 12, 14, 12: mean 12, population variance (4 + 0 + 4 + 0) / 4 = 2, so 3 sigma = 4.243
        Condition.Anomaly.Band band = Condition.Anomaly.band(List.of(10.0, 12.0, 14.0, 12.0), 3);
        assertThat(band.low()).isCloseTo(12 - 3 * Math.sqrt(2), within(1e-9));
        assertThat(band.high()).isCloseTo(12 + 3 * Math.sqrt(2), within(1e-9));
        Condition anomaly = new Condition.Anomaly(4, 3);
        Baseline weeks = new Baseline(OptionalDouble.empty(), List.of(10.0, 12.0, 14.0, 12.0));
        assertThat(anomaly.judge(16.2, weeks, false)).isEqualTo(Verdict.CLEAR);
        assertThat(anomaly.judge(16.3, weeks, false)).isEqualTo(Verdict.BREACHED);
        assertThat(anomaly.judge(7.7, weeks, false)).isEqualTo(Verdict.BREACHED);
    }

    @Test
    void a_flat_history_still_leaves_a_band_of_ten_percent_or_one() {
        Condition.Anomaly.Band flat = Condition.Anomaly.band(List.of(200.0, 200.0, 200.0), 3);
        assertThat(flat.low()).isEqualTo(180);
        assertThat(flat.high()).isEqualTo(220);
        Condition.Anomaly.Band zero = Condition.Anomaly.band(List.of(0.0, 0.0), 3);
        assertThat(zero.high()).isEqualTo(1);
    }

    @Test
    void too_little_history_judges_nothing() {
        assertThat(new Condition.Anomaly(4, 3).judge(1000, new Baseline(OptionalDouble.empty(), List.of(5.0)), false))
                .isEqualTo(Verdict.UNKNOWN);
    }
}
