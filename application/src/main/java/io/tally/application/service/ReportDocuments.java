package io.tally.application.service;

import io.tally.application.port.in.RenderReportsUseCase;
import io.tally.application.port.in.ReportSection;
import io.tally.application.port.out.PdfRenderer;

import java.util.List;

/** PDF reports of answers, through whichever renderer is plugged in. */
public final class ReportDocuments implements RenderReportsUseCase {

    private final PdfRenderer renderer;

    public ReportDocuments(PdfRenderer renderer) {
        this.renderer = renderer;
    }

    @Override
    public byte[] pdf(String title, List<ReportSection> sections) {
        return renderer.render(title, sections);
    }
}
