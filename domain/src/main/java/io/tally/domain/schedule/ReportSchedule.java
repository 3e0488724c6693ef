package io.tally.domain.schedule;

import io.tally.domain.dashboard.Widget;
import io.tally.domain.delivery.Delivery;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/** A saved schedule: when (cron in a zone), what (a dashboard or one query), as what, and to whom. */
public record ReportSchedule(String name, String description, Cron cron, ZoneId zone, Target target, ReportFormat format,
                             List<Delivery> deliveries) {
    public ReportSchedule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(format, "format");
        deliveries = List.copyOf(deliveries);
        if (deliveries.isEmpty()) {
            throw new IllegalArgumentException("a schedule delivers somewhere");
        }
    }

    /** What a schedule renders. */
    public sealed interface Target {
        /** A saved dashboard, read when the schedule runs. */
        record DashboardNamed(String name) implements Target {
        }

        /** One query, saved with the schedule. */
        record Query(Widget widget) implements Target {
        }
    }
}
