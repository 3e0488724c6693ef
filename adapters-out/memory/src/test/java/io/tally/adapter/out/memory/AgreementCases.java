package io.tally.adapter.out.memory;

import io.tally.domain.event.Event;
import io.tally.domain.sample.TrafficGenerator;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.params.provider.Arguments;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The one data set and the one list of cases on which every engine must agree with the reference, shared by
 * the DuckDB and ClickHouse agreement tests (published as this module's test-jar).
 */
public final class AgreementCases {

    /** 50 days ending after the autumn DST change in Europe and North America. */
    public static final Instant END = Instant.parse("2026-11-10T00:00:00Z");
    public static final TimeRange ALL = new TimeRange(END.minus(Duration.ofDays(50)), END);

    private AgreementCases() {
    }

    public static List<Event> events() {
        return TrafficGenerator.list(new TrafficGenerator.Settings(60_000, 50, 2026, END, "default"));
    }

    /** Granularity, zone and range: every granularity, five zones, through the DST change and at odd edges. */
    public static Stream<Arguments> timeseriesCases() {
        List<Arguments> cases = new ArrayList<>();
        TimeRange aroundDst = new TimeRange(Instant.parse("2026-10-24T00:00:00Z"), Instant.parse("2026-11-03T00:00:00Z"));
        TimeRange odd = new TimeRange(Instant.parse("2026-10-20T13:17:00Z"), Instant.parse("2026-10-21T02:41:30Z"));
        for (String zone : List.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney")) {
            cases.add(Arguments.of(Granularity.DAY, zone, ALL));
            cases.add(Arguments.of(Granularity.WEEK, zone, ALL));
            cases.add(Arguments.of(Granularity.MONTH, zone, ALL));
            cases.add(Arguments.of(Granularity.HOUR, zone, aroundDst));
            cases.add(Arguments.of(Granularity.MINUTE, zone, odd));
        }
        return cases.stream();
    }
}
