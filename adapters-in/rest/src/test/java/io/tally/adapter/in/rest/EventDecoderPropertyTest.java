package io.tally.adapter.in.rest;

import io.tally.domain.Hostile;
import io.tally.domain.event.Event;
import io.tally.domain.event.EventLimits;
import io.tally.domain.event.EventValidator;
import io.tally.domain.event.PropertyValue;
import io.tally.domain.event.SubmittedEvent;
import io.tally.domain.event.WireDecoder;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.ViolationKind;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile bodies through the decoder and the validator, as {@code POST /v1/events} runs them: nothing throws but a
 * named refusal of the whole body, every refused event names its field, and an event that is accepted holds exactly
 * the values its JSON carried (escapes such as {@code \\uD800} included).
 */
class EventDecoderPropertyTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private final EventValidator validator = new EventValidator(EventLimits.DEFAULT);

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<String> json = Hostile.event().list().ofMaxSize(3).map(events -> events.size() == 1
                ? Hostile.json(events.getFirst()) : Hostile.json(events));
        return Hostile.mangled(json);
    }

    @Provide
    Arbitrary<Object> events() {
        return Hostile.validishEvent().asGeneric();
    }

    @Property(tries = 1500, seed = "18041")
    void a_body_is_decoded_or_refused_whole_and_each_event_validated_or_refused_by_field(@ForAll("bodies") byte[] body) {
        List<SubmittedEvent> events;
        try {
            events = EventDecoder.json(body).events();
        } catch (WireDecoder.UnreadableBody refused) {
            assertThat(refused.getMessage()).isNotBlank();
            events = EventDecoder.ndjson(body).events(); // the same bytes as NDJSON are read line by line
        }
        for (SubmittedEvent event : events) {
            if (event instanceof SubmittedEvent.Unreadable unreadable) {
                assertThat(unreadable.reason()).isNotBlank(); // a line that is no event is named by its index
                continue;
            }
            if (validator.validate(event, "default", "default"::equals, NOW) instanceof Validated.Invalid<Event> invalid) {
                assertThat(invalid.violations()).allSatisfy(v -> {
                    assertThat(v.message()).isNotBlank();
                    if (v.kind() != ViolationKind.UNKNOWN_FIELD) { // named by the client's own key, maybe blank
                        assertThat(v.field()).as(v.toString()).isNotBlank();
                    }
                });
            }
        }
    }

    @Property(tries = 1500, seed = "18042")
    void an_accepted_event_holds_what_its_json_carried(@ForAll("events") Object sent) {
        if (!(sent instanceof Map<?, ?> fields)) {
            return;
        }
        List<SubmittedEvent> decoded = EventDecoder.ndjson(Hostile.json(sent).getBytes(StandardCharsets.UTF_8)).events();
        assertThat(decoded).hasSize(1);
        if (!(validator.validate(decoded.getFirst(), "default", "default"::equals, NOW) instanceof Validated.Valid<Event>(Event event))) {
            return;
        }
        assertThat(event.eventId()).isEqualTo(fields.get("event_id"));
        assertThat(event.userId()).isEqualTo(fields.get("user_id"));
        assertThat(event.sessionId()).isEqualTo(fields.get("session_id"));
        assertThat(event.eventType()).isEqualTo(fields.get("event_type"));
        if (fields.get("properties") instanceof Map<?, ?> properties) {
            properties.forEach((key, value) -> {
                if (value == null || value instanceof Map<?, ?>) {
                    return; // dropped, or flattened under dotted keys
                }
                PropertyValue kept = event.properties().get(String.valueOf(key));
                assertThat(kept).as("property %s", key).isNotNull();
                switch (kept) {
                    case PropertyValue.Text text -> assertThat(text.value()).isEqualTo(value);
                    case PropertyValue.Flag flag -> assertThat(flag.value()).isEqualTo(value);
                    case PropertyValue.Numeric number -> assertThat(number.value()).isEqualByComparingTo(decimal(value));
                }
            });
        }
    }

    private static BigDecimal decimal(Object number) {
        return switch (number) {
            case BigDecimal d -> d;
            case BigInteger i -> new BigDecimal(i);
            case Number n -> new BigDecimal(n.toString());
            default -> throw new AssertionError("not a number: " + number);
        };
    }
}
