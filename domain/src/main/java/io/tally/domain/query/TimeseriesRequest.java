package io.tally.domain.query;

import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeBuckets;
import io.tally.domain.time.TimeRange;
import io.tally.domain.time.TimeZones;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A time-series request as the client wrote it (all strings, all optional), and the rules that turn it into a
 * {@link TimeseriesQuery}. Defaults: the last 24 hours in hourly buckets, in UTC, ending with the current hour. A value
 * is read exactly as written, as the JSON routes read theirs: one given empty is refused (it never means the
 * default), and none is trimmed.
 */
public record TimeseriesRequest(Optional<String> metrics, Optional<String> from, Optional<String> to,
                                Optional<String> interval, Optional<String> timezone) {

    /** The most buckets one answer may hold. */
    public static final int MAX_BUCKETS = 10_000;

    public Validated<TimeseriesQuery> toQuery(String projectId, Instant now) {
        List<Violation> violations = new ArrayList<>();
        List<SeriesMetric> parsedMetrics = parseMetrics(violations);
        Granularity granularity = given("interval", interval, violations).map(label -> Granularity.fromLabel(label).orElseGet(() -> {
            violations.add(new Violation("interval", ViolationKind.MALFORMED,
                    "must be one of minute, hour, day, week, month"));
            return null;
        })).orElse(Granularity.HOUR);
        ZoneId zone = given("timezone", timezone, violations).map(name -> TimeZones.parse(name).orElseGet(() -> {
            violations.add(new Violation("timezone", ViolationKind.MALFORMED, TimeZones.EXPECTED));
            return null;
        })).orElse(TimeZones.UTC);
        Optional<Instant> givenEnd = given("to", to, violations).map(text -> parseInstant("to", text, violations));
        Instant end = to.isPresent() ? givenEnd.orElse(null)
                : Granularity.HOUR.bucketStart(now, ZoneId.of("UTC")).plus(Duration.ofHours(1));
        Optional<Instant> givenStart = given("from", from, violations).map(text -> parseInstant("from", text, violations));
        Instant start = from.isPresent() ? givenStart.orElse(null) : end == null ? null : end.minus(Duration.ofHours(24));
        if (start != null && end != null && !start.isBefore(end)) {
            violations.add(new Violation("from", ViolationKind.OUT_OF_RANGE, "must be before to"));
        }
        if (!violations.isEmpty()) {
            return new Validated.Invalid<>(violations);
        }
        TimeRange range = new TimeRange(start, end);
        if (TimeBuckets.count(range, granularity, zone, MAX_BUCKETS) > MAX_BUCKETS) {
            return new Validated.Invalid<>(List.of(new Violation("interval", ViolationKind.TOO_MANY,
                    "the range holds more than " + MAX_BUCKETS + " buckets; choose a wider interval or a shorter range")));
        }
        return new Validated.Valid<>(new TimeseriesQuery(projectId, parsedMetrics, range, granularity, zone));
    }

    private List<SeriesMetric> parseMetrics(List<Violation> violations) {
        if (metrics.isEmpty()) {
            return List.of(SeriesMetric.values());
        }
        if (given("metric", metrics, violations).isEmpty()) {
            return List.of();
        }
        Set<SeriesMetric> parsed = new LinkedHashSet<>();
        for (String label : metrics.get().split(",", -1)) {
            SeriesMetric.fromLabel(label).ifPresentOrElse(parsed::add, () -> violations.add(new Violation(
                    "metric", ViolationKind.MALFORMED, "unknown metric \"" + label + "\"; a comma list (no spaces) of "
                    + "page_views, conversions, avg_session_time")));
        }
        return List.copyOf(parsed);
    }

    /** The value when one was given and it is not blank; a blank one is refused, never read as the default. */
    private static Optional<String> given(String field, Optional<String> value, List<Violation> violations) {
        if (value.isPresent() && value.get().isBlank()) {
            violations.add(new Violation(field, ViolationKind.BLANK, "is empty; leave it out for the default"));
            return Optional.empty();
        }
        return value;
    }

    private static Instant parseInstant(String field, String text, List<Violation> violations) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            violations.add(new Violation(field, ViolationKind.MALFORMED,
                    "must be an ISO-8601 date-time with an offset, such as 2026-11-28T00:00:00Z"));
            return null;
        }
    }
}
