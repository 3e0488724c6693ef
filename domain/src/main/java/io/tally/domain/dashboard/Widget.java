package io.tally.domain.dashboard;

import java.util.Map;
import java.util.Objects;

/**
 * One saved question on a dashboard. The query is kept in its wire form and read again each time it is answered,
 * so a relative date range such as {@code last_7d} always means the last seven days.
 */
public record Widget(String id, String title, WidgetKind kind, Map<String, Object> query, Visualization visualization,
                     Layout layout) {
    public Widget {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(visualization, "visualization");
        Objects.requireNonNull(layout, "layout");
        if (!visualization.shows(kind)) {
            throw new IllegalArgumentException(visualization.label() + " cannot show a " + kind.label());
        }
    }
}
