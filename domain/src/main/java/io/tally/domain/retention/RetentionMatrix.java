package io.tally.domain.retention;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The retention matrix: one row per cohort period in the range (oldest first), period 0 equal to the cohort size,
 * and cells only for periods that start before the range ends (later cells are absent, not zero).
 */
public record RetentionMatrix(RetentionQuery query, List<Row> rows) {

    /** {@code counts.get(k)} users in period k; {@code percentages.get(k)} of the cohort size (null for an empty cohort). */
    public record Row(LocalDate cohortStart, long size, List<Long> counts, List<Double> percentages) {
    }

    public static RetentionMatrix assemble(RetentionQuery query, RetentionCounts counts) {
        LocalDate first = query.periodStart(query.range().from().atZone(query.zone()).toLocalDate());
        LocalDate end = query.range().to().atZone(query.zone()).toLocalDate();
        boolean endsAtMidnight = query.range().to().atZone(query.zone()).toLocalTime().equals(LocalTime.MIDNIGHT);
        List<Row> rows = new ArrayList<>();
        for (LocalDate cohort = first; startsBeforeEnd(cohort, end, endsAtMidnight); cohort = query.period().plus(cohort, 1)) {
            RetentionCounts.Cohort found = counts.cohorts().getOrDefault(cohort, new RetentionCounts.Cohort(0, List.of()));
            List<Long> cells = new ArrayList<>();
            List<Double> percentages = new ArrayList<>();
            for (int k = 0; k <= query.periods() && startsBeforeEnd(query.period().plus(cohort, k), end, endsAtMidnight); k++) {
                long users = k == 0 ? found.size() : (k - 1 < found.returning().size() ? found.returning().get(k - 1) : 0);
                cells.add(users);
                percentages.add(found.size() == 0 ? null : users * 100.0 / found.size());
            }
            rows.add(new Row(cohort, found.size(), cells, percentages));
        }
        return new RetentionMatrix(query, rows);
    }

    /** Whether a period starting on local date {@code start} begins before the range's end. */
    private static boolean startsBeforeEnd(LocalDate start, LocalDate endDate, boolean endsAtMidnight) {
        return endsAtMidnight ? start.isBefore(endDate) : !start.isAfter(endDate);
    }
}
