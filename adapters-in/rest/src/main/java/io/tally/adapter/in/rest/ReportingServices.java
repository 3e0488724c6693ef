package io.tally.adapter.in.rest;

import io.tally.application.port.in.AnswerDashboardsUseCase;
import io.tally.application.port.in.ManageAlertsUseCase;
import io.tally.application.port.in.ManageDashboardsUseCase;
import io.tally.application.port.in.ManageSchedulesUseCase;
import io.tally.application.port.in.RenderReportsUseCase;

import java.util.Objects;

/** The use cases behind reports: PDF rendering, dashboards, alerts and schedules. */
public record ReportingServices(RenderReportsUseCase reports, ManageDashboardsUseCase dashboards,
                                AnswerDashboardsUseCase answers, ManageAlertsUseCase alerts, ManageSchedulesUseCase schedules) {
    public ReportingServices {
        Objects.requireNonNull(reports, "reports");
        Objects.requireNonNull(dashboards, "dashboards");
        Objects.requireNonNull(answers, "answers");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(schedules, "schedules");
    }
}
