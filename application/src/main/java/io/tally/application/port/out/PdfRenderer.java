package io.tally.application.port.out;

import io.tally.application.port.in.ReportSection;

import java.util.List;

/** Renders chart-ready answers as one PDF document: each section from a new page, pages numbered throughout. */
public interface PdfRenderer {

    byte[] render(String title, List<ReportSection> sections);
}
