package io.tally.domain.dashboard;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** How a dashboard draws a widget; a hint for the front end, checked against what the widget's query can show. */
public enum Visualization {
    LINE(Set.of(WidgetKind.REPORT, WidgetKind.TIMESERIES)),
    BAR(Set.of(WidgetKind.REPORT, WidgetKind.TIMESERIES, WidgetKind.FUNNEL, WidgetKind.PATHS)),
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

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Visualization> of(String label) {
        return Arrays.stream(values()).filter(v -> v.label().equals(label)).findFirst();
    }

    public static String labels() {
        return String.join(", ", Arrays.stream(values()).map(Visualization::label).toList());
    }
}
