package io.tally.domain.schedule;

import io.tally.domain.label.Labelled;

/** How a scheduled report is rendered: CSV files (one per widget) or one PDF document. */
public enum ReportFormat implements Labelled {
    CSV, PDF;
}
