package io.tally.domain.query;

import io.tally.domain.event.IdHash;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class VisitorSketchTest {

    @Test
    void a_user_added_twice_or_a_sketch_merged_twice_counts_once() {
        VisitorSketch some = new VisitorSketch();
        for (int i = 0; i < 1_000; i++) {
            some.add(IdHash.of("u" + i)).add(IdHash.of("u" + i));
        }
        byte[] bytes = some.bytes();
        assertThat(new VisitorSketch().merge(bytes).merge(bytes).estimate()).isEqualTo(1_000);
    }

    @Test
    void below_k_users_the_estimate_is_the_exact_count_however_they_were_split() {
        List<byte[]> parts = new ArrayList<>();
        for (int part = 0; part < 7; part++) {
            VisitorSketch sketch = new VisitorSketch();
            for (int i = part * 500; i < part * 500 + 900; i++) { // overlapping slices of users 0 … 3,899
                sketch.add(IdHash.of("user-" + i));
            }
            parts.add(sketch.bytes());
        }
        VisitorSketch union = new VisitorSketch();
        parts.forEach(union::merge);
        assertThat(union.estimate()).isEqualTo(3_900); // 6 * 500 + 900
    }

    @Test
    void the_stated_bound_is_two_relative_standard_errors() {
        assertThat(VisitorSketch.errorBound(12)).isCloseTo(2 / Math.sqrt(4095), within(1e-12));
        assertThat(VisitorSketch.errorBound(12)).isCloseTo(0.03125, within(0.00001));
        assertThat(new VisitorSketch(6).errorBound()).isCloseTo(2 / Math.sqrt(63), within(1e-12));
    }

    @Test
    void two_hundred_thousand_users_are_estimated_within_the_bound() {
        VisitorSketch sketch = new VisitorSketch();
        for (int i = 0; i < 200_000; i++) {
            sketch.add(IdHash.of("usr-" + i));
        }
        assertThat(sketch.estimate()).isCloseTo(200_000L, within(Math.round(200_000 * sketch.errorBound())));
    }

    @Test
    void a_small_sketch_unioned_from_hours_stays_within_its_wider_bound() {
        // k = 64: 10,000 users over 100 "hours" with a tenth of each hour's users seen the hour before too
        List<byte[]> hours = new ArrayList<>();
        for (int hour = 0; hour < 100; hour++) {
            VisitorSketch sketch = new VisitorSketch(6);
            for (int i = Math.max(0, hour * 100 - 10); i < hour * 100 + 100; i++) {
                sketch.add(IdHash.of("usr-" + i));
            }
            hours.add(sketch.bytes());
        }
        VisitorSketch union = new VisitorSketch(6);
        hours.forEach(union::merge);
        assertThat(union.estimate()).isCloseTo(10_000L, within(Math.round(10_000 * union.errorBound())));
    }
}
