package io.tally.domain.query;

import io.tally.domain.label.Labelled;

/**
 * Where a report's numbers are read from; its label is the answer's {@code meta.source}. Every source gives the
 * numbers raw events give for the queries {@link SourcePlanner} lets it answer.
 */
public enum Source implements Labelled {
    /** The events themselves: answers everything. */
    RAW,
    /** The hourly rollup: event counts and revenue per UTC hour and event type. */
    ROLLUP,
    /**
     * The sessions kept per UTC hour (first and last event, events, page views, entry values, exit page): session facts only,
     * of reports without filters on whole hours.
     */
    SESSIONS
}
