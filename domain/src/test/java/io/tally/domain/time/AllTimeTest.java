package io.tally.domain.time;

import io.tally.domain.query.ReportQuery;
import io.tally.domain.request.Definitions;
import io.tally.domain.request.ReportRequest;
import io.tally.domain.request.RequestContext;
import io.tally.domain.validation.Validated;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code all_time}: whole days from the project's first event's through today, in the query's zone. */
class AllTimeTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void runs_from_the_first_event_s_day_in_the_zone_through_today() {
        DateRange allTime = DateRange.parse("all_time").orElseThrow();
        assertThat(allTime).isEqualTo(new DateRange.AllTime());
        assertThat(allTime.wire()).isEqualTo("all_time");
        // 22:30 UTC on 3 November is 23:30 in Berlin (CET): its day starts at 23:00 UTC on 2 November
        assertThat(allTime.resolve(NOW, BERLIN, () -> Optional.of(Instant.parse("2026-11-03T22:30:00Z"))))
                .isEqualTo(new TimeRange(Instant.parse("2026-11-02T23:00:00Z"), Instant.parse("2026-11-28T23:00:00Z")));
        // the same instant is already 4 November in Kolkata (+05:30)
        assertThat(allTime.resolve(NOW, ZoneId.of("Asia/Kolkata"), () -> Optional.of(Instant.parse("2026-11-03T22:30:00Z"))))
                .isEqualTo(new TimeRange(Instant.parse("2026-11-03T18:30:00Z"), Instant.parse("2026-11-28T18:30:00Z")));
    }

    @Test
    void is_today_alone_without_events_or_when_they_are_all_later_than_today() {
        TimeRange today = new TimeRange(Instant.parse("2026-11-27T23:00:00Z"), Instant.parse("2026-11-28T23:00:00Z"));
        assertThat(new DateRange.AllTime().resolve(NOW, BERLIN, Optional::empty)).isEqualTo(today);
        assertThat(new DateRange.AllTime().resolve(NOW, BERLIN, () -> Optional.of(Instant.parse("2026-12-24T12:00:00Z"))))
                .isEqualTo(today);
        // where no first event is asked (a cohort rule), from the epoch
        assertThat(new DateRange.AllTime().resolve(NOW, BERLIN))
                .isEqualTo(new TimeRange(Instant.EPOCH, Instant.parse("2026-11-28T23:00:00Z")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_request_asks_for_the_first_event_only_for_all_time() {
        RequestContext context = new RequestContext("p", NOW, Definitions.NONE, () -> Optional.of(Instant.parse("2026-10-01T08:00:00Z")));
        Validated<ReportQuery> parsed = ReportRequest.parse(Map.of("metrics", List.of("events"), "dimensions", List.of("time:day"),
                "date_range", "all_time"), context);
        assertThat(((Validated.Valid<ReportQuery>) parsed).value().range())
                .isEqualTo(new TimeRange(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-11-29T00:00:00Z")));
        RequestContext refusing = new RequestContext("p", NOW, Definitions.NONE, () -> {
            throw new AssertionError("asked for the first event of a range that does not need it");
        });
        assertThat(ReportRequest.parse(Map.of("metrics", List.of("events"), "date_range", "last_7d"), refusing))
                .isInstanceOf(Validated.Valid.class);
    }
}
