package io.tally.adapter.out.documents;

import io.tally.application.port.out.PdfRenderer;

/** The documents adapter's one public face: PDF reports drawn with Apache PDFBox and JFreeChart. */
public final class PdfDocuments {

    private PdfDocuments() {
    }

    public static PdfRenderer renderer() {
        return PdfReport::render;
    }
}
