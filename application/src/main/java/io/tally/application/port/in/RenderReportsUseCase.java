package io.tally.application.port.in;


import java.util.List;

/** Renders chart-ready answers as a PDF report. */
public interface RenderReportsUseCase {

    byte[] pdf(String title, List<ReportSection> sections);
}
