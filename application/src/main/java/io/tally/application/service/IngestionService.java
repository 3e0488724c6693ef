package io.tally.application.service;

import io.tally.application.port.in.IngestEventsCommand;
import io.tally.application.port.in.IngestEventsUseCase;
import io.tally.application.port.in.IngestResult;
import io.tally.application.port.out.EventPublisher;
import io.tally.application.port.out.IngestTelemetry;
import io.tally.application.port.out.ProjectDirectory;
import io.tally.domain.event.Event;
import io.tally.domain.event.EventValidator;
import io.tally.domain.event.SubmittedEvent;
import io.tally.domain.validation.Validated;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Validates each submitted event, hands the valid ones to the batching writer, and reports every rejection. */
public final class IngestionService implements IngestEventsUseCase {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    /** The writer is behind by the whole wait bound: a re-send a second later would most likely wait again. */
    private static final Duration NOT_YET_STORED_RETRY_AFTER = Duration.ofSeconds(5);

    private final EventValidator validator;
    private final EventEnricher enricher;
    private final ProjectDirectory projects;
    private final BatchingWriter writer;
    private final Optional<EventPublisher> publisher;
    private final IngestTelemetry telemetry;
    private final Clock clock;

    public IngestionService(EventValidator validator, EventEnricher enricher, ProjectDirectory projects,
                            BatchingWriter writer, IngestTelemetry telemetry, Clock clock) {
        this(validator, enricher, projects, writer, Optional.empty(), telemetry, clock);
    }

    /**
     * @param publisher in collector mode, the message log the valid events go to instead of the writer; a request
     *                  is then answered only once the log acknowledged every event
     */
    public IngestionService(EventValidator validator, EventEnricher enricher, ProjectDirectory projects,
                            BatchingWriter writer, Optional<EventPublisher> publisher, IngestTelemetry telemetry, Clock clock) {
        this.publisher = publisher;
        this.validator = validator;
        this.enricher = enricher;
        this.projects = projects;
        this.writer = writer;
        this.telemetry = telemetry;
        this.clock = clock;
    }

    @Override
    public IngestResult ingest(IngestEventsCommand command) {
        Instant receivedAt = clock.instant();
        List<Event> valid = new ArrayList<>();
        List<IngestResult.Rejection> rejected = new ArrayList<>();
        List<SubmittedEvent> events = command.events();
        // a request's copies of one event are known here, before any store: only the first goes on
        Set<List<String>> ids = new HashSet<>();
        int duplicates = 0;
        int bots = 0;
        for (int i = 0; i < events.size(); i++) {
            // an event may name only the project of the request (its key's); any other is unknown to it
            switch (validator.validate(events.get(i), command.projectId(),
                    p -> p.equals(command.projectId()) && projects.exists(p), receivedAt)) {
                case Validated.Valid<Event> copy when !ids.add(List.of(copy.value().projectId(), copy.value().eventId())) ->
                        duplicates++;
                case Validated.Valid<Event> ok -> {
                    Optional<Event> enriched = enricher.enrich(ok.value());
                    enriched.ifPresent(valid::add);
                    bots += enriched.isEmpty() ? 1 : 0;
                }
                case Validated.Invalid<Event> bad -> rejected.add(new IngestResult.Rejection(i, bad.violations()));
            }
        }
        if (bots > 0) {
            telemetry.botsExcluded(bots);
        }
        if (valid.isEmpty() && bots > 0) {
            rejected.forEach(this::countRejection);
            return new IngestResult.Accepted(0, duplicates, rejected, bots);
        }
        if (valid.isEmpty()) {
            rejected.forEach(this::countRejection);
            return new IngestResult.NothingValid(rejected);
        }
        if (publisher.isPresent()) {
            try {
                publisher.get().publish(valid).join();
            } catch (CompletionException e) {
                telemetry.overloaded();
                return new IngestResult.Unavailable("the message log did not acknowledge: " + e.getCause().getMessage(),
                        RETRY_AFTER);
            }
            rejected.forEach(this::countRejection);
            telemetry.accepted(valid.size());
            return new IngestResult.Accepted(valid.size(), duplicates, rejected, bots);
        }
        Optional<CompletableFuture<Void>> stored = writer.offer(valid);
        if (stored.isEmpty()) {
            telemetry.overloaded();
            return new IngestResult.Overloaded(RETRY_AFTER);
        }
        rejected.forEach(this::countRejection);
        telemetry.accepted(valid.size());
        IngestResult.Accepted accepted = new IngestResult.Accepted(valid.size(), duplicates, rejected, bots);
        return command.waitUntilStored() ? waitForStore(stored.get(), accepted) : accepted;
    }

    /**
     * Waits for the writer at most its wait bound, so a stuck store never holds a request (or its connection) for
     * good: past the bound, the events are reported taken but not yet stored.
     */
    private IngestResult waitForStore(CompletableFuture<Void> stored, IngestResult.Accepted accepted) {
        try {
            stored.get(writer.waitBound().toMillis(), TimeUnit.MILLISECONDS);
            return accepted;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EventsSetAside setAside) {
                return new IngestResult.Accepted(accepted.accepted(), accepted.duplicates(), accepted.rejected(),
                        accepted.botsExcluded(), setAside.setAside());
            }
            throw new IllegalStateException("the writer failed a submission", e.getCause());
        } catch (TimeoutException e) {
            telemetry.waitTimedOut();
            return new IngestResult.NotYetStored(accepted, writer.waitBound(), NOT_YET_STORED_RETRY_AFTER);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new IngestResult.NotYetStored(accepted, writer.waitBound(), NOT_YET_STORED_RETRY_AFTER);
        }
    }

    private void countRejection(IngestResult.Rejection rejection) {
        telemetry.rejected(rejection.violations().getFirst().kind().label());
    }
}
