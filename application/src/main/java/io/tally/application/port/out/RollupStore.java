package io.tally.application.port.out;

import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Group;
import io.tally.domain.query.Source;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Hourly pre-aggregates: events and revenue per UTC hour and event type, and where the store keeps them, sessions
 * per UTC hour. Answers only queries that {@link io.tally.domain.query.SourcePlanner} admits, with exactly the
 * numbers raw events give, including events stored since the last refresh.
 */
public interface RollupStore {

    /**
     * The additive facts (events, page views, conversions, revenue) per group, and the totals under {@link Group#NONE}
     * when asked, as {@link AnalyticsEngine#aggregate} answers them; the distinct-count fields are zero.
     */
    Map<Group, Aggregates> aggregate(AggregateQuery query);

    /**
     * The session facts (sessions, bounces, session time, session page views) per group, and the totals under
     * {@link Group#NONE} when asked, as {@link AnalyticsEngine#aggregate} counts them, from the sessions kept per
     * hour; every other field is zero. A group holds the sessions whose first event in the range falls in it, so a
     * group with events but no such session is absent. Only for stores whose {@link #sources()} hold
     * {@link Source#SESSIONS}.
     */
    default Map<Group, Aggregates> sessions(AggregateQuery query) {
        throw new UnsupportedOperationException("this store keeps no sessions table");
    }

    /**
     * The estimated visitors and converted visitors per group, and the totals under {@link Group#NONE} when asked,
     * from the visitor sketches kept per UTC hour (and day) and event type ({@link io.tally.domain.query.SketchedVisitors}
     * unions them); every other field is zero. Only for queries that
     * {@link io.tally.domain.query.SourcePlanner#whyNotSketch} admits and stores whose {@link #sources()} hold
     * {@link Source#SKETCH}.
     */
    default Map<Group, Aggregates> visitors(AggregateQuery query) {
        throw new UnsupportedOperationException("this store keeps no visitor sketches");
    }

    /** The pre-aggregated sources this store keeps. */
    default Set<Source> sources() {
        return EnumSet.of(Source.ROLLUP);
    }

    /** Folds events stored since the last refresh into the rollup; returns how many it folded. */
    long refresh();
}
