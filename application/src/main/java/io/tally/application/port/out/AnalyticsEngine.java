package io.tally.application.port.out;

import io.tally.domain.funnel.FunnelCounts;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.lifecycle.LifecycleCounts;
import io.tally.domain.lifecycle.LifecycleQuery;
import io.tally.domain.path.PathCounts;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Group;
import io.tally.domain.retention.RetentionCounts;
import io.tally.domain.retention.RetentionQuery;
import io.tally.domain.stickiness.StickinessCounts;
import io.tally.domain.stickiness.StickinessQuery;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Computes analytics over stored events. Every engine must give the same answer as the domain's definitions
 * ({@code Reports}, {@code Funnels}, {@code RetentionCohorts}, {@code PathSteps}, {@code ActiveIntervals},
 * {@code LifecycleStages}), which the {@code memory} adapter runs.
 */
public interface AnalyticsEngine {

    /**
     * The aggregates of every group holding at least one selected event ({@link Group#NONE} when ungrouped); when
     * {@link AggregateQuery#totals()} is asked of a grouped query, also the totals of all selected events under
     * {@link Group#NONE} (absent when none is selected), counted in the same pass: never the sum of the groups,
     * since distinct counts do not add up, and never confused with a group whose dimension values are all missing.
     */
    Map<Group, Aggregates> aggregate(AggregateQuery query);

    /** Per-step user counts and median step times, per breakdown value. */
    FunnelCounts funnel(FunnelQuery query);

    /** Cohort sizes and returning users per period, for cohorts holding at least one user. */
    RetentionCounts retention(RetentionQuery query);

    /** Node values per position around every anchor occurrence. */
    PathCounts paths(PathsQuery query);

    /** The users active in exactly n of the range's intervals, for each n that has any. */
    StickinessCounts stickiness(StickinessQuery query);

    /** The users new, returning, resurrecting and dormant in every interval of the range. */
    LifecycleCounts lifecycle(LifecycleQuery query);

    /**
     * When the project's earliest event the retention keeps happened, or empty when it has none: where an
     * {@code all_time} range starts.
     */
    Optional<Instant> firstEvent(String projectId);
}
