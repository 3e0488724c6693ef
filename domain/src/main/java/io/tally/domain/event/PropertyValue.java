package io.tally.domain.event;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/** A property value of an event: text, a number or a flag. Numbers are exact decimals so sums agree across stores. */
public sealed interface PropertyValue {

    /** The value as plain Java: {@link String}, {@link BigDecimal} or {@link Boolean}. */
    Object plain();

    /**
     * The value as text, as dimensions and filters see it: numbers in their shortest plain form ({@code 12.5},
     * {@code 3}), flags as {@code true}/{@code false}.
     */
    default String text() {
        return switch (this) {
            case Text text -> text.value();
            case Numeric number -> number.value().stripTrailingZeros().toPlainString();
            case Flag flag -> Boolean.toString(flag.value());
        };
    }

    record Text(String value) implements PropertyValue {
        public Text {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Object plain() {
            return value;
        }
    }

    record Numeric(BigDecimal value) implements PropertyValue {
        public Numeric {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Object plain() {
            return value;
        }
    }

    record Flag(boolean value) implements PropertyValue {
        @Override
        public Object plain() {
            return value;
        }
    }

    /**
     * A stored property read back from plain values (as a JSON reader gives them): text, a flag, or a number; empty
     * for anything else.
     */
    static Optional<PropertyValue> fromPlain(Object value) {
        return switch (value) {
            case String text -> Optional.of(of(text));
            case Boolean flag -> Optional.of(of(flag));
            case BigDecimal number -> Optional.of(of(number));
            case Number number -> Optional.of(of(new BigDecimal(number.toString())));
            case null, default -> Optional.empty();
        };
    }

    static PropertyValue of(String text) {
        return new Text(text);
    }

    static PropertyValue of(BigDecimal number) {
        return new Numeric(number);
    }

    static PropertyValue of(boolean flag) {
        return new Flag(flag);
    }
}
