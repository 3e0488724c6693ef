package io.tally.adapter.in.rest;

import io.tally.application.port.in.AccessUseCase;
import io.tally.application.port.in.AdmitRequestsUseCase;
import io.tally.application.port.in.AnswerAnalyticsUseCase;
import io.tally.application.port.in.ExportEventsUseCase;
import io.tally.application.port.in.IngestEventsUseCase;
import io.tally.application.port.in.ListSetAsideEventsUseCase;
import io.tally.application.port.in.ManageDefinitionsUseCase;
import io.tally.application.port.in.ReplayDeadLettersUseCase;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The use cases the REST adapter calls. */
public record RestServices(IngestEventsUseCase ingest, AnswerAnalyticsUseCase analytics,
                           ManageDefinitionsUseCase definitions, Optional<ReplayDeadLettersUseCase> deadLetters,
                           AdmitRequestsUseCase limits, AccessUseCase access,
                           ExportEventsUseCase export, ReportingServices reporting,
                           ListSetAsideEventsUseCase setAside) {
    /** Without the store's dead letters: their route answers an empty list. */
    public RestServices(IngestEventsUseCase ingest, AnswerAnalyticsUseCase analytics,
                        ManageDefinitionsUseCase definitions, Optional<ReplayDeadLettersUseCase> deadLetters,
                        AdmitRequestsUseCase limits, AccessUseCase access,
                        ExportEventsUseCase export, ReportingServices reporting) {
        this(ingest, analytics, definitions, deadLetters, limits, access, export, reporting, (project, limit) -> List.of());
    }

    public RestServices {
        Objects.requireNonNull(setAside, "setAside");
        Objects.requireNonNull(ingest, "ingest");
        Objects.requireNonNull(analytics, "analytics");
        Objects.requireNonNull(definitions, "definitions");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(export, "export");
        Objects.requireNonNull(reporting, "reporting");
    }
}
