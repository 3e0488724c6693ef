package io.tally.domain.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A date range as a query states it, resolved against the clock and the query's time zone. Calendar forms
 * follow the zone's midnights; {@code last_<n>d} is the n calendar days ending with today (today included).
 */
public sealed interface DateRange {

    TimeRange resolve(Instant now, ZoneId zone);

    /**
     * Resolved where the project's first event is known ({@code firstEvent} is asked only by {@link AllTime}): every
     * other form resolves as {@link #resolve(Instant, ZoneId)}.
     */
    default TimeRange resolve(Instant now, ZoneId zone, Supplier<Optional<Instant>> firstEvent) {
        return resolve(now, zone);
    }

    /** The wire form: a keyword, or a pair of dates / date-times. */
    Object wire();

    /** Two instants, {@code [from, to)}. */
    record Instants(TimeRange range) implements DateRange {
        @Override
        public TimeRange resolve(Instant now, ZoneId zone) {
            return range;
        }

        @Override
        public Object wire() {
            return List.of(range.from().toString(), range.to().toString());
        }
    }

    /** Local dates, both included. */
    record Dates(LocalDate first, LocalDate last) implements DateRange {
        public Dates {
            if (last.isBefore(first)) {
                throw new IllegalArgumentException("the last date is before the first");
            }
        }

        @Override
        public TimeRange resolve(Instant now, ZoneId zone) {
            return new TimeRange(first.atStartOfDay(zone).toInstant(), last.plusDays(1).atStartOfDay(zone).toInstant());
        }

        @Override
        public Object wire() {
            return List.of(first.toString(), last.toString());
        }
    }

    /** A range relative to now: see {@link #KEYWORDS}. */
    record Relative(String keyword) implements DateRange {
        private static final Pattern LAST_DAYS = Pattern.compile("last_([1-9][0-9]{0,3})d");
        private static final Pattern LAST_HOURS = Pattern.compile("last_([1-9][0-9]{0,3})h");

        public Relative {
            if (!isKnown(keyword)) {
                throw new IllegalArgumentException("unknown date range: " + keyword);
            }
        }

        static boolean isKnown(String keyword) {
            return List.of("today", "yesterday", "month_to_date", "last_month", "year_to_date").contains(keyword)
                    || LAST_DAYS.matcher(keyword).matches() || LAST_HOURS.matcher(keyword).matches();
        }

        @Override
        public TimeRange resolve(Instant now, ZoneId zone) {
            LocalDate today = now.atZone(zone).toLocalDate();
            Matcher days = LAST_DAYS.matcher(keyword);
            if (days.matches()) {
                return new Dates(today.minusDays(Long.parseLong(days.group(1)) - 1), today).resolve(now, zone);
            }
            Matcher hours = LAST_HOURS.matcher(keyword);
            if (hours.matches()) {
                Instant end = ZonedDateTime.ofInstant(now, zone).truncatedTo(ChronoUnit.HOURS).plusHours(1).toInstant();
                return new TimeRange(end.minus(Long.parseLong(hours.group(1)), ChronoUnit.HOURS), end);
            }
            return switch (keyword) {
                case "today" -> new Dates(today, today).resolve(now, zone);
                case "yesterday" -> new Dates(today.minusDays(1), today.minusDays(1)).resolve(now, zone);
                case "month_to_date" -> new Dates(today.withDayOfMonth(1), today).resolve(now, zone);
                case "last_month" -> new Dates(today.withDayOfMonth(1).minusMonths(1),
                        today.withDayOfMonth(1).minusDays(1)).resolve(now, zone);
                case "year_to_date" -> new Dates(today.withDayOfYear(1), today).resolve(now, zone);
                default -> throw new IllegalStateException(keyword);
            };
        }

        @Override
        public Object wire() {
            return keyword;
        }
    }

    /**
     * {@code all_time}: the whole days from the project's first event's through today, in the query's zone (today
     * alone when it has none). Where the first event is not asked (a cohort rule's range), from the epoch.
     */
    record AllTime() implements DateRange {
        public static final String KEYWORD = "all_time";

        @Override
        public TimeRange resolve(Instant now, ZoneId zone) {
            return new TimeRange(Instant.EPOCH, new Dates(LocalDate.EPOCH, now.atZone(zone).toLocalDate()).resolve(now, zone).to());
        }

        @Override
        public TimeRange resolve(Instant now, ZoneId zone, Supplier<Optional<Instant>> firstEvent) {
            LocalDate today = now.atZone(zone).toLocalDate();
            LocalDate first = firstEvent.get().map(at -> at.atZone(zone).toLocalDate()).filter(day -> day.isBefore(today))
                    .orElse(today);
            return new Dates(first, today).resolve(now, zone);
        }

        @Override
        public Object wire() {
            return KEYWORD;
        }
    }

    String KEYWORDS = "today, yesterday, last_<n>h, last_<n>d, month_to_date, last_month, year_to_date, all_time";

    /** Reads the wire form: a keyword, two dates ({@code 2026-10-01}) or two ISO date-times with offsets. */
    static Optional<DateRange> parse(Object wire) {
        Objects.requireNonNull(wire, "wire");
        try {
            if (AllTime.KEYWORD.equals(wire)) {
                return Optional.of(new AllTime());
            }
            if (wire instanceof String keyword) {
                return Optional.of(new Relative(keyword));
            }
            if (wire instanceof List<?> pair && pair.size() == 2 && pair.get(0) instanceof String a
                    && pair.get(1) instanceof String b) {
                if (a.length() == 10 && b.length() == 10) {
                    return Optional.of(new Dates(LocalDate.parse(a), LocalDate.parse(b)));
                }
                return Optional.of(new Instants(new TimeRange(OffsetDateTime.parse(a).toInstant(),
                        OffsetDateTime.parse(b).toInstant())));
            }
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
