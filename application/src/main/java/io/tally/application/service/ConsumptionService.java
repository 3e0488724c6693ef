package io.tally.application.service;

import io.tally.application.port.in.StoreEventsUseCase;
import io.tally.application.port.out.DeadLetters;
import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.IngestTelemetry;
import io.tally.application.port.out.ProjectDirectory;
import io.tally.domain.event.Event;
import io.tally.domain.event.EventValidator;
import io.tally.domain.event.SubmittedEvent;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The consumer side of ingestion: the same validation and enrichment as HTTP, then a synchronous write. A batch the
 * store keeps failing is split and an event it refuses while taking others goes to the dead-letter topic with reason
 * {@code store_refused}, by {@link PiecewiseAppend}'s rule; a call that fails keeps its place, so the caller's retry of
 * the same batch (the same list) goes on where it stopped. Calls are serialised (one consumer thread per node).
 */
public final class ConsumptionService implements StoreEventsUseCase {

    /** The dead letters' reason for an event the store refused (not a violation: the event was valid). */
    static final String STORE_REFUSED = "store_refused";

    private final EventValidator validator;
    private final EventEnricher enricher;
    private final ProjectDirectory projects;
    private final EventStore store;
    private final DeadLetters deadLetters;
    private final IngestTelemetry telemetry;
    private final Clock clock;
    private final int failuresBeforeSplit;
    /** The batch whose write failed last, to go on with when the same batch comes again. */
    private Write unfinished;

    public ConsumptionService(EventValidator validator, EventEnricher enricher, ProjectDirectory projects, EventStore store,
                              DeadLetters deadLetters, IngestTelemetry telemetry, Clock clock) {
        this(validator, enricher, projects, store, deadLetters, telemetry, clock, WriterSettings.FAILURES_BEFORE_SPLIT);
    }

    /** @param failuresBeforeSplit a batch failing this many times in a row is split (see {@link PiecewiseAppend}) */
    public ConsumptionService(EventValidator validator, EventEnricher enricher, ProjectDirectory projects, EventStore store,
                              DeadLetters deadLetters, IngestTelemetry telemetry, Clock clock, int failuresBeforeSplit) {
        this.validator = validator;
        this.enricher = enricher;
        this.projects = projects;
        this.store = store;
        this.deadLetters = deadLetters;
        this.telemetry = telemetry;
        this.clock = clock;
        this.failuresBeforeSplit = failuresBeforeSplit;
    }

    /** One batch on its way: its valid events being appended, its invalid records waiting to be dead-lettered. */
    private record Write(List<Consumed> batch, PiecewiseAppend<Consumed> append, List<DeadLetters.DeadLetter> invalid,
                         int valid, int bots, AtomicInteger refused) {
    }

    @Override
    public synchronized Outcome store(String defaultProject, List<Consumed> batch) {
        Write write = unfinished != null && unfinished.batch() == batch ? unfinished : start(defaultProject, batch);
        unfinished = write;
        Optional<RuntimeException> failure = write.append().writeUntilPause(() -> false);
        if (failure.isPresent()) {
            throw failure.get();
        }
        if (!write.invalid().isEmpty()) {
            deadLetters.send(write.invalid());
            telemetry.deadLettered(write.invalid().size());
        }
        unfinished = null;
        int refused = write.refused().get();
        long stored = write.append().newEvents();
        telemetry.consumed(write.valid() - refused);
        if (write.bots() > 0) {
            telemetry.botsExcluded(write.bots());
        }
        return new Outcome(stored, write.valid() - refused - stored, write.invalid().size() + refused, write.bots());
    }

    private Write start(String defaultProject, List<Consumed> batch) {
        List<Event> valid = new ArrayList<>();
        List<Consumed> owners = new ArrayList<>();
        List<DeadLetters.DeadLetter> letters = new ArrayList<>();
        int bots = 0;
        for (Consumed record : batch) {
            switch (validate(record, defaultProject)) {
                case Validated.Valid<Event> ok -> {
                    Optional<Event> enriched = enricher.enrich(ok.value());
                    enriched.ifPresent(event -> {
                        valid.add(event);
                        owners.add(record);
                    });
                    bots += enriched.isEmpty() ? 1 : 0;
                }
                case Validated.Invalid<Event> bad -> {
                    Violation first = bad.violations().getFirst();
                    letters.add(new DeadLetters.DeadLetter(record.key(), record.value(), first.kind().label(),
                            describe(bad.violations()), origin(record.origin())));
                    telemetry.rejected(first.kind().label());
                }
            }
        }
        AtomicInteger refused = new AtomicInteger();
        PiecewiseAppend<Consumed> append = new PiecewiseAppend<>(store, failuresBeforeSplit, Math.max(1, valid.size()),
                true, telemetry, new PiecewiseAppend.Outcomes<>() {
                    @Override
                    public void stored(List<Consumed> records) {
                    }

                    @Override
                    public void setAside(Consumed record, Event event, String error) {
                        // acknowledged before returning, so the batch's offsets move past it only once it is kept
                        deadLetters.send(List.of(new DeadLetters.DeadLetter(record.key(), record.value(), STORE_REFUSED,
                                error, origin(record.origin()))));
                        telemetry.deadLettered(1);
                        telemetry.storeDeadLettered(1);
                        refused.incrementAndGet();
                    }
                });
        append.add(valid, owners);
        return new Write(batch, append, letters, valid.size(), bots, refused);
    }

    private Validated<Event> validate(Consumed record, String defaultProject) {
        if (record.event() instanceof SubmittedEvent.Unreadable unreadable) {
            return new Validated.Invalid<>(List.of(new Violation(unreadable.field(),
                    ViolationKind.MALFORMED, unreadable.reason())));
        }
        return validator.validate(record.event(), defaultProject, projects::exists, clock.instant());
    }

    private static DeadLetters.Origin origin(Origin origin) {
        return new DeadLetters.Origin(origin.topic(), origin.partition(), origin.offset(), origin.timestamp());
    }

    private static String describe(List<Violation> violations) {
        StringBuilder text = new StringBuilder();
        for (Violation v : violations) {
            text.append(text.isEmpty() ? "" : "; ").append(v.field().isEmpty() ? "" : v.field() + ": ").append(v.message());
        }
        return text.toString();
    }
}
