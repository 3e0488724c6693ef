package io.tally.domain.query;

import io.tally.domain.label.Labelled;
import io.tally.domain.label.Labels;

import java.util.Optional;
import java.util.Set;

/**
 * The metrics of the dashboard time series, as the seed dashboard names them. Each is a report metric over the same
 * {@link Aggregates} as its {@link #basis()}, so a time series is a report grouped by time (see
 * {@link TimeseriesQuery#report()}).
 */
public enum SeriesMetric implements Labelled {
    /** Count of {@code page_view} events. */
    PAGE_VIEWS("integer", Metric.PAGEVIEWS),
    /** Count of {@code conversion} events. */
    CONVERSIONS("integer", Metric.CONVERSIONS),
    /** Mean session duration in seconds, over sessions that start in the bucket; 0 when none starts there. */
    AVG_SESSION_TIME("number", Metric.AVG_SESSION_DURATION);

    private final String type;
    private final Metric basis;

    SeriesMetric(String type, Metric basis) {
        this.type = type;
        this.basis = basis;
    }

    /** The column type in a chart-ready answer: {@code integer} or {@code number}. */
    public String type() {
        return type;
    }

    /** The report metric reading the same facts; the average differs only in its zero and its order of division. */
    public Metric basis() {
        return basis;
    }

    public static Optional<SeriesMetric> fromLabel(String label) {
        return Labels.find(SeriesMetric.class, label);
    }

    /**
     * The value for one bucket. The average is the summed milliseconds over the sessions, in seconds, and 0 (not
     * null) when no session starts in the bucket: the time series has always sent it so.
     */
    public Number of(Aggregates aggregates) {
        return switch (this) {
            case PAGE_VIEWS -> Long.valueOf(aggregates.pageviews());
            case CONVERSIONS -> Long.valueOf(aggregates.conversions());
            case AVG_SESSION_TIME -> Double.valueOf(aggregates.sessions() == 0 ? 0.0
                    : aggregates.sessionMillis() / (double) aggregates.sessions() / 1000.0);
        };
    }

    /** The costly parts of {@link Aggregates} the value reads. */
    public Set<Aggregates.Part> parts() {
        return basis.parts();
    }
}
