package io.tally.domain.time;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetentionTest {

    @Test
    void the_horizon_is_midnight_utc_that_many_days_before_today() {
        Retention threeDays = new Retention(3);
        // 2026-11-28 is today in UTC whatever the hour: the kept days are 25, 26, 27 and 28
        assertThat(threeDays.horizon(Instant.parse("2026-11-28T00:00:00Z"))).isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(threeDays.horizon(Instant.parse("2026-11-28T23:59:59.999Z"))).isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(threeDays.horizon(Instant.parse("2026-11-29T00:00:00Z"))).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
    }

    @Test
    void an_event_is_kept_from_the_horizon_on() {
        Retention threeDays = new Retention(3);
        Instant now = Instant.parse("2026-11-28T10:00:00Z");
        assertThat(threeDays.keeps(Instant.parse("2026-11-25T00:00:00Z"), now)).isTrue();
        assertThat(threeDays.keeps(Instant.parse("2026-11-24T23:59:59.999Z"), now)).isFalse();
    }

    @Test
    void the_default_keeps_761_days_across_a_leap_day() {
        // 2028-02-29 lies between: 761 days before 2028-12-01 is 2026-11-01 (365 + 366 + 30)
        assertThat(Retention.DEFAULT.horizon(Instant.parse("2028-12-01T12:00:00Z"))).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    }

    @Test
    void nothing_before_1970_is_kept_however_long_the_retention() {
        Instant now = Instant.parse("2026-12-05T12:00:00Z");
        assertThat(Retention.ALL.horizon(now)).isEqualTo(Instant.EPOCH);
        assertThat(Retention.ALL.keeps(Instant.parse("1969-12-31T23:59:59.999Z"), now)).isFalse();
        assertThat(Retention.ALL.keeps(Instant.EPOCH, now)).isTrue();
    }

    @Test
    void less_than_a_day_or_more_than_a_century_is_refused() {
        assertThatThrownBy(() -> new Retention(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Retention(36_501)).isInstanceOf(IllegalArgumentException.class);
    }
}
