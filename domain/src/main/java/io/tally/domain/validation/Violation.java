package io.tally.domain.validation;

import java.util.Objects;

/** One thing wrong with an input, named by the path of the field that holds it (for example {@code properties.plan}). */
public record Violation(String field, ViolationKind kind, String message) {
    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }
}
