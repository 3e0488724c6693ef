package io.tally.application.port.in;

/** Validates submitted events, stores the valid ones exactly once and reports the rest. */
public interface IngestEventsUseCase {
    IngestResult ingest(IngestEventsCommand command);
}
