package io.tally.domain.dashboard;

import io.tally.domain.label.Labelled;
import io.tally.domain.label.Labels;

import java.util.Optional;

/** Which question a widget asks: the body of its query is that endpoint's request body. */
public enum WidgetKind implements Labelled {
    REPORT, TIMESERIES, FUNNEL, RETENTION, PATHS, STICKINESS, LIFECYCLE, TREND, CONVERSIONS;

    public static Optional<WidgetKind> of(String label) {
        return Labels.find(WidgetKind.class, label);
    }
}
