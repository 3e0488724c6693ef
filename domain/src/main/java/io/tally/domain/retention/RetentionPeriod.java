package io.tally.domain.retention;

import io.tally.domain.label.Labelled;
import io.tally.domain.label.Labels;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;

/** The length of a retention period, aligned to the calendar of the query's time zone. */
public enum RetentionPeriod implements Labelled {
    DAY, WEEK, MONTH;

    /** The first day of the period holding {@code date}. */
    public LocalDate start(LocalDate date, DayOfWeek weekStart) {
        return switch (this) {
            case DAY -> date;
            case WEEK -> date.with(TemporalAdjusters.previousOrSame(weekStart));
            case MONTH -> date.withDayOfMonth(1);
        };
    }

    /** The start of the period {@code n} periods after the one starting at {@code start}. */
    public LocalDate plus(LocalDate start, int n) {
        return switch (this) {
            case DAY -> start.plusDays(n);
            case WEEK -> start.plusWeeks(n);
            case MONTH -> start.plusMonths(n);
        };
    }

    /** How many whole periods lie between two period starts. */
    public int between(LocalDate cohortStart, LocalDate periodStart) {
        return (int) switch (this) {
            case DAY -> ChronoUnit.DAYS.between(cohortStart, periodStart);
            case WEEK -> ChronoUnit.WEEKS.between(cohortStart, periodStart);
            case MONTH -> ChronoUnit.MONTHS.between(cohortStart, periodStart);
        };
    }

    public static Optional<RetentionPeriod> fromLabel(String label) {
        return Labels.find(RetentionPeriod.class, label);
    }
}
