package io.tally.application.service;

import io.tally.application.port.in.AnswerDashboardsUseCase;
import io.tally.application.port.in.ManageDashboardsUseCase;
import io.tally.application.port.in.ReportSection;
import io.tally.application.port.in.shape.Charts;
import io.tally.application.port.out.PdfRenderer;
import io.tally.domain.dashboard.Dashboard;
import io.tally.domain.dashboard.Widget;
import io.tally.domain.validation.Validated;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Answers a dashboard's widgets together, and renders a dashboard as one document. */
public final class DashboardAnswers implements AnswerDashboardsUseCase {

    private final ManageDashboardsUseCase dashboards;
    private final WidgetAnswers widgets;
    private final PdfRenderer pdf;

    public DashboardAnswers(ManageDashboardsUseCase dashboards, WidgetAnswers widgets, PdfRenderer pdf) {
        this.dashboards = dashboards;
        this.widgets = widgets;
        this.pdf = pdf;
    }

    @Override
    public Optional<DashboardAnswer> answer(String projectId, String name, boolean force, Encoding encoding) {
        return dashboards.dashboard(projectId, name).map(dashboard -> new DashboardAnswer(dashboard,
                dashboard.widgets().stream().map(widget -> widgets.answer(projectId, widget, force, encoding)).toList()));
    }

    @Override
    public Optional<byte[]> pdf(String projectId, String name) {
        return dashboards.dashboard(projectId, name).map(dashboard -> pdf.render(dashboard.title(), sections(projectId, dashboard)));
    }

    /** Each widget's chart under its title; a widget that cannot be answered shows its problems as its table. */
    List<ReportSection> sections(String projectId, Dashboard dashboard) {
        List<ReportSection> sections = new ArrayList<>();
        for (Widget widget : dashboard.widgets()) {
            Map<String, Object> chart = switch (widgets.chart(projectId, widget)) {
                case Validated.Valid<Map<String, Object>> valid -> valid.value();
                case Validated.Invalid<Map<String, Object>> invalid -> Charts.problems(invalid.violations());
            };
            sections.add(new ReportSection(widget.title(), chart));
        }
        return sections;
    }
}
