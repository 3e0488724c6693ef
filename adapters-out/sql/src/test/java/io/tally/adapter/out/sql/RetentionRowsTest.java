package io.tally.adapter.out.sql;

import io.tally.domain.query.EventCriteria;
import io.tally.domain.retention.CohortMode;
import io.tally.domain.retention.RetentionPeriod;
import io.tally.domain.retention.RetentionQuery;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A retention answer's cells read from rows by column name. */
class RetentionRowsTest {

    private static final RetentionQuery THREE_DAYS = new RetentionQuery("p1", EventCriteria.of("signup"),
            EventCriteria.anyEvent(), RetentionPeriod.DAY, DayOfWeek.MONDAY, CohortMode.FIRST_TIME, 3,
            new TimeRange(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-05T00:00:00Z")), ZoneOffset.UTC,
            Optional.empty());

    private static ResultRow row(String users, String period, String cohort) {
        Map<String, String> columns = Map.of("users", users, "k", period, "cohort", cohort);
        return columns::get;
    }

    @Test
    void each_row_is_one_cell_of_its_cohort_and_period_zero_is_the_cohorts_size() {
        Map<LocalDate, long[]> cells = new HashMap<>();
        for (ResultRow row : List.of(row("5", "0", "2026-01-01"), row("2", "2", "2026-01-01"), row("4", "0", "2026-01-02"))) {
            RetentionRows.add(THREE_DAYS, row, cells);
        }
        assertThat(cells).containsOnlyKeys(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 2));
        assertThat(cells.get(LocalDate.of(2026, 1, 1))).containsExactly(5, 0, 2, 0);
        assertThat(cells.get(LocalDate.of(2026, 1, 2))).containsExactly(4, 0, 0, 0);
    }
}
