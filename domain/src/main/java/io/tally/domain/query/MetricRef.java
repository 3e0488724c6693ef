package io.tally.domain.query;

import io.tally.domain.kpi.Kpi;

import java.util.Objects;

/** A metric a report asks for: a built-in one or a saved KPI. */
public sealed interface MetricRef {

    String label();

    /** The value for one row; null when undefined there. */
    Number of(Aggregates aggregates);

    record Builtin(Metric metric) implements MetricRef {
        public Builtin {
            Objects.requireNonNull(metric, "metric");
        }

        @Override
        public String label() {
            return metric.label();
        }

        @Override
        public Number of(Aggregates aggregates) {
            return metric.of(aggregates);
        }
    }

    record KpiRef(Kpi kpi) implements MetricRef {
        public KpiRef {
            Objects.requireNonNull(kpi, "kpi");
        }

        @Override
        public String label() {
            return "kpi:" + kpi.name();
        }

        @Override
        public Number of(Aggregates aggregates) {
            return kpi.formula().evaluate(metric -> metric.of(aggregates));
        }
    }
}
