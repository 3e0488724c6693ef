package io.tally.domain.time;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GranularityTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void a_day_across_the_spring_change_has_23_hours_and_across_the_autumn_change_25() {
        Instant spring = Granularity.DAY.bucketStart(Instant.parse("2026-03-29T12:00:00Z"), BERLIN);
        assertThat(spring).isEqualTo(Instant.parse("2026-03-28T23:00:00Z"));
        assertThat(Duration.between(spring, Granularity.DAY.next(spring, BERLIN))).isEqualTo(Duration.ofHours(23));

        Instant autumn = Granularity.DAY.bucketStart(Instant.parse("2026-10-25T12:00:00Z"), BERLIN);
        assertThat(Duration.between(autumn, Granularity.DAY.next(autumn, BERLIN))).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void the_repeated_autumn_hour_is_two_hourly_buckets() {
        // 02:00-03:00 local happens twice on 2026-10-25 in Berlin: 00:00Z-01:00Z (+02:00) and 01:00Z-02:00Z (+01:00)
        TimeRange night = new TimeRange(Instant.parse("2026-10-24T23:00:00Z"), Instant.parse("2026-10-25T03:00:00Z"));
        List<Instant> buckets = TimeBuckets.covering(night, Granularity.HOUR, BERLIN);
        assertThat(buckets).containsExactly(Instant.parse("2026-10-24T23:00:00Z"), Instant.parse("2026-10-25T00:00:00Z"),
                Instant.parse("2026-10-25T01:00:00Z"), Instant.parse("2026-10-25T02:00:00Z"));
    }

    @Test
    void hours_follow_the_local_clock_in_half_hour_zones() {
        ZoneId kolkata = ZoneId.of("Asia/Kolkata");
        assertThat(Granularity.HOUR.bucketStart(Instant.parse("2026-01-01T10:10:00Z"), kolkata))
                .isEqualTo(Instant.parse("2026-01-01T09:30:00Z"));
    }

    @Test
    void weeks_start_on_monday_and_months_on_the_first() {
        Instant wednesday = Instant.parse("2026-11-25T10:00:00Z");
        assertThat(Granularity.WEEK.bucketStart(wednesday, ZoneId.of("UTC"))).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(Granularity.MONTH.bucketStart(wednesday, ZoneId.of("UTC"))).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(Granularity.MONTH.next(Instant.parse("2026-11-01T00:00:00Z"), ZoneId.of("UTC")))
                .isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    }

    @Test
    void a_range_covers_every_bucket_including_the_partial_first_one() {
        TimeRange range = new TimeRange(Instant.parse("2026-11-28T10:30:00Z"), Instant.parse("2026-11-28T13:00:00Z"));
        assertThat(TimeBuckets.covering(range, Granularity.HOUR, ZoneId.of("UTC"))).containsExactly(
                Instant.parse("2026-11-28T10:00:00Z"), Instant.parse("2026-11-28T11:00:00Z"),
                Instant.parse("2026-11-28T12:00:00Z"));
    }

    @Test
    void hours_move_on_where_the_clock_turns_back_half_an_hour() {
        // Lord Howe leaves summer time (+11:00) for +10:30 at 02:00 local on 5 April 2026, 15:00 UTC: local 01:30 to 02:00
        // comes twice, and 01:00 truncated from the second pass is the first pass's 01:00 (14:00 UTC). That hour's bucket
        // runs to 02:00 local (15:30 UTC) instead of mapping back to itself for ever.
        ZoneId lordHowe = ZoneId.of("Australia/Lord_Howe");
        TimeRange range = new TimeRange(Instant.parse("2026-04-04T13:00:00Z"), Instant.parse("2026-04-04T17:00:00Z"));
        assertThat(TimeBuckets.covering(range, Granularity.HOUR, lordHowe)).containsExactly(
                Instant.parse("2026-04-04T13:00:00Z"), Instant.parse("2026-04-04T14:00:00Z"),
                Instant.parse("2026-04-04T15:30:00Z"), Instant.parse("2026-04-04T16:30:00Z"));
    }
}
