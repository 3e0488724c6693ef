package io.tally.domain.dashboard;

import java.util.List;
import java.util.Objects;

/** A named page of widgets, answered together. */
public record Dashboard(String name, String title, String description, List<Widget> widgets) {
    public static final int MAX_WIDGETS = 24;

    public Dashboard {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        widgets = List.copyOf(widgets);
        if (widgets.size() > MAX_WIDGETS) {
            throw new IllegalArgumentException("at most " + MAX_WIDGETS + " widgets");
        }
    }
}
