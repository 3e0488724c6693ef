package io.tally.domain.time;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeZonesTest {

    @ParameterizedTest(name = "{0} is {1}, {2} to the stores")
    @CsvSource(delimiter = '|', value = {
            "Europe/Berlin | Europe/Berlin | Europe/Berlin",
            "Asia/Kolkata  | Asia/Kolkata  | Asia/Kolkata",
            "UTC           | UTC           | UTC",
            "Z             | UTC           | UTC",
            "UT            | UTC           | UTC",
            "GMT           | GMT           | GMT",
            "+14:00        | +14:00        | Etc/GMT-14",
            "GMT+14        | +14:00        | Etc/GMT-14",
            "UTC+5         | +05:00        | Etc/GMT-5",
            "-12:00        | -12:00        | Etc/GMT+12",
            "SystemV/EST5  | -05:00        | Etc/GMT+5",
            "Etc/GMT-3     | Etc/GMT-3     | Etc/GMT-3"})
    void zones_both_stores_understand_are_accepted_and_named_for_them(String name, String zone, String storeName) {
        Optional<ZoneId> parsed = TimeZones.parse(name);
        assertThat(parsed).map(ZoneId::getId).contains(zone);
        assertThat(TimeZones.storeName(parsed.orElseThrow())).isEqualTo(storeName);
    }

    @ParameterizedTest
    @CsvSource({"+05:30", "UTC+05:30", "-03:30", "+15:00", "-13:00", "SystemV/EST5EDT", "America/Vancouver",
            "Australia/Lord_Howe", "Mars/Olympus", "europe/berlin", "EST", "''", "' Europe/Paris'", "'Europe/Paris '", "' UTC'",
            "'+05:00 '"})
    void zones_a_store_does_not_understand_or_cuts_differently_are_refused(String name) {
        assertThat(TimeZones.parse(name)).isEmpty();
    }

    @Test
    void a_fixed_offset_keeps_its_buckets_under_its_store_name() {
        // 2026-03-01T20:30Z is 10:30 on 2 March at +14:00: the day starts at 2026-03-01T10:00Z
        ZoneId plus14 = TimeZones.parse("+14:00").orElseThrow();
        assertThat(Granularity.DAY.bucketStart(Instant.parse("2026-03-01T20:30:00Z"), plus14))
                .isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(Granularity.DAY.bucketStart(Instant.parse("2026-03-01T20:30:00Z"), ZoneId.of("Etc/GMT-14")))
                .isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
    }

    @Test
    void every_listed_region_is_a_java_region_and_no_offset_is_listed() {
        assertThat(TimeZones.regions()).hasSizeGreaterThan(500).contains("Europe/Berlin", "America/New_York", "Asia/Kolkata",
                "Australia/Sydney", "America/Havana", "Etc/GMT-14").doesNotContain("America/Vancouver", "SystemV/EST5");
        TimeZones.regions().forEach(name -> assertThat(ZoneId.of(name)).isNotInstanceOf(ZoneOffset.class));
    }

    @Test
    void an_offset_no_store_can_name_is_a_fault_not_a_wrong_zone() {
        assertThatThrownBy(() -> TimeZones.storeName(ZoneOffset.ofHoursMinutes(5, 30))).isInstanceOf(IllegalArgumentException.class);
    }
}
