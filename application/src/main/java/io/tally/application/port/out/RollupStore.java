package io.tally.application.port.out;

import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Group;

import java.util.Map;

/**
 * Hourly pre-aggregates (events and revenue per UTC hour and event type). Answers only queries that
 * {@link io.tally.domain.query.SourcePlanner} admits, with exactly the numbers raw events give, including
 * events stored since the last refresh.
 */
public interface RollupStore {

    /**
     * The additive facts (events, page views, conversions, revenue) per group, and the totals under {@link Group#NONE}
     * when asked, as {@link AnalyticsEngine#aggregate} answers them; the distinct-count fields are zero.
     */
    Map<Group, Aggregates> aggregate(AggregateQuery query);

    /** Folds events stored since the last refresh into the rollup; returns how many it folded. */
    long refresh();
}
