package io.tally.domain.request;

import io.tally.domain.dashboard.Dashboard;
import io.tally.domain.dashboard.Layout;
import io.tally.domain.dashboard.Visualization;
import io.tally.domain.dashboard.Widget;
import io.tally.domain.dashboard.WidgetKind;
import io.tally.domain.query.Kpi;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.ViolationKind;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and writes saved dashboards: {@code {"name", "title", "description", "widgets": [{"id", "title", "kind",
 * "query", "visualization", "layout": {"x", "y", "w", "h"}}]}}. Every widget's query is checked by its endpoint's
 * rules when the dashboard is saved, so a dashboard that saves is one that answers.
 */
public final class DashboardRequests {

    public static final Pattern WIDGET_ID = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    private static final Set<String> FIELDS = Set.of("name", "title", "description", "widgets");
    private static final Set<String> WIDGET_FIELDS = Set.of("id", "title", "kind", "query", "visualization", "layout");
    private static final Set<String> LAYOUT_FIELDS = Set.of("x", "y", "w", "h");

    private DashboardRequests() {
    }

    public static Validated<Dashboard> parse(Object body, RequestContext context) {
        return parse(body, Optional.of(context));
    }

    /**
     * A stored dashboard read without checking its widgets' queries, for one whose query today's rules refuse (a KPI
     * it names was deleted): the page is still served and that widget answers with its problems.
     */
    public static Optional<Dashboard> unchecked(Object body) {
        return parse(body, Optional.empty()) instanceof Validated.Valid<Dashboard> valid ? Optional.of(valid.value()) : Optional.empty();
    }

