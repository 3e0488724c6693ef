package io.tally.domain.event;

import io.tally.domain.Hostile;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.ViolationKind;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile events thrown at the validator: it never throws, every refusal names the field, and an accepted event
 * holds exactly what was sent (the documented rules aside: nested objects flattened with dots, nulls dropped,
 * timestamps to the millisecond) and only text every store keeps.
 */
class EventValidatorPropertyTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private final EventValidator validator = new EventValidator(EventLimits.DEFAULT);

    @Provide
    Arbitrary<Map<String, Object>> events() {
        return Hostile.event().filter(Map.class::isInstance).map(body -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) body;
            return fields;
        });
    }

    private Validated<Event> validate(Map<String, Object> fields) {
        return validator.validate(new SubmittedEvent.Fields(fields), "default", "default"::equals, NOW);
    }

    @Property(tries = 1500, seed = "18001")
    void every_refusal_names_a_field(@ForAll("events") Map<String, Object> fields) {
        if (validate(fields) instanceof Validated.Invalid<Event> invalid) {
            assertThat(invalid.violations()).allSatisfy(v -> {
                // an unknown field is named by the key the client sent, which may itself be blank
                if (v.kind() != ViolationKind.UNKNOWN_FIELD) {
                    assertThat(v.field()).as(v.toString()).isNotBlank();
                }
                assertThat(v.message()).isNotBlank();
            });
        }
    }

    @Provide
    Arbitrary<Map<String, Object>> validishEvents() {
        return Hostile.validishEvent();
    }

    @Property(tries = 1500, seed = "18002")
    void an_accepted_event_holds_exactly_what_was_sent(@ForAll("validishEvents") Map<String, Object> fields) {
        if (!(validate(fields) instanceof Validated.Valid<Event>(Event event))) {
            return;
        }
        assertThat(event.eventId()).isEqualTo(fields.get("event_id"));
        assertThat(event.userId()).isEqualTo(fields.get("user_id"));
        assertThat(event.sessionId()).isEqualTo(fields.get("session_id"));
        assertThat(event.eventType()).isEqualTo(fields.get("event_type"));
        assertThat(event.projectId()).isEqualTo(fields.getOrDefault("project_id", "default"));
        if (fields.get("timestamp") instanceof String text) {
            assertThat(event.timestamp()).isEqualTo(OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MILLIS));
        }
        Map<String, Object> sent = new LinkedHashMap<>();
        if (fields.get("properties") instanceof Map<?, ?> properties) {
            flatten("", properties, sent);
        }
        assertThat(event.properties().keySet()).isEqualTo(sent.keySet());
        event.properties().forEach((key, value) -> {
            Object original = sent.get(key);
            switch (value) {
                case PropertyValue.Text text -> assertThat(text.value()).isEqualTo(original);
                case PropertyValue.Flag flag -> assertThat(flag.value()).isEqualTo(original);
                case PropertyValue.Numeric number -> assertThat(number.value()).as(key)
                        .isEqualByComparingTo(decimal(original));
            }
        });
        for (String text : new String[]{event.eventId(), event.userId(), event.sessionId(), event.eventType(),
                event.projectId(), String.valueOf(event.userAgent()), String.valueOf(event.ipAddress())}) {
            assertThat(Hostile.keepable(text)).as("kept text: %s", text).isTrue();
        }
        event.properties().forEach((key, value) -> {
            assertThat(Hostile.keepable(key)).as("kept key: %s", key).isTrue();
            if (value instanceof PropertyValue.Text text) {
                assertThat(Hostile.keepable(text.value())).as("kept value: %s", text.value()).isTrue();
            }
        });
    }

    /** The documented flattening, written again here: nested keys joined with dots, nulls left out. */
    private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> into) {
        map.forEach((key, value) -> {
            if (value instanceof Map<?, ?> nested) {
                flatten(prefix + key + ".", nested, into);
            } else if (value != null) {
                into.put(prefix + key, value);
            }
        });
    }

    private static BigDecimal decimal(Object number) {
        return switch (number) {
            case BigDecimal d -> d;
            case BigInteger i -> new BigDecimal(i);
            case Double d -> new BigDecimal(d.toString());
            case Float f -> new BigDecimal(f.toString());
            case Number n -> BigDecimal.valueOf(n.longValue());
            default -> throw new AssertionError("not a number: " + number);
        };
    }
}
