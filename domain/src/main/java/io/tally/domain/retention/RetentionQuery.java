package io.tally.domain.retention;

import io.tally.domain.query.CacheKey;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.ProjectQuery;
import io.tally.domain.query.ResolvedCohort;
import io.tally.domain.time.TimeRange;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * Retention: users grouped into cohorts by the period of their start event, then counted in each later period in
 * which they did the return event. Periods follow the calendar of {@code zone}. Only events in the range count,
 * except that {@code first_time} looks at all earlier history to find a user's first start event. Period 0 is
 * the cohort's size. {@code population}, when given, restricts every count to a saved cohort's users.
 */
public record RetentionQuery(String projectId, EventCriteria startEvent, EventCriteria returnEvent,
                             RetentionPeriod period, DayOfWeek weekStart, CohortMode mode, int periods,
                             TimeRange range, ZoneId zone, Optional<ResolvedCohort> population) implements ProjectQuery {

    public static final int MAX_PERIODS = 120;

    public RetentionQuery {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(startEvent, "startEvent");
        Objects.requireNonNull(returnEvent, "returnEvent");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(weekStart, "weekStart");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(population, "population");
        if (periods < 1 || periods > MAX_PERIODS) {
            throw new IllegalArgumentException("periods must be 1 to " + MAX_PERIODS);
        }
        if (startEvent.eventType().isEmpty()) {
            throw new IllegalArgumentException("the start event names its type");
        }
    }

    /** The start of the period holding local date {@code date}. */
    public LocalDate periodStart(LocalDate date) {
        return period.start(date, weekStart);
    }

    @Override
    public String cacheKey() {
        return CacheKey.of("retention", projectId, startEvent, returnEvent, period, weekStart, mode, periods, range, zone, population);
    }
}
