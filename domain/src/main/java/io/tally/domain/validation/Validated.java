package io.tally.domain.validation;

import java.util.List;

/** The verdict of a validation: the valid value, or every violation found. */
public sealed interface Validated<T> {

    record Valid<T>(T value) implements Validated<T> {
    }

    record Invalid<T>(List<Violation> violations) implements Validated<T> {
        public Invalid {
            if (violations.isEmpty()) {
                throw new IllegalArgumentException("an invalid verdict needs at least one violation");
            }
            violations = List.copyOf(violations);
        }
    }
}
