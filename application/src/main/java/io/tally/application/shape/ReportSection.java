package io.tally.application.shape;

import java.util.Map;
import java.util.Objects;

/** One titled part of a report document: a chart-ready answer ({@link Charts}) under its heading. */
public record ReportSection(String title, Map<String, Object> chart) {
    public ReportSection {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(chart, "chart");
    }
}
