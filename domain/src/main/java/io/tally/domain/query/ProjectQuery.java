package io.tally.domain.query;

import io.tally.domain.time.TimeRange;

/** A validated question about one project's events over a time range: what every query type has in common. */
public interface ProjectQuery extends CacheKey.Keyed {

    String projectId();

    /** The range it covers, which decides how long its answer may be cached. */
    TimeRange range();
}
