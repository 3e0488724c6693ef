package io.tally.domain.request;

import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A parser's verdict read by a test: the value it must have accepted, or the violations it must have found. */
final class Verdicts {

    private Verdicts() {
    }

    static <T> T valid(Validated<T> verdict) {
        return switch (verdict) {
            case Validated.Valid<T> v -> v.value();
            case Validated.Invalid<T> i -> throw new AssertionError(i.violations());
        };
    }

    static <T> List<Violation> invalid(Validated<T> verdict) {
        assertThat(verdict).isInstanceOf(Validated.Invalid.class);
        return ((Validated.Invalid<T>) verdict).violations();
    }
}
