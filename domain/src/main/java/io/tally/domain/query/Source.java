package io.tally.domain.query;

import io.tally.domain.label.Labelled;

/**
 * Where a report's numbers are read from; its label is the answer's {@code meta.source}. Every source but
 * {@link #SKETCH} gives the numbers raw events give for the queries {@link SourcePlanner} lets it answer.
 */
public enum Source implements Labelled {
    /** The events themselves: answers everything. */
    RAW,
    /** The hourly rollup: event counts and revenue per UTC hour and event type. */
    ROLLUP,
    /**
     * The sessions kept per UTC hour (first and last event, events, page views, entry values, exit page): session facts only,
     * of reports without filters on whole hours; alone (label {@code sessions}) when the report asks for nothing else and
     * its rows are the sessions' rows (by exit page, or ungrouped).
     */
    SESSIONS,
    /**
     * The {@link VisitorSketch}es kept per UTC hour (and day) and event type: estimated visitors and converted visitors, only
     * for reports that ask for {@link Accuracy#APPROXIMATE} and that the rollup answers otherwise. The one source
     * whose numbers may differ from raw events'.
     */
    SKETCH
}
