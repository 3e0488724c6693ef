package io.tally.domain.query;

import java.util.Arrays;
import java.util.Optional;

/** The metrics of the dashboard time series, as the seed dashboard names them. */
public enum SeriesMetric {
    /** Count of {@code page_view} events. */
    PAGE_VIEWS("page_views", "integer"),
    /** Count of {@code conversion} events. */
    CONVERSIONS("conversions", "integer"),
    /** Mean session duration in seconds, over sessions that start in the bucket. */
    AVG_SESSION_TIME("avg_session_time", "number");

    /** The event type counted as a page view. */
    public static final String PAGE_VIEW_EVENT = "page_view";
    /** The event type counted as a conversion. */
    public static final String CONVERSION_EVENT = "conversion";

    private final String label;
    private final String type;

    SeriesMetric(String label, String type) {
        this.label = label;
        this.type = type;
    }

    public String label() {
        return label;
    }

    /** The column type in a chart-ready answer: {@code integer} or {@code number}. */
    public String type() {
        return type;
    }

    public static Optional<SeriesMetric> fromLabel(String label) {
        return Arrays.stream(values()).filter(m -> m.label.equals(label)).findFirst();
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
