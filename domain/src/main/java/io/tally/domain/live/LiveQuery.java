package io.tally.domain.live;

import io.tally.domain.query.Dimension;
import io.tally.domain.query.Filter;
import io.tally.domain.query.MetricRef;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.time.TimeRange;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A report over a trailing window that moves with the clock ("events per minute by type over the last 30 minutes"),
 * re-sent every {@code interval} when its numbers change. The window is whole minutes and ends with the current
 * minute, so at any moment it is an ordinary report over {@link #range(Instant)}: the same question the query API
 * answers, which is how live numbers are checked.
 */
public record LiveQuery(Scope scope, List<MetricRef> metrics, Duration interval) {

    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    /**
     * What one shared tally counts: subscriptions that differ only in metrics or interval share it.
     *
     * @param window whole minutes
     */
    public record Scope(String projectId, List<Dimension> dimensions, List<Filter.Match> filters, ZoneId zone,
                        Duration window) {
        public Scope {
            Objects.requireNonNull(projectId, "projectId");
            dimensions = List.copyOf(dimensions);
            filters = List.copyOf(filters);
            Objects.requireNonNull(zone, "zone");
            if (dimensions.stream().anyMatch(d -> !d.ofOneEvent())) {
                throw new IllegalArgumentException("a live view counts events as they come, never by a session's exit page");
            }
            if (window.isNegative() || window.isZero() || window.toSeconds() % 60 != 0) {
                throw new IllegalArgumentException("a live window is a positive number of whole minutes");
            }
        }

        /** The window at {@code now}: {@code window} long, ending at the end of the current minute. */
        public TimeRange range(Instant now) {
            Instant end = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
            return new TimeRange(end.minus(window), end);
        }
    }

    public LiveQuery {
        Objects.requireNonNull(scope, "scope");
        metrics = List.copyOf(metrics);
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("a live query needs a metric");
        }
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("updates are at most once a second");
        }
    }

    public TimeRange range(Instant now) {
        return scope.range(now);
    }

    /** The report this live query equals at {@code now}. */
    public ReportQuery report(Instant now) {
        return new ReportQuery(scope.projectId(), metrics, scope.dimensions(), List.copyOf(scope.filters()), range(now),
                scope.zone(), Optional.empty(), List.of(), ReportQuery.MAX_LIMIT);
    }
}
