package io.tally.application.port.in;

import java.util.Map;
import java.util.Objects;

/** One titled part of a report document: a chart-ready answer (as {@code Charts} shapes it) under its heading. */
public record ReportSection(String title, Map<String, Object> chart) {
    public ReportSection {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(chart, "chart");
    }
}
