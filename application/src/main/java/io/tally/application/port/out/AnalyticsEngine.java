package io.tally.application.port.out;

import io.tally.domain.query.BucketTotals;
import io.tally.domain.query.TimeseriesQuery;

import java.time.Instant;
import java.util.Map;

/** Computes analytics over stored events. Every engine must give the same answer as the in-memory reference. */
public interface AnalyticsEngine {

    /**
     * The totals per bucket start, for buckets holding at least one counted event; only events inside the
     * query's range count (a session's duration too is measured over its events inside the range).
     */
    Map<Instant, BucketTotals> timeseries(TimeseriesQuery query);
}
