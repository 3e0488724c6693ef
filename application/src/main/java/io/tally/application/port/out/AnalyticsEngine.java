package io.tally.application.port.out;

import io.tally.domain.funnel.FunnelCounts;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.path.PathCounts;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.BucketTotals;
import io.tally.domain.query.Group;
import io.tally.domain.query.TimeseriesQuery;
import io.tally.domain.retention.RetentionCounts;
import io.tally.domain.retention.RetentionQuery;

import java.time.Instant;
import java.util.Map;

/**
 * Computes analytics over stored events. Every engine must give the same answer as the domain's definitions
 * ({@code Reports}, {@code Funnels}, {@code RetentionCohorts}, {@code PathSteps}), which the {@code memory} adapter runs.
 */
public interface AnalyticsEngine {

    /**
     * The totals per bucket start, for buckets holding at least one counted event; only events inside the
     * query's range count (a session's duration too is measured over its events inside the range).
     */
    Map<Instant, BucketTotals> timeseries(TimeseriesQuery query);

    /** The aggregates of every group holding at least one selected event ({@link Group#NONE} when ungrouped). */
    Map<Group, Aggregates> aggregate(AggregateQuery query);

    /** Per-step user counts and median step times, per breakdown value. */
    FunnelCounts funnel(FunnelQuery query);

    /** Cohort sizes and returning users per period, for cohorts holding at least one user. */
    RetentionCounts retention(RetentionQuery query);

    /** Node values per position around every anchor occurrence. */
    PathCounts paths(PathsQuery query);
}
