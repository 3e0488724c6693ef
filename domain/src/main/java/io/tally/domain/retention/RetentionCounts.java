package io.tally.domain.retention;

import java.time.LocalDate;
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

    public record Cohort(long size, List<Long> returning) {
        public Cohort {
            returning = List.copyOf(returning);
        }
    }
}
