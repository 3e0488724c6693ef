package io.tally.domain.event;

import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** What the validator makes of text: lone surrogates, NUL, event types, colliding property names, IP addresses. */
class EventTextRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private final EventValidator validator = new EventValidator(EventLimits.DEFAULT);

    private static Map<String, Object> valid() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event_id", "e1");
        fields.put("user_id", "u1");
        fields.put("session_id", "s1");
        fields.put("event_type", "page_view");
        fields.put("timestamp", "2026-11-28T11:00:00Z");
        return fields;
    }

    private Validated<Event> validate(Map<String, Object> fields) {
        return validator.validate(new SubmittedEvent.Fields(fields), "default", "default"::equals, NOW);
    }

    private List<Violation> violations(Map<String, Object> fields) {
        return switch (validate(fields)) {
            case Validated.Invalid<Event> invalid -> invalid.violations();
            case Validated.Valid<Event> ok -> throw new AssertionError("expected violations, got " + ok.value());
        };
    }

    private Event event(Map<String, Object> fields) {
        return switch (validate(fields)) {
            case Validated.Valid<Event> ok -> ok.value();
            case Validated.Invalid<Event> invalid -> throw new AssertionError("unexpected " + invalid.violations());
        };
    }

    @Test
    void a_lone_surrogate_is_refused_in_every_string_field_naming_it() {
        Map<String, Object> fields = valid();
        fields.put("event_id", "sur-\ud800");
        fields.put("user_id", "u-\udc00");
        fields.put("session_id", "\udbff");
        fields.put("event_type", "signed up \ud83d");
        fields.put("project_id", "default\ud800");
        fields.put("user_agent", "Mozilla\udc00");
        fields.put("ip_address", "::1\ud800");
        assertThat(violations(fields)).extracting(Violation::field, Violation::kind).containsExactlyInAnyOrder(
                tuple("event_id", ViolationKind.MALFORMED), tuple("user_id", ViolationKind.MALFORMED),
                tuple("session_id", ViolationKind.MALFORMED), tuple("event_type", ViolationKind.MALFORMED),
                tuple("project_id", ViolationKind.MALFORMED), tuple("user_agent", ViolationKind.MALFORMED),
                tuple("ip_address", ViolationKind.MALFORMED));
        assertThat(violations(fields)).filteredOn(v -> v.field().equals("event_id")).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("not valid Unicode", "\\uD800", "character 5"));
    }

    @Test
    void a_lone_surrogate_is_refused_in_property_values_and_names() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("tier", "pro\udc00");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("note", "\ud800x");
        properties.put("plan", nested);
        properties.put("k\ud800", "v");
        Map<String, Object> fields = valid();
        fields.put("properties", properties);
        assertThat(violations(fields)).extracting(Violation::field).containsExactlyInAnyOrder(
                "properties.note", "properties.plan.tier", "properties.k\ud800");
    }

    @Test
    void surrogate_pairs_and_nul_are_kept_as_sent() {
        Map<String, Object> fields = valid();
        fields.put("event_id", "smile-\ud83d\ude00");
        fields.put("user_id", "u\u0000nul");
        fields.put("properties", Map.of("note", "a\u0000b \ud83d\ude00"));
        Event event = event(fields);
        assertThat(event.eventId()).isEqualTo("smile-\ud83d\ude00");
        assertThat(event.userId()).isEqualTo("u\u0000nul");
        assertThat(event.properties().get("note")).isEqualTo(new PropertyValue.Text("a\u0000b \ud83d\ude00"));
    }

    @Test
    void event_types_with_spaces_capitals_and_any_script_are_valid() {
        for (String type : List.of("user signed up", "Order Completed", "checkout: step #2 (paid) & done!",
                "Bestellung abgeschlossen – Größe", "注文完了", "🎉 launched", " leading space")) {
            Map<String, Object> fields = valid();
            fields.put("event_type", type);
            assertThat(event(fields).eventType()).isEqualTo(type);
        }
    }

    @Test
    void event_types_with_control_characters_are_refused_saying_what_is_allowed() {
        for (String type : List.of("tab\there", "new\nline", "nul\u0000", "del\u007f", "c1\u0085")) {
            Map<String, Object> fields = valid();
            fields.put("event_type", type);
            assertThat(violations(fields)).as(type).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("event_type");
                assertThat(v.kind()).isEqualTo(ViolationKind.MALFORMED);
                assertThat(v.message()).isEqualTo(EventTypes.ALLOWED);
            });
        }
    }

    @Test
    void a_flat_and_a_nested_property_with_the_same_name_are_refused_naming_the_key() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("a.b", "flat");
        properties.put("a", Map.of("b", "nested"));
        Map<String, Object> fields = valid();
        fields.put("properties", properties);
        assertThat(violations(fields)).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("properties.a.b");
            assertThat(v.kind()).isEqualTo(ViolationKind.DUPLICATE);
        });
    }

    @Test
    void a_collision_is_refused_whichever_comes_first_and_even_with_a_null() {
        Map<String, Object> nestedFirst = new LinkedHashMap<>();
        nestedFirst.put("a", Map.of("b", Map.of("c", 1L)));
        nestedFirst.put("a.b", Map.of("c", 2L));
        Map<String, Object> fields = valid();
        fields.put("properties", nestedFirst);
        assertThat(violations(fields)).extracting(Violation::field).containsExactly("properties.a.b.c");

        Map<String, Object> withNull = new LinkedHashMap<>();
        withNull.put("a.b", null);
        withNull.put("a", Map.of("b", "x"));
        fields.put("properties", withNull);
        assertThat(violations(fields)).extracting(Violation::field).containsExactly("properties.a.b");
    }

    @Test
    void names_that_only_share_a_prefix_do_not_collide() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("a", "top");
        properties.put("a.b", "flat");
        properties.put("ab", Map.of("c", "nested"));
        Map<String, Object> fields = valid();
        fields.put("properties", properties);
        assertThat(event(fields).properties()).containsOnlyKeys("a", "a.b", "ab.c");
    }

    @Test
    void property_names_nest_at_most_four_levels_as_the_readme_says() {
        Map<String, Object> fields = valid();
        fields.put("properties", Map.of("a", Map.of("b", Map.of("c", Map.of("d", 1L)))));
        assertThat(event(fields).properties()).containsOnlyKeys("a.b.c.d");
        fields.put("properties", Map.of("a", Map.of("b", Map.of("c", Map.of("d", Map.of("e", 1L))))));
        assertThat(violations(fields)).extracting(Violation::field, Violation::kind)
                .containsExactly(tuple("properties.a.b.c.d", ViolationKind.TOO_LARGE));
    }

    @Test
    void only_real_ip_literals_are_accepted() {
        for (String ip : List.of("192.0.2.1", "0.0.0.0", "255.255.255.255", "::1", "2001:db8::8a2e:370:7334",
                "::ffff:192.0.2.1", "fe80::1", "2001:DB8:0:0:0:0:0:1", "")) {
            Map<String, Object> fields = valid();
            fields.put("ip_address", ip);
            assertThat(event(fields).ipAddress()).as(ip).isEqualTo(ip);
        }
        for (String ip : List.of("999.1.1.1", "256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1..2.3", "1.2.3.4 ",
                "0x7f.0.0.1", "2001:db8::g", "1:2:3:4:5:6:7:8:9", ":::", "::ffff:999.0.0.1", "fe80::1%eth0",
                "[::1]", "example.com", "12345")) {
            Map<String, Object> fields = valid();
            fields.put("ip_address", ip);
            assertThat(violations(fields)).as(ip).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("ip_address");
                assertThat(v.message()).contains("IPv4", "IPv6");
            });
        }
    }

    @Test
    void an_unreadable_event_keeps_the_field_its_decoder_named() {
        Validated<Event> verdict = validator.validate(new SubmittedEvent.Unreadable("properties.note", "is not valid UTF-8"),
                "default", "default"::equals, NOW);
        assertThat(verdict).isInstanceOfSatisfying(Validated.Invalid.class, invalid ->
                assertThat(invalid.violations()).containsExactly(
                        new Violation("properties.note", ViolationKind.MALFORMED, "is not valid UTF-8")));
    }
}
