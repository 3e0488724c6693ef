package io.tally.domain.request;

import io.tally.domain.dashboard.Widget;
import io.tally.domain.delivery.Delivery;
import io.tally.domain.schedule.Cron;
import io.tally.domain.schedule.ReportFormat;
import io.tally.domain.schedule.ReportSchedule;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.ViolationKind;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes report schedules: {@code {"name", "description", "cron": "0 8 * * MON", "timezone",
 * "dashboard": "<name>" | "query": {"kind", "query", "title"}, "format": "csv"|"pdf", "deliver": [...]}}.
 */
public final class ScheduleRequests {

    private static final Set<String> FIELDS = Set.of("name", "description", "cron", "timezone", "dashboard", "query",
            "format", "deliver");

    private ScheduleRequests() {
    }

    public static Validated<ReportSchedule> parse(Object body, RequestContext context) {
        Wire wire = new Wire();
        Map<String, Object> object = wire.object(body, "", FIELDS);
        String name = DashboardRequests.name(wire, object, "name");
        String description = wire.text(object, "description", "description").orElse("");
        Cron cron = null;
        String expression = wire.requiredText(object, "cron", "cron");
        if (expression != null) {
            StringBuilder why = new StringBuilder();
            cron = Cron.parse(expression, why).orElse(null);
            if (cron == null) {
                wire.violation("cron", ViolationKind.MALFORMED, why.toString());
            }
        }
        ZoneId zone = new QueryParts(wire, context).zone(object);
        ReportSchedule.Target target = target(wire, object, context);
        ReportFormat format = wire.text(object, "format", "format").map(f -> switch (f) {
            case "csv" -> ReportFormat.CSV;
            case "pdf" -> ReportFormat.PDF;
            default -> {
                wire.violation("format", ViolationKind.MALFORMED, "must be csv or pdf");
                yield null;
            }
        }).orElse(ReportFormat.PDF);
        List<Delivery> deliveries = DeliveryRequests.parse(wire, object.get("deliver"), "deliver");
        if (deliveries.isEmpty() && !wire.violations.stream().anyMatch(v -> v.field().startsWith("deliver"))) {
            wire.violation("deliver", ViolationKind.MISSING, "lists at least one webhook or e-mail delivery");
        }
        if (!wire.violations.isEmpty()) {
            return new Validated.Invalid<>(wire.violations);
        }
        return new Validated.Valid<>(new ReportSchedule(name, description, cron, zone, target, format, deliveries));
    }

    private static ReportSchedule.Target target(Wire wire, Map<String, Object> object, RequestContext context) {
        if (object.containsKey("dashboard") == object.containsKey("query")) {
            wire.violation("dashboard", ViolationKind.MALFORMED, "a schedule renders either a dashboard (by name) or a query");
            return null;
        }
        if (object.containsKey("dashboard")) {
            String dashboard = DashboardRequests.name(wire, Map.of("name", String.valueOf(object.get("dashboard"))), "dashboard");
            return dashboard == null ? null : new ReportSchedule.Target.DashboardNamed(dashboard);
        }
        Object query = object.get("query");
        if (query instanceof Map<?, ?> map && !map.containsKey("id")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> withId = new HashMap<>((Map<String, Object>) map);
            withId.put("id", "query");
            query = withId;
        }
        Optional<Widget> widget = DashboardRequests.widget(wire, query, "query", Optional.of(context));
        return widget.map(ReportSchedule.Target.Query::new).orElse(null);
    }

    public static Map<String, Object> wire(ReportSchedule schedule) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("name", schedule.name());
        wire.put("description", schedule.description());
        wire.put("cron", schedule.cron().expression());
        wire.put("timezone", schedule.zone().getId());
        switch (schedule.target()) {
            case ReportSchedule.Target.DashboardNamed dashboard -> wire.put("dashboard", dashboard.name());
            case ReportSchedule.Target.Query query -> wire.put("query", DashboardRequests.wire(query.widget()));
        }
        wire.put("format", schedule.format().label());
        wire.put("deliver", DeliveryRequests.wire(schedule.deliveries()));
        return wire;
    }
}
