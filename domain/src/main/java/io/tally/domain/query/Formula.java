package io.tally.domain.query;


import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A formula as a tree: numbers, variables, negation and the four operations. A KPI's variables are built-in metrics
 * ({@code Formula<Metric>}); a trend's are its series ({@code Formula<Integer>}, by position). Evaluation is in
 * doubles; a division by zero, or any undefined variable inside, makes the whole value null.
 *
 * @param <V> what a variable names
 */
public sealed interface Formula<V> {

    /** The value for one row, given each variable's value there; null when undefined. */
    Double evaluate(Function<? super V, ? extends Number> values);

    /** The variables the formula reads, in the order they are first written. */
    default Set<V> variables() {
        Set<V> used = new LinkedHashSet<>();
        collect(this, used);
        return used;
    }

    private static <V> void collect(Formula<V> formula, Set<V> used) {
        switch (formula) {
            case Constant<V> c -> { }
            case Variable<V> v -> used.add(v.name());
            case Negate<V> n -> collect(n.operand(), used);
            case Binary<V> b -> {
                collect(b.left(), used);
                collect(b.right(), used);
            }
        }
    }

    record Constant<V>(double value) implements Formula<V> {
        @Override
        public Double evaluate(Function<? super V, ? extends Number> values) {
            return value;
        }
    }

    record Variable<V>(V name) implements Formula<V> {
        public Variable {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public Double evaluate(Function<? super V, ? extends Number> values) {
            Number value = values.apply(name);
            return value == null ? null : value.doubleValue();
        }
    }

    record Negate<V>(Formula<V> operand) implements Formula<V> {
        @Override
        public Double evaluate(Function<? super V, ? extends Number> values) {
            Double value = operand.evaluate(values);
            return value == null ? null : -value;
        }
    }

    enum Operator { ADD, SUBTRACT, MULTIPLY, DIVIDE }

    record Binary<V>(Operator operator, Formula<V> left, Formula<V> right) implements Formula<V> {
        @Override
        public Double evaluate(Function<? super V, ? extends Number> values) {
            Double l = left.evaluate(values);
            Double r = right.evaluate(values);
            if (l == null || r == null) {
                return null;
            }
            return switch (operator) {
                case ADD -> l + r;
                case SUBTRACT -> l - r;
                case MULTIPLY -> l * r;
                case DIVIDE -> r == 0 ? null : l / r;
            };
        }
    }
}
