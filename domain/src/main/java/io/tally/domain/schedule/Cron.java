package io.tally.domain.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A cron expression of five fields (minute, hour, day of month, month, day of week), or six with seconds first as
 * in Spring and Quartz ({@code *}, lists, ranges and {@code /steps}; month and day names; {@code @hourly},
 * {@code @daily}, {@code @weekly}, {@code @monthly}), read as
 * Vixie cron does: when both day fields are restricted, a day matching either one runs. Times are wall-clock
 * times in a zone: a time skipped by a daylight-saving jump does not run that day, and a repeated one runs once.
 */
public record Cron(String expression, BitSet seconds, BitSet minutes, BitSet hours, BitSet days, BitSet months, BitSet weekdays,
                   boolean anyDay, boolean anyWeekday) {

    private static final Map<String, String> MACROS = Map.of("@hourly", "0 * * * *", "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *", "@weekly", "0 0 * * 0", "@monthly", "0 0 1 * *");
    private static final String[] MONTHS = {"", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    private static final String[] WEEKDAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    public Cron {
        Objects.requireNonNull(expression, "expression");
    }

    /** The expression read, or why it cannot be. */
    public static Optional<Cron> parse(String expression, StringBuilder why) {
        String text = MACROS.getOrDefault(expression.strip(), expression.strip());
        String[] given = text.split("\\s+");
        if (given.length != 5 && given.length != 6) {
            why.append("has five fields (minute hour day-of-month month day-of-week), or six with seconds first");
            return Optional.empty();
        }
        String[] fields = given.length == 6 ? Arrays.copyOfRange(given, 1, 6) : given;
        try {
            BitSet seconds = given.length == 6 ? field(given[0], 0, 59, null, "second") : field("0", 0, 59, null, "second");
            BitSet minutes = field(fields[0], 0, 59, null, "minute");
            BitSet hours = field(fields[1], 0, 23, null, "hour");
            BitSet days = field(fields[2], 1, 31, null, "day of month");
            BitSet months = field(fields[3], 1, 12, MONTHS, "month");
            BitSet weekdays = field(fields[4], 0, 7, WEEKDAYS, "day of week");
            if (weekdays.get(7)) {
                weekdays.set(0); // 7 is Sunday too
                weekdays.clear(7);
            }
            return Optional.of(new Cron(expression.strip(), seconds, minutes, hours, days, months, weekdays,
                    fields[2].equals("*"), fields[4].equals("*")));
        } catch (IllegalArgumentException e) {
            why.append(e.getMessage());
            return Optional.empty();
        }
    }

    private static BitSet field(String text, int min, int max, String[] names, String what) {
        BitSet set = new BitSet(max + 1);
        for (String part : text.split(",", -1)) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(part.substring(slash + 1), 1, max, null, what + " step");
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max == 7 ? 6 : max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", 2);
                from = number(ends[0], min, max, names, what);
                to = number(ends[1], min, max, names, what);
                if (to < from) {
                    throw new IllegalArgumentException("the " + what + " range " + range + " runs backwards");
                }
            } else {
                from = number(range, min, max, names, what);
                to = slash >= 0 ? (max == 7 ? 6 : max) : from;
            }
            for (int v = from; v <= to; v += step) {
                set.set(v);
            }
        }
        return set;
    }

    private static int number(String text, int min, int max, String[] names, String what) {
        if (names != null) {
            for (int i = 0; i < names.length; i++) {
                if (!names[i].isEmpty() && names[i].equals(text.toUpperCase(Locale.ROOT))) {
                    return i;
                }
            }
        }
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new IllegalArgumentException("the " + what + " " + text + " is outside " + min + "-" + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the " + what + " field cannot read \"" + text + "\"");
        }
    }

    /** The first time strictly after {@code after} that the expression names, in {@code zone}; empty if none in 5 years. */
    public Optional<Instant> next(Instant after, ZoneId zone) {
        ZonedDateTime start = after.atZone(zone).truncatedTo(ChronoUnit.MINUTES);
        LocalDate day = start.toLocalDate();
        LocalDate last = day.plusYears(5);
        for (; !day.isAfter(last); day = day.plusDays(1)) {
            if (!months.get(day.getMonthValue()) || !dayMatches(day)) {
                continue;
            }
            LocalTime from = day.equals(start.toLocalDate()) ? start.toLocalTime() : LocalTime.MIDNIGHT;
            for (int hour = from.getHour(); hour < 24; hour++) {
                if (!hours.get(hour)) {
                    continue;
                }
                int firstMinute = hour == from.getHour() && day.equals(start.toLocalDate()) ? from.getMinute() : 0;
                for (int minute = minutes.nextSetBit(firstMinute); minute >= 0 && minute < 60; minute = minutes.nextSetBit(minute + 1)) {
                    for (int second = seconds.nextSetBit(0); second >= 0 && second < 60; second = seconds.nextSetBit(second + 1)) {
                        Optional<Instant> at = wallClock(day, hour, minute, second, zone);
                        if (at.isPresent() && at.get().isAfter(after)) {
                            return at;
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    private boolean dayMatches(LocalDate day) {
        boolean byDate = days.get(day.getDayOfMonth());
        boolean byWeekday = weekdays.get(day.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : day.getDayOfWeek().getValue());
        if (anyDay && anyWeekday) {
            return true;
        }
        if (anyDay) {
            return byWeekday;
        }
        if (anyWeekday) {
            return byDate;
        }
        return byDate || byWeekday;
    }

    /** The instant of a wall-clock time, absent when a daylight-saving jump skips it; the earlier of a repeated one. */
    private static Optional<Instant> wallClock(LocalDate day, int hour, int minute, int second, ZoneId zone) {
        LocalDateTime local = day.atTime(hour, minute, second);
        if (zone.getRules().getValidOffsets(local).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(local.atZone(zone).withEarlierOffsetAtOverlap().toInstant());
    }
}