    private static Validated<Dashboard> parse(Object body, Optional<RequestContext> context) {
        Wire wire = new Wire();
        Map<String, Object> object = wire.object(body, "", FIELDS);
        String name = name(wire, object, "name");
        String title = wire.text(object, "title", "title").orElse(name == null ? "" : name);
        String description = wire.text(object, "description", "description").orElse("");
        if (title.length() > 200) {
            wire.violation("title", ViolationKind.TOO_LONG, "at most 200 characters");
        }
        if (description.length() > 1000) {
            wire.violation("description", ViolationKind.TOO_LONG, "at most 1000 characters");
        }
        List<Object> items = wire.list(object.get("widgets"), "widgets");
        if (items.size() > Dashboard.MAX_WIDGETS) {
            wire.violation("widgets", ViolationKind.TOO_MANY, "a dashboard has at most " + Dashboard.MAX_WIDGETS + " widgets");
        }
        List<Widget> widgets = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String field = Wire.index("widgets", i);
            widget(wire, items.get(i), field, context).ifPresent(widget -> {
                if (!ids.add(widget.id())) {
                    wire.violation(Wire.join(field, "id"), ViolationKind.MALFORMED, "another widget has this id");
                }
                widgets.add(widget);
            });
        }
        if (!wire.violations.isEmpty()) {
            return new Validated.Invalid<>(wire.violations);
        }
        return new Validated.Valid<>(new Dashboard(name, title, description, widgets));
    }

    /** One widget, its query checked when there is a context; {@code field} names it in violations. */
    static Optional<Widget> widget(Wire wire, Object body, String field, Optional<RequestContext> context) {
        int before = wire.violations.size();
        Map<String, Object> object = wire.object(body, field, WIDGET_FIELDS);
        String id = wire.requiredText(object, "id", Wire.join(field, "id"));
        if (id != null && !WIDGET_ID.matcher(id).matches()) {
            wire.violation(Wire.join(field, "id"), ViolationKind.MALFORMED, "use lower-case letters, digits, _ and -, starting with a letter");
        }
        String title = wire.text(object, "title", Wire.join(field, "title")).orElse(id == null ? "" : id);
        String kindLabel = wire.requiredText(object, "kind", Wire.join(field, "kind"));
        WidgetKind kind = kindLabel == null ? null : WidgetKind.of(kindLabel).orElse(null);
        if (kindLabel != null && kind == null) {
            wire.violation(Wire.join(field, "kind"), ViolationKind.MALFORMED, "must be report, timeseries, funnel, retention or paths");
        }
        Object query = object.get("query");
        if (!(query instanceof Map<?, ?>)) {
            wire.violation(Wire.join(field, "query"), query == null ? ViolationKind.MISSING : ViolationKind.WRONG_TYPE,
                    "must be the query as a JSON object");
        } else if (kind != null && context.isPresent()) {
            wire.violations.addAll(WidgetQueries.check(kind, query, context.get(), Wire.join(field, "query")));
        }
        Visualization visualization = visualization(wire, object, field, kind);
        Layout layout = layout(wire, object.get("layout"), Wire.join(field, "layout"));
        if (wire.violations.size() > before) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> saved = (Map<String, Object>) query;
        return Optional.of(new Widget(id, title, kind, saved, visualization, layout));
    }

    private static Visualization visualization(Wire wire, Map<String, Object> object, String field, WidgetKind kind) {
        String at = Wire.join(field, "visualization");
        Optional<String> label = wire.text(object, "visualization", at);
        if (label.isEmpty()) {
            return kind == WidgetKind.FUNNEL ? Visualization.FUNNEL : kind == WidgetKind.RETENTION
                    ? Visualization.RETENTION_GRID : kind == WidgetKind.TIMESERIES ? Visualization.LINE : Visualization.TABLE;
        }
        Optional<Visualization> visualization = Visualization.of(label.get());
        if (visualization.isEmpty()) {
            wire.violation(at, ViolationKind.MALFORMED, "must be one of " + Visualization.labels());
            return null;
        }
        if (kind != null && !visualization.get().shows(kind)) {
            wire.violation(at, ViolationKind.UNSUPPORTED, visualization.get().label() + " cannot show a " + kind.label() + " query");
            return null;
        }
        return visualization.get();
    }

    private static Layout layout(Wire wire, Object body, String field) {
        if (body == null) {
            return new Layout(0, 0, 6, 4);
        }
        Map<String, Object> object = wire.object(body, field, LAYOUT_FIELDS);
        int x = wire.integer(object, "x", Wire.join(field, "x"), 0, Layout.COLUMNS - 1).orElse(0);
        int y = wire.integer(object, "y", Wire.join(field, "y"), 0, 10_000).orElse(0);
        int w = wire.integer(object, "w", Wire.join(field, "w"), 1, Layout.COLUMNS).orElse(6);
        int h = wire.integer(object, "h", Wire.join(field, "h"), 1, Layout.MAX_HEIGHT).orElse(4);
        if (x + w > Layout.COLUMNS) {
            wire.violation(Wire.join(field, "w"), ViolationKind.OUT_OF_RANGE, "x + w must be at most " + Layout.COLUMNS);
            return null;
        }
        return new Layout(x, y, w, h);
    }

    static String name(Wire wire, Map<String, Object> object, String field) {
        String name = wire.requiredText(object, "name", field);
        if (name != null && !Kpi.NAME.matcher(name).matches()) {
            wire.violation(field, ViolationKind.MALFORMED, "use lower-case letters, digits and _, starting with a letter (at most 64)");
            return null;
        }
        return name;
    }

    public static Map<String, Object> wire(Dashboard dashboard) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("name", dashboard.name());
        wire.put("title", dashboard.title());
        wire.put("description", dashboard.description());
        wire.put("widgets", dashboard.widgets().stream().map(DashboardRequests::wire).toList());
        return wire;
    }

    public static Map<String, Object> wire(Widget widget) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("id", widget.id());
        wire.put("title", widget.title());
        wire.put("kind", widget.kind().label());
        wire.put("query", widget.query());
        wire.put("visualization", widget.visualization().label());
        Map<String, Object> layout = new LinkedHashMap<>();
        layout.put("x", widget.layout().x());
        layout.put("y", widget.layout().y());
        layout.put("w", widget.layout().w());
        layout.put("h", widget.layout().h());
        wire.put("layout", layout);
        return wire;
    }
}
