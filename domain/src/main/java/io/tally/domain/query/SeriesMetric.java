package io.tally.domain.query;

import io.tally.domain.label.Labelled;
import io.tally.domain.label.Labels;

import java.util.Optional;

/** The metrics of the dashboard time series, as the seed dashboard names them. */
public enum SeriesMetric implements Labelled {
    /** Count of {@code page_view} events. */
    PAGE_VIEWS("integer"),
    /** Count of {@code conversion} events. */
    CONVERSIONS("integer"),
    /** Mean session duration in seconds, over sessions that start in the bucket. */
    AVG_SESSION_TIME("number");

    /** The event type counted as a page view. */
    public static final String PAGE_VIEW_EVENT = "page_view";
    /** The event type counted as a conversion. */
    public static final String CONVERSION_EVENT = "conversion";

    private final String type;

    SeriesMetric(String type) {
        this.type = type;
    }

    /** The column type in a chart-ready answer: {@code integer} or {@code number}. */
    public String type() {
        return type;
    }

    public static Optional<SeriesMetric> fromLabel(String label) {
        return Labels.find(SeriesMetric.class, label);
    }

    /** The value of this metric for one bucket's totals. */
    public Number valueOf(BucketTotals totals) {
        return switch (this) {
            case PAGE_VIEWS -> totals.pageViews();
            case CONVERSIONS -> totals.conversions();
            case AVG_SESSION_TIME -> totals.averageSessionSeconds();
        };
    }
}
