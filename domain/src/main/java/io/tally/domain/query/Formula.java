package io.tally.domain.query;


import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A KPI formula as a tree: numbers, built-in metrics, negation and the four operations. Evaluation is in
 * doubles; a division by zero, or any undefined metric inside, makes the whole value null.
 */
public sealed interface Formula {

    /** The value for one row, given each metric's value there; null when undefined. */
    Double evaluate(Function<Metric, Number> metrics);

    /** The metrics the formula reads. */
    default Set<Metric> metrics() {
        Set<Metric> used = EnumSet.noneOf(Metric.class);
        collect(this, used);
        return used;
    }

    private static void collect(Formula formula, Set<Metric> used) {
        switch (formula) {
            case Constant c -> { }
            case MetricValue m -> used.add(m.metric());
            case Negate n -> collect(n.operand(), used);
            case Binary b -> {
                collect(b.left(), used);
                collect(b.right(), used);
            }
        }
    }

    record Constant(double value) implements Formula {
        @Override
        public Double evaluate(Function<Metric, Number> metrics) {
            return value;
        }
    }

    record MetricValue(Metric metric) implements Formula {
        public MetricValue {
            Objects.requireNonNull(metric, "metric");
        }

        @Override
        public Double evaluate(Function<Metric, Number> metrics) {
            Number value = metrics.apply(metric);
            return value == null ? null : value.doubleValue();
        }
    }

    record Negate(Formula operand) implements Formula {
        @Override
        public Double evaluate(Function<Metric, Number> metrics) {
            Double value = operand.evaluate(metrics);
            return value == null ? null : -value;
        }
    }

    enum Operator { ADD, SUBTRACT, MULTIPLY, DIVIDE }

    record Binary(Operator operator, Formula left, Formula right) implements Formula {
        @Override
        public Double evaluate(Function<Metric, Number> metrics) {
            Double l = left.evaluate(metrics);
            Double r = right.evaluate(metrics);
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
