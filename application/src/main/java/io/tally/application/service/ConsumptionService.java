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

/**
 * The consumer side of ingestion: the same validation and enrichment as HTTP ({@link #prepare}), then a synchronous
 * write ({@link #store(Prepared)}), which a consumer may run for one batch while it prepares the next.
 */
public final class ConsumptionService implements StoreEventsUseCase {

    private final EventValidator validator;
    private final EventEnricher enricher;
    private final ProjectDirectory projects;
    private final EventStore store;
    private final DeadLetters deadLetters;
    private final IngestTelemetry telemetry;
    private final Clock clock;

    public ConsumptionService(EventValidator validator, EventEnricher enricher, ProjectDirectory projects, EventStore store,
                              DeadLetters deadLetters, IngestTelemetry telemetry, Clock clock) {
        this.validator = validator;
        this.enricher = enricher;
        this.projects = projects;
        this.store = store;
        this.deadLetters = deadLetters;
        this.telemetry = telemetry;
        this.clock = clock;
    }

    /** A batch checked and enriched: the events to store, the dead letters to send, how many were bots. */
    private record Checked(List<Event> valid, List<DeadLetters.DeadLetter> letters, int bots, int size) implements Prepared {
    }

    @Override
    public Outcome store(String defaultProject, List<Consumed> batch) {
        return store(prepare(defaultProject, batch));
    }

    @Override
    public Prepared prepare(String defaultProject, List<Consumed> batch) {
        List<Event> valid = new ArrayList<>();
        List<DeadLetters.DeadLetter> letters = new ArrayList<>();
        int bots = 0;
        for (Consumed record : batch) {
            switch (validate(record, defaultProject)) {
                case Validated.Valid<Event> ok -> {
                    Optional<Event> enriched = enricher.enrich(ok.value());
                    enriched.ifPresent(valid::add);
                    bots += enriched.isEmpty() ? 1 : 0;
                }
                case Validated.Invalid<Event> bad -> {
                    Violation first = bad.violations().getFirst();
                    letters.add(new DeadLetters.DeadLetter(record.key(), record.value(), first.kind().label(),
                            describe(bad.violations()), origin(record.origin())));
                }
            }
        }
        return new Checked(List.copyOf(valid), List.copyOf(letters), bots, batch.size());
    }

    @Override
    public Outcome store(Prepared prepared) {
        if (!(prepared instanceof Checked checked)) {
            throw new IllegalArgumentException("a batch this service did not prepare: " + prepared.getClass().getName());
        }
        long stored = checked.valid().isEmpty() ? 0 : store.append(checked.valid());
        if (!checked.letters().isEmpty()) {
            deadLetters.send(checked.letters());
            telemetry.deadLettered(checked.letters().size());
            // counted once the batch is stored: a batch prepared again after a failure is not counted twice
            checked.letters().forEach(letter -> telemetry.rejected(letter.reason()));
        }
        telemetry.consumed(checked.valid().size());
        if (checked.bots() > 0) {
            telemetry.botsExcluded(checked.bots());
        }
        return new Outcome(stored, checked.valid().size() - stored, checked.letters().size(), checked.bots());
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
