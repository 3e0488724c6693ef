package io.tally.domain.query;

import io.tally.domain.time.Granularity;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TimeseriesRequestTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:34:56Z");

    @Test
    void defaults_are_the_last_24_hours_hourly_in_utc_ending_with_the_current_hour() {
        TimeseriesRequest request = new TimeseriesRequest(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
        TimeseriesQuery query = ((Validated.Valid<TimeseriesQuery>) request.toQuery("default", NOW)).value();
        assertThat(query.range().to()).isEqualTo(Instant.parse("2026-11-28T13:00:00Z"));
        assertThat(query.range().from()).isEqualTo(Instant.parse("2026-11-27T13:00:00Z"));
        assertThat(query.granularity()).isEqualTo(Granularity.HOUR);
        assertThat(query.metrics()).containsExactly(SeriesMetric.values());
    }

    @Test
    void every_bad_parameter_is_named() {
        TimeseriesRequest request = new TimeseriesRequest(Optional.of("page_views,revenue'--"), Optional.of("soon"),
                Optional.of("2026-11-28T00:00:00Z"), Optional.of("fortnight"), Optional.of("Mars/Olympus"));
        List<Violation> violations = ((Validated.Invalid<TimeseriesQuery>) request.toQuery("default", NOW)).violations();
        assertThat(violations).extracting(Violation::field)
                .containsExactlyInAnyOrder("metric", "from", "interval", "timezone");
    }

    @Test
    void an_empty_or_padded_value_is_refused_never_defaulted_nor_trimmed() {
        Optional<String> empty = Optional.of("");
        TimeseriesRequest empties = new TimeseriesRequest(empty, empty, empty, empty, empty);
        assertThat(((Validated.Invalid<TimeseriesQuery>) empties.toQuery("default", NOW)).violations())
                .extracting(Violation::field, Violation::kind).containsExactlyInAnyOrder(
                        Tuple.tuple("metric", ViolationKind.BLANK),
                        Tuple.tuple("from", ViolationKind.BLANK),
                        Tuple.tuple("to", ViolationKind.BLANK),
                        Tuple.tuple("interval", ViolationKind.BLANK),
                        Tuple.tuple("timezone", ViolationKind.BLANK));
        TimeseriesRequest padded = new TimeseriesRequest(Optional.of(" page_views"), Optional.of(" 2026-11-28T00:00:00Z"),
                Optional.of("2026-11-28T03:00:00Z "), Optional.of(" hour "), Optional.of(" Europe/Berlin "));
        assertThat(((Validated.Invalid<TimeseriesQuery>) padded.toQuery("default", NOW)).violations())
                .extracting(Violation::field).containsExactlyInAnyOrder("metric", "from", "to", "interval", "timezone");
        TimeseriesRequest emptyMetric = new TimeseriesRequest(Optional.of("page_views,,conversions"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(((Validated.Invalid<TimeseriesQuery>) emptyMetric.toQuery("default", NOW)).violations())
                .extracting(Violation::field).containsExactly("metric");
    }

    @Test
    void from_must_come_before_to_and_ranges_are_bounded() {
        TimeseriesRequest reversed = new TimeseriesRequest(Optional.empty(), Optional.of("2026-11-28T00:00:00Z"),
                Optional.of("2026-11-27T00:00:00Z"), Optional.empty(), Optional.empty());
        assertThat(reversed.toQuery("default", NOW)).isInstanceOf(Validated.Invalid.class);

        TimeseriesRequest huge = new TimeseriesRequest(Optional.empty(), Optional.of("2020-01-01T00:00:00Z"),
                Optional.of("2026-01-01T00:00:00Z"), Optional.of("minute"), Optional.empty());
        assertThat(((Validated.Invalid<TimeseriesQuery>) huge.toQuery("default", NOW)).violations())
                .extracting(Violation::field).containsExactly("interval");
    }

    @Test
    void empty_buckets_are_zeros_and_averages_come_from_sums() {
        TimeseriesRequest request = new TimeseriesRequest(Optional.of("page_views,avg_session_time"),
                Optional.of("2026-11-28T00:00:00Z"), Optional.of("2026-11-28T03:00:00Z"), Optional.empty(), Optional.empty());
        TimeseriesQuery query = ((Validated.Valid<TimeseriesQuery>) request.toQuery("default", NOW)).value();
        // 7 page views, 1 conversion, 2 session starts lasting 90 s together in the 01:00 bucket
        Timeseries series = Timeseries.assemble(query, Map.of(Group.of(Instant.parse("2026-11-28T01:00:00Z").toString()),
                new Aggregates(9, 2, 2, 7, 0, 90_000, 7, 1, 1, BigDecimal.ZERO)));
        assertThat(series.rows()).extracting(Timeseries.Row::values).containsExactly(
                List.of(0L, 0.0), List.of(7L, 45.0), List.of(0L, 0.0));
    }
}
