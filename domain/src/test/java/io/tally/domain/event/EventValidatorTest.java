package io.tally.domain.event;

import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EventValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private final EventValidator validator = new EventValidator(EventLimits.DEFAULT);

    private static Map<String, Object> valid() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event_id", "e1");
        fields.put("user_id", "u1");
        fields.put("session_id", "s1");
        fields.put("event_type", "page_view");
        fields.put("timestamp", "2026-11-28T11:00:00.123456Z");
        fields.put("properties", Map.of("path", "/pricing"));
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
    void a_complete_event_is_valid_and_belongs_to_the_default_project() {
        Event event = event(valid());
        assertThat(event.projectId()).isEqualTo("default");
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-11-28T11:00:00.123Z"));
        assertThat(event.receivedAt()).isEqualTo(NOW);
        assertThat(event.properties()).containsEntry("path", new PropertyValue.Text("/pricing"));
    }

    @Test
    void every_missing_id_is_reported_with_its_field() {
        Map<String, Object> fields = valid();
        fields.remove("event_id");
        fields.remove("user_id");
        fields.remove("session_id");
        fields.remove("event_type");
        assertThat(violations(fields)).extracting(Violation::field, Violation::kind).containsExactlyInAnyOrder(
                Tuple.tuple("event_id", ViolationKind.MISSING),
                Tuple.tuple("user_id", ViolationKind.MISSING),
                Tuple.tuple("session_id", ViolationKind.MISSING),
                Tuple.tuple("event_type", ViolationKind.MISSING));
    }

    @Test
    void blank_ids_are_refused() {
        Map<String, Object> fields = valid();
        fields.put("user_id", "   ");
        fields.put("project_id", "");
        assertThat(violations(fields)).extracting(Violation::field, Violation::kind).containsExactlyInAnyOrder(
                Tuple.tuple("user_id", ViolationKind.BLANK),
                Tuple.tuple("project_id", ViolationKind.BLANK));
    }

    @Test
    void wrong_types_are_refused() {
        Map<String, Object> fields = valid();
        fields.put("user_id", 42L);
        fields.put("properties", "not an object");
        fields.put("timestamp", true);
        assertThat(violations(fields)).extracting(Violation::field).containsExactlyInAnyOrder(
                "user_id", "properties", "timestamp");
        assertThat(violations(fields)).extracting(Violation::kind).containsOnly(ViolationKind.WRONG_TYPE);
    }

    @Test
    void an_unparseable_timestamp_is_malformed() {
        Map<String, Object> fields = valid();
        fields.put("timestamp", "yesterday at noon");
        assertThat(violations(fields)).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("timestamp");
            assertThat(v.kind()).isEqualTo(ViolationKind.MALFORMED);
        });
    }

    @Test
    void timestamps_more_than_a_day_ahead_or_older_than_retention_are_out_of_range() {
        Map<String, Object> future = valid();
        future.put("timestamp", NOW.plus(Duration.ofHours(25)).toString());
        assertThat(violations(future)).extracting(Violation::kind).containsExactly(ViolationKind.OUT_OF_RANGE);

        Map<String, Object> nearFuture = valid();
        nearFuture.put("timestamp", NOW.plus(Duration.ofHours(23)).toString());
        assertThat(event(nearFuture).timestamp()).isEqualTo(NOW.plus(Duration.ofHours(23)));

        Map<String, Object> old = valid();
        old.put("timestamp", NOW.minus(Duration.ofDays(762)).toString());
        assertThat(violations(old)).extracting(Violation::kind).containsExactly(ViolationKind.OUT_OF_RANGE);
    }

    @Test
    void the_retention_is_counted_in_whole_utc_days_from_its_horizon() {
        // NOW is 2026-11-28T12:00Z; 761 days before 2026-11-28 is 2024-10-28, kept from its midnight on
        Map<String, Object> first = valid();
        first.put("timestamp", "2024-10-28T00:00:00Z");
        assertThat(event(first).timestamp()).isEqualTo(Instant.parse("2024-10-28T00:00:00Z"));

        Map<String, Object> before = valid();
        before.put("timestamp", "2024-10-27T23:59:59.999Z");
        assertThat(violations(before)).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("timestamp");
            assertThat(v.kind()).isEqualTo(ViolationKind.OUT_OF_RANGE);
            assertThat(v.message()).contains("761 days").contains("2024-10-28T00:00:00Z");
        });
    }

    @Test
    void epoch_milliseconds_are_a_timestamp_and_a_missing_one_means_arrival_time() {
        Map<String, Object> millis = valid();
        millis.put("timestamp", NOW.minusSeconds(60).toEpochMilli());
        assertThat(event(millis).timestamp()).isEqualTo(NOW.minusSeconds(60));

        Map<String, Object> none = valid();
        none.remove("timestamp");
        assertThat(event(none).timestamp()).isEqualTo(NOW);
    }

    @Test
    void a_missing_timestamp_takes_the_time_named_for_it_which_is_held_to_the_same_range() {
        Instant recordTime = Instant.parse("2026-11-28T09:30:00.250Z");
        Map<String, Object> none = valid();
        none.remove("timestamp");
        Event untimed = accepted(validator.validate(new SubmittedEvent.Fields(none), "default", "default"::equals, NOW,
                recordTime));
        assertThat(untimed.timestamp()).isEqualTo(recordTime);
        assertThat(untimed.receivedAt()).as("still the arrival").isEqualTo(NOW);

        // an event's own time wins over the one named for a missing time
        Event timed = accepted(validator.validate(new SubmittedEvent.Fields(valid()), "default", "default"::equals, NOW,
                recordTime));
        assertThat(timed.timestamp()).isEqualTo(Instant.parse("2026-11-28T11:00:00.123Z"));

        // 2024-10-27T23:59Z is before the retention's horizon (2024-10-28T00:00Z, 761 days before NOW's day)
        Validated<Event> tooOld = validator.validate(new SubmittedEvent.Fields(none), "default", "default"::equals, NOW,
                Instant.parse("2024-10-27T23:59:00Z"));
        assertThat(tooOld).isInstanceOfSatisfying(Validated.Invalid.class, bad -> assertThat(bad.violations())
                .singleElement().isEqualTo(new Violation("timestamp", ViolationKind.OUT_OF_RANGE,
                        "is older than the retention of 761 days: events before 2024-10-28T00:00:00Z are not kept")));
    }

    private static Event accepted(Validated<Event> validated) {
        return switch (validated) {
            case Validated.Valid<Event> ok -> ok.value();
            case Validated.Invalid<Event> invalid -> throw new AssertionError("unexpected " + invalid.violations());
        };
    }

    @Test
    void over_long_strings_are_refused() {
        Map<String, Object> fields = valid();
        fields.put("event_id", "x".repeat(129));
        fields.put("properties", Map.of("note", "y".repeat(1025)));
        assertThat(violations(fields)).extracting(Violation::field, Violation::kind).containsExactlyInAnyOrder(
                Tuple.tuple("event_id", ViolationKind.TOO_LONG),
                Tuple.tuple("properties.note", ViolationKind.TOO_LONG));
    }

    @Test
    void too_many_properties_are_refused() {
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < 101; i++) {
            properties.put("p" + i, i);
        }
        Map<String, Object> fields = valid();
        fields.put("properties", properties);
        assertThat(violations(fields)).extracting(Violation::field, Violation::kind)
                .containsExactly(Tuple.tuple("properties", ViolationKind.TOO_MANY));
    }

    @Test
    void an_event_over_32_kib_is_too_large() {
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            properties.put("p" + i, "z".repeat(1000));
        }
        Map<String, Object> fields = valid();
        fields.put("properties", properties);
        assertThat(violations(fields)).extracting(Violation::kind).containsExactly(ViolationKind.TOO_LARGE);
    }

    @Test
    void nested_objects_are_flattened_with_dots_and_nulls_dropped() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("tier", "pro");
        nested.put("seats", 5L);
        nested.put("trial", null);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("plan", nested);
        properties.put("revenue", new BigDecimal("19.90"));
        properties.put("beta", true);
        Map<String, Object> fields = valid();
        fields.put("properties", properties);
        assertThat(event(fields).properties()).containsOnly(
                Map.entry("plan.tier", new PropertyValue.Text("pro")),
                Map.entry("plan.seats", new PropertyValue.Numeric(BigDecimal.valueOf(5))),
                Map.entry("revenue", new PropertyValue.Numeric(new BigDecimal("19.9"))),
                Map.entry("beta", new PropertyValue.Flag(true)));
    }

    @Test
    void arrays_and_unsafe_property_names_are_refused() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("tags", List.of("a", "b"));
        properties.put("x'); DROP TABLE events; --", "boom");
        Map<String, Object> fields = valid();
        fields.put("properties", properties);
        assertThat(violations(fields)).extracting(Violation::kind)
                .containsExactlyInAnyOrder(ViolationKind.UNSUPPORTED, ViolationKind.MALFORMED);
    }

    @Test
    void unknown_fields_and_unknown_projects_are_refused() {
        Map<String, Object> fields = valid();
        fields.put("evnet_type", "typo");
        fields.put("project_id", "someone-else");
        assertThat(violations(fields)).extracting(Violation::field, Violation::kind).containsExactlyInAnyOrder(
                Tuple.tuple("evnet_type", ViolationKind.UNKNOWN_FIELD),
                Tuple.tuple("project_id", ViolationKind.UNKNOWN_PROJECT));
    }

    @Test
    void a_malformed_ip_address_is_refused() {
        Map<String, Object> fields = valid();
        fields.put("ip_address", "not-an-ip");
        assertThat(violations(fields)).extracting(Violation::field).containsExactly("ip_address");
    }

    @Test
    void unreadable_input_is_one_malformed_violation() {
        Validated<Event> verdict = validator.validate(new SubmittedEvent.Unreadable("malformed JSON"), "default",
                "default"::equals, NOW);
        assertThat(verdict).isInstanceOfSatisfying(Validated.Invalid.class, invalid ->
                assertThat(invalid.violations()).extracting(v -> ((Violation) v).kind())
                        .containsExactly(ViolationKind.MALFORMED));
    }

    @Test
    void a_number_property_is_one_both_stores_hold_exactly_or_it_is_refused_by_name() {
        Map<String, Object> fields = valid();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("ok_big", new BigDecimal("999999999999999"));        // 15 digits
        properties.put("ok_small", new BigDecimal("0.000000000000001"));    // 15 decimals
        properties.put("ok_mixed", new BigDecimal("-123456.789012345"));    // 15 significant digits
        properties.put("ok_long", 100_000_000_000_000L);
        fields.put("properties", properties);
        assertThat(event(fields).properties().get("ok_mixed")).isEqualTo(new PropertyValue.Numeric(new BigDecimal("-123456.789012345")));

        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("huge", new BigDecimal("1e400"));                 // a double's Infinity; once stored, unreadable
        bad.put("past", new BigDecimal("1e10000"));
        bad.put("wide", new BigDecimal("1000000000000000"));      // 10^15
        bad.put("precise", new BigDecimal("1.2345678901234567"));  // 17 digits: a double rounds it
        bad.put("tiny", new BigDecimal("1e-16"));
        bad.put("unsafe", 9_007_199_254_740_993L);                // 2^53 + 1
        bad.put("big", new BigInteger("123456789012345678901234567890"));
        fields.put("properties", bad);
        assertThat(violations(fields)).extracting(Violation::field).containsExactlyInAnyOrder("properties.huge",
                "properties.past", "properties.wide", "properties.precise", "properties.tiny", "properties.unsafe",
                "properties.big");
        assertThat(violations(fields)).allSatisfy(v -> {
            assertThat(v.kind()).isEqualTo(ViolationKind.OUT_OF_RANGE);
            assertThat(v.message()).contains("as strings");
        });
    }

    @Test
    void revenue_keeps_its_own_rule_with_at_most_38_digits() {
        Map<String, Object> fields = valid();
        fields.put("properties", Map.of("revenue", new BigDecimal("0.30000000000000004")));  // 17 digits: a float sum
        assertThat(event(fields).properties()).containsKey("revenue");
        fields.put("properties", Map.of("revenue", new BigDecimal("1e-10000")));            // rounds to 0, 10,000 digits long
        assertThat(violations(fields)).extracting(Violation::field).containsExactly("properties.revenue");
    }
}
