package io.tally.domain.retention;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an engine counts for retention: per cohort (keyed by its period's first local date) the distinct users
 * returning in period 1, 2, … ({@code returning.get(k - 1)} for period k, up to the query's periods), and the size.
 */
public record RetentionCounts(Map<LocalDate, Cohort> cohorts) {
    public RetentionCounts {
        cohorts = Map.copyOf(cohorts);
    }

    /** From cells as engines count them: per cohort start, {@code cells[0]} the size and {@code cells[k]} period k. */
    public static RetentionCounts fromCells(Map<LocalDate, long[]> cells) {
        Map<LocalDate, Cohort> cohorts = new HashMap<>();
        cells.forEach((start, counts) -> {
            List<Long> returning = new ArrayList<>();
            for (int k = 1; k < counts.length; k++) {
                returning.add(counts[k]);
            }
            cohorts.put(start, new Cohort(counts[0], returning));
        });
        return new RetentionCounts(cohorts);
    }

    public record Cohort(long size, List<Long> returning) {
        public Cohort {
            returning = List.copyOf(returning);
        }
    }
}
