package io.tally.domain.dashboard;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Which question a widget asks: the body of its query is that endpoint's request body. */
public enum WidgetKind {
    REPORT, TIMESERIES, FUNNEL, RETENTION, PATHS;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<WidgetKind> of(String label) {
        return Arrays.stream(values()).filter(k -> k.label().equals(label)).findFirst();
    }
}
