package io.tally.domain.request;

import io.tally.domain.annotation.Annotation;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.tally.domain.request.Verdicts.invalid;
import static io.tally.domain.request.Verdicts.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** An annotation is a moment with an offset and a text; its id is given, and a stored one reads back the same. */
class AnnotationRequestTest {

    private static final String ID = "0123456789abcdef";

    @Test
    void reads_the_moment_in_any_offset_and_reads_its_stored_form_back() {
        Annotation read = valid(DefinitionRequests.annotation(Map.of("at", "2026-11-28T09:30:00+01:00", "text", "new pricing"), ID));
        assertThat(read).isEqualTo(new Annotation(ID, Instant.parse("2026-11-28T08:30:00Z"), "new pricing"));
        assertThat(valid(DefinitionRequests.annotation(DefinitionRequests.wire(read), ID))).isEqualTo(read);
        assertThat(Annotation.newId()).matches(Annotation.ID.pattern()).isNotEqualTo(Annotation.newId());
    }

    @Test
    void refusals_name_their_fields() {
        assertThat(fields(Map.of("text", "x"), ID)).containsExactly(tuple("at", ViolationKind.MISSING));
        assertThat(fields(Map.of("at", "2026-11-28T09:30:00", "text", "x"), ID)).containsExactly(tuple("at", ViolationKind.MALFORMED));
        assertThat(fields(Map.of("at", "2026-11-28T09:30:00Z"), ID)).containsExactly(tuple("text", ViolationKind.MISSING));
        assertThat(fields(Map.of("at", "2026-11-28T09:30:00Z", "text", " "), ID)).containsExactly(tuple("text", ViolationKind.BLANK));
        assertThat(fields(Map.of("at", "2026-11-28T09:30:00Z", "text", "x".repeat(1_001)), ID))
                .containsExactly(tuple("text", ViolationKind.TOO_LONG));
        assertThat(fields(Map.of("at", "2026-11-28T09:30:00Z", "text", "x", "id", "fedcba9876543210"), ID))
                .containsExactly(tuple("id", ViolationKind.MALFORMED));
        assertThat(fields(Map.of("at", "2026-11-28T09:30:00Z", "text", "x"), "Not-An-Id")).containsExactly(tuple("id", ViolationKind.MALFORMED));
        assertThat(fields(Map.of("at", "2026-11-28T09:30:00Z", "text", "x", "colour", "red"), ID))
                .containsExactly(tuple("colour", ViolationKind.UNKNOWN_FIELD));
        assertThat(fields(List.of(), ID)).startsWith(tuple("body", ViolationKind.WRONG_TYPE));
    }

    private static List<Tuple> fields(Object body, String id) {
        return invalid(DefinitionRequests.annotation(body, id)).stream().map((Violation v) -> tuple(v.field(), v.kind())).toList();
    }
}
