package io.tally.domain.schedule;

import io.tally.domain.Hostile;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile cron expressions: the parser never throws, a refusal says why, and an accepted schedule's next run
 * (in zones with daylight-saving changes) is always later than the instant asked about.
 */
class CronPropertyTest {

    @Provide
    Arbitrary<String> expressions() {
        Arbitrary<String> field = Arbitraries.of("*", "*/5", "0", "59", "60", "-1", "1-5", "5-1", "1,2,3", "*/0", "L", "?",
                "MON", "mon-fri", "JAN", "31", "29", "2/3", "1-", ",", "99999999999", "0x10", "*/2147483648");
        return Arbitraries.oneOf(field.list().ofMinSize(4).ofMaxSize(7).map(f -> String.join(" ", f)), Hostile.text());
    }

    @Property(tries = 3000, seed = "18031")
    void a_schedule_is_parsed_or_refused_with_a_reason(@ForAll("expressions") String expression,
                                                      @ForAll("zones") String zone) {
        StringBuilder why = new StringBuilder();
        Optional<Cron> cron = Cron.parse(expression, why);
        if (cron.isEmpty()) {
            assertThat(why).as(expression).isNotEmpty();
            return;
        }
        Instant after = Instant.parse("2026-03-29T00:30:00Z");
        cron.get().next(after, ZoneId.of(zone)).ifPresent(next -> assertThat(next).isAfter(after));
    }

    @Provide
    Arbitrary<String> zones() {
        return Arbitraries.of("UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe");
    }
}
