package io.tally.domain.schedule;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Next run times worked out by hand on a calendar (2026-11-28 is a Saturday). */
class CronTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Instant next(String expression, String after, ZoneId zone) {
        return Cron.parse(expression, new StringBuilder()).orElseThrow().next(Instant.parse(after), zone).orElseThrow();
    }

    @Test
    void monday_at_eight_in_berlin_is_seven_utc_in_winter() {
        assertThat(next("0 8 * * MON", "2026-11-28T12:00:00Z", BERLIN)).isEqualTo("2026-11-30T07:00:00Z");
    }

    @Test
    void steps_lists_and_ranges() {
        assertThat(next("*/15 * * * *", "2026-11-28T12:07:30Z", ZoneOffset.UTC)).isEqualTo("2026-11-28T12:15:00Z");
        assertThat(next("5,35 9-17 * * 1-5", "2026-11-28T12:00:00Z", ZoneOffset.UTC)).isEqualTo("2026-11-30T09:05:00Z");
        assertThat(next("0 0 1 JAN,JUL *", "2026-11-28T12:00:00Z", ZoneOffset.UTC)).isEqualTo("2027-01-01T00:00:00Z");
        assertThat(next("@daily", "2026-11-28T12:00:00Z", ZoneOffset.UTC)).isEqualTo("2026-11-29T00:00:00Z");
    }

    @Test
    void a_time_equal_to_after_is_not_next() {
        assertThat(next("0 12 * * *", "2026-11-28T12:00:00Z", ZoneOffset.UTC)).isEqualTo("2026-11-29T12:00:00Z");
    }

    @Test
    void six_fields_put_seconds_first() {
        assertThat(next("*/5 * * * * *", "2026-11-28T12:00:03Z", ZoneOffset.UTC)).isEqualTo("2026-11-28T12:00:05Z");
        assertThat(next("30 0 8 * * *", "2026-11-28T12:00:00Z", ZoneOffset.UTC)).isEqualTo("2026-11-29T08:00:30Z");
    }

    @Test
    void restricted_day_of_month_and_weekday_match_either() {
        // November 2026: the 1st is a Sunday, so Friday the 6th comes before the 13th
        assertThat(next("0 0 13 * FRI", "2026-11-01T00:00:00Z", ZoneOffset.UTC)).isEqualTo("2026-11-06T00:00:00Z");
        assertThat(next("0 0 13 * *", "2026-11-01T00:00:00Z", ZoneOffset.UTC)).isEqualTo("2026-11-13T00:00:00Z");
    }

    @Test
    void a_wall_clock_time_skipped_by_daylight_saving_does_not_run_that_day() {
        // 2027-03-28 02:00 CET jumps to 03:00 CEST: 02:30 does not exist; the next 02:30 is 00:30 UTC on the 29th
        assertThat(next("30 2 * * *", "2027-03-27T12:00:00Z", BERLIN)).isEqualTo("2027-03-29T00:30:00Z");
    }

    @Test
    void a_wall_clock_time_repeated_by_daylight_saving_runs_once() {
        // 2026-10-25 03:00 CEST falls back to 02:00 CET: 02:30 happens at 00:30 and 01:30 UTC; only the first runs
        assertThat(next("30 2 * * *", "2026-10-24T12:00:00Z", BERLIN)).isEqualTo("2026-10-25T00:30:00Z");
        assertThat(next("30 2 * * *", "2026-10-25T00:30:00Z", BERLIN)).isEqualTo("2026-10-26T01:30:00Z");
    }

    @Test
    void bad_expressions_say_why() {
        StringBuilder why = new StringBuilder();
        assertThat(Cron.parse("61 * * * *", why)).isEmpty();
        assertThat(why.toString()).contains("minute 61");
        why.setLength(0);
        assertThat(Cron.parse("* * *", why)).isEmpty();
        assertThat(why.toString()).contains("five fields");
        why.setLength(0);
        assertThat(Cron.parse("0 0 * * FUNDAY", why)).isEmpty();
        assertThat(why.toString()).contains("day of week");
        assertThat(Cron.parse("0 9-5 * * *", new StringBuilder())).isEqualTo(Optional.empty());
    }
}
