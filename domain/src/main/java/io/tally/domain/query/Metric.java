package io.tally.domain.query;

import io.tally.domain.event.Revenue;
import io.tally.domain.label.Labelled;
import io.tally.domain.label.Labels;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The built-in metrics, each defined over {@link Aggregates}. Rates are percentages; a ratio over zero is
 * {@code null} (no sessions means no bounce rate, not a bounce rate of zero).
 */
public enum Metric implements Labelled {
    EVENTS(a -> a.events()),
    VISITORS(a -> a.visitors()),
    SESSIONS(a -> a.sessions()),
    PAGEVIEWS(a -> a.pageviews()),
    VIEWS_PER_SESSION(a -> ratio(a.sessionPageviews(), a.sessions(), 1)),
    BOUNCE_RATE(a -> ratio(a.bounces(), a.entries(), 100)),
    AVG_SESSION_DURATION(a -> ratio(a.sessionMillis(), a.sessions(), 0.001)),
    CONVERSIONS(a -> a.conversions()),
    CONVERSION_RATE(a -> ratio(a.convertedVisitors(), a.visitors(), 100)),
    REVENUE(a -> a.revenue().stripTrailingZeros()),
    ARPU(a -> a.visitors() == 0 ? null
            : a.revenue().divide(BigDecimal.valueOf(a.visitors()), Aggregates.REVENUE_SCALE, RoundingMode.HALF_EVEN)
            .stripTrailingZeros());

    /** The event type counted as a page view. */
    public static final String PAGE_VIEW_EVENT = "page_view";
    /** The event type counted as a conversion. */
    public static final String CONVERSION_EVENT = "conversion";
    /** The numeric property summed as revenue. */
    public static final String REVENUE_PROPERTY = Revenue.PROPERTY;

    private final Function<Aggregates, Number> definition;

    Metric(Function<Aggregates, Number> definition) {
        this.definition = definition;
    }

    /** The value for one row: a {@link Long}, {@link Double} or {@link BigDecimal}, or null when undefined. */
    public Number of(Aggregates aggregates) {
        return definition.apply(aggregates);
    }

    /** The costly parts of {@link Aggregates} this metric reads. */
    public Set<Aggregates.Part> parts() {
        return switch (this) {
            case SESSIONS, VIEWS_PER_SESSION, BOUNCE_RATE, AVG_SESSION_DURATION -> EnumSet.of(Aggregates.Part.SESSIONS);
            case VISITORS -> EnumSet.of(Aggregates.Part.VISITORS);
            case CONVERSION_RATE -> EnumSet.of(Aggregates.Part.VISITORS, Aggregates.Part.CONVERTED_VISITORS);
            case REVENUE -> EnumSet.of(Aggregates.Part.REVENUE);
            case ARPU -> EnumSet.of(Aggregates.Part.REVENUE, Aggregates.Part.VISITORS);
            case EVENTS, PAGEVIEWS, CONVERSIONS -> EnumSet.noneOf(Aggregates.Part.class);
        };
    }

    public static Optional<Metric> fromLabel(String label) {
        return Labels.find(Metric.class, label);
    }

    private static Double ratio(long part, long whole, double scale) {
        return whole == 0 ? null : part * scale / whole;
    }
}
