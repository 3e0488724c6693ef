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
 * The consumer side of ingestion in two steps: {@link #prepare} (the same validation and enrichment as HTTP; writes
 * nothing) and {@link #store(Prepared)} (a synchronous write), which a consumer may run for one batch while it prepares
 * the next. A batch the store keeps failing is split and an event it refuses while taking others goes to the
 * dead-letter topic with reason {@code store_refused}, by {@link PiecewiseAppend}'s rule; the prepared batch keeps its
 * progress, so the caller's retry of it ({@link #store(Prepared)} again) goes on where it stopped.
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
    private record Write(int size, PiecewiseAppend<Consumed> append, List<DeadLetters.DeadLetter> invalid,
                         int valid, int bots, AtomicInteger refused) implements Prepared {
    }

    /** Prepares and stores in one call; a retry of the same records starts over (re-sends are found stored). */
    @Override
    public Outcome store(String defaultProject, List<Consumed> batch) {
        return store(prepare(defaultProject, batch));
    }

    @Override
    public Prepared prepare(String defaultProject, List<Consumed> batch) {
        return start(defaultProject, batch);
    }

    /** Stores a prepared batch; after a failure, calling it again with the same batch goes on where it stopped. */
    @Override
    public Outcome store(Prepared prepared) {
        if (!(prepared instanceof Write write)) {
            throw new IllegalArgumentException("a batch this service did not prepare: " + prepared.getClass().getName());
        }
        synchronized (write) { // one batch is stored by one thread at a time; its progress lives in it
            Optional<RuntimeException> failure = write.append().writeUntilPause(() -> false);
            if (failure.isPresent()) {
                throw failure.get();
            }
            if (!write.invalid().isEmpty()) {
                deadLetters.send(write.invalid());
                telemetry.deadLettered(write.invalid().size());
            }
            int refused = write.refused().get();
            long stored = write.append().newEvents();
            telemetry.consumed(write.valid() - refused);
            if (write.bots() > 0) {
                telemetry.botsExcluded(write.bots());
            }
            return new Outcome(stored, write.valid() - refused - stored, write.invalid().size() + refused, write.bots());
        }
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
        append.add(StoreRows.of(store, valid), owners); // on the preparing thread, while the last batch is stored
        return new Write(batch.size(), append, List.copyOf(letters), valid.size(), bots, refused);
    }

    private Validated<Event> validate(Consumed record, String defaultProject) {
        if (record.event() instanceof SubmittedEvent.Unreadable unreadable) {
            return new Validated.Invalid<>(List.of(new Violation(unreadable.field(),
                    ViolationKind.MALFORMED, unreadable.reason())));
        }
        // an event without a time takes its record's, not the consume time: a replay stores it with the same time
        return validator.validate(record.event(), defaultProject, projects::exists, clock.instant(), record.origin().timestamp());
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
