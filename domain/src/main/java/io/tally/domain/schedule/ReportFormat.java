package io.tally.domain.schedule;

import java.util.Locale;

/** How a scheduled report is rendered: CSV files (one per widget) or one PDF document. */
public enum ReportFormat {
    CSV, PDF;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
