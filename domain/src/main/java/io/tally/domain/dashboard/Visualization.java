package io.tally.domain.dashboard;

import io.tally.domain.label.Labelled;
import io.tally.domain.label.Labels;

import java.util.Optional;
import java.util.Set;

/** How a dashboard draws a widget; a hint for the front end, checked against what the widget's query can show. */
public enum Visualization implements Labelled {
    LINE(Set.of(WidgetKind.REPORT, WidgetKind.TIMESERIES, WidgetKind.TREND)),
    BAR(Set.of(WidgetKind.REPORT, WidgetKind.TIMESERIES, WidgetKind.FUNNEL, WidgetKind.PATHS, WidgetKind.STICKINESS,
            WidgetKind.LIFECYCLE, WidgetKind.TREND, WidgetKind.CONVERSIONS)),
    FUNNEL(Set.of(WidgetKind.FUNNEL)),
    TABLE(Set.of(WidgetKind.values())),
    NUMBER(Set.of(WidgetKind.REPORT, WidgetKind.TIMESERIES)),
    RETENTION_GRID(Set.of(WidgetKind.RETENTION));

    private final Set<WidgetKind> shows;

    Visualization(Set<WidgetKind> shows) {
        this.shows = shows;
    }

    public boolean shows(WidgetKind kind) {
        return shows.contains(kind);
    }

    public static Optional<Visualization> of(String label) {
        return Labels.find(Visualization.class, label);
    }

    public static String labels() {
        return Labels.list(Visualization.class);
    }
}
