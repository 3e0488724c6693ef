package io.tally.application.service;

import io.tally.application.fake.RecordingStore;
import io.tally.application.port.in.StoreEventsUseCase;
import io.tally.application.port.in.StoreEventsUseCase.Consumed;
import io.tally.application.port.in.StoreEventsUseCase.Origin;
import io.tally.application.port.in.StoreEventsUseCase.Outcome;
import io.tally.application.port.out.DeadLetters;
import io.tally.application.port.out.IngestTelemetry;
import io.tally.application.port.out.StoreException;
import io.tally.domain.event.EventLimits;
import io.tally.domain.event.EventValidator;
import io.tally.domain.event.SubmittedEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** A consumed batch the store fails: retried by the caller, split, and only a refused event dead-lettered. */
class ConsumptionServiceTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private final RecordingStore store = new RecordingStore();
    private final List<DeadLetters.DeadLetter> letters = new ArrayList<>();
    private final ConsumptionService service = new ConsumptionService(new EventValidator(EventLimits.DEFAULT),
            EventEnricher.none(), "default"::equals, store, letters::addAll, IngestTelemetry.NONE,
            Clock.fixed(NOW, ZoneOffset.UTC), 3);

    private static List<Consumed> records(int n) {
        List<Consumed> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "e" + i;
            batch.add(new Consumed(new SubmittedEvent.Fields(Map.of("event_id", id, "user_id", "u", "session_id", "s",
                    "event_type", "page_view")), id.getBytes(StandardCharsets.UTF_8),
                    ("{\"event_id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8),
                    new Origin("events", 0, 100 + i, NOW)));
        }
        return batch;
    }

    /** Calls again with the same batch after each failure, as the consumer does (without its pause). */
    private Outcome storeUntilItReturns(List<Consumed> batch) {
        StoreEventsUseCase.Prepared prepared = service.prepare("default", batch);
        for (int call = 0; call < 1_000; call++) {
            try {
                return service.store(prepared);
            } catch (StoreException e) {
                // the consumer pauses its partitions here and retries the same batch
            }
        }
        return fail("never stored");
    }

    @Test
    void an_event_the_store_refuses_goes_to_the_dead_letters_with_its_origin_once_the_others_are_stored() {
        store.refuse("e3");
        List<Consumed> batch = records(10);

        Outcome outcome = storeUntilItReturns(batch);

        assertThat(outcome).isEqualTo(new Outcome(9, 0, 1, 0));
        assertThat(store.stored()).hasSize(9).doesNotContainKey("e3");
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.reason()).isEqualTo("store_refused");
            assertThat(letter.message()).contains("refused event e3");
            assertThat(letter.origin().offset()).isEqualTo(103);
            assertThat(letter.value()).isEqualTo(batch.get(3).value());
        });
        assertThat(storeUntilItReturns(records(5))).as("the same records again: the stored ones are re-sends, the refused one is set aside again")
                .isEqualTo(new Outcome(0, 4, 1, 0));
    }

    @Test
    void a_store_that_fails_every_write_for_a_while_dead_letters_nothing() {
        store.failNext(40);

        Outcome outcome = storeUntilItReturns(records(10));

        assertThat(outcome).isEqualTo(new Outcome(10, 0, 0, 0));
        assertThat(store.count()).isEqualTo(10);
        assertThat(letters).isEmpty();
    }
}
