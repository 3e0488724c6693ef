package io.tally.domain.query;


import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A metric a report asks for: a built-in one, a saved KPI, or a time-series metric (asked only by a time series
 * folded into a report, never named in a report request).
 */
public sealed interface MetricRef extends CacheKey.Keyed {

    String label();

    /** The value for one row; null when undefined there. */
    Number of(Aggregates aggregates);

    /** The costly parts of {@link Aggregates} the value reads. */
    Set<Aggregates.Part> parts();

    /** The built-in metrics the value is computed from: the facts of {@link Aggregates} it can read. */
    Set<Metric> metrics();

    record Builtin(Metric metric) implements MetricRef {
        public Builtin {
            Objects.requireNonNull(metric, "metric");
        }

        @Override
        public String label() {
            return metric.label();
        }

        @Override
        public String cacheKey() {
            return CacheKey.of("metric", metric);
        }

        @Override
        public Number of(Aggregates aggregates) {
            return metric.of(aggregates);
        }

        @Override
        public Set<Aggregates.Part> parts() {
            return metric.parts();
        }

        @Override
        public Set<Metric> metrics() {
            return EnumSet.of(metric);
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

        /** The expression too: a KPI redefined under its name is another question. */
        @Override
        public String cacheKey() {
            return CacheKey.of("kpi", kpi.name(), kpi.expression());
        }

        @Override
        public Number of(Aggregates aggregates) {
            return kpi.formula().evaluate(metric -> metric.of(aggregates));
        }

        @Override
        public Set<Aggregates.Part> parts() {
            Set<Aggregates.Part> parts = EnumSet.noneOf(Aggregates.Part.class);
            kpi.formula().variables().forEach(metric -> parts.addAll(metric.parts()));
            return parts;
        }

        @Override
        public Set<Metric> metrics() {
            Set<Metric> used = EnumSet.noneOf(Metric.class);
            used.addAll(kpi.formula().variables());
            return used;
        }
    }

    record Series(SeriesMetric metric) implements MetricRef {
        public Series {
            Objects.requireNonNull(metric, "metric");
        }

        @Override
        public String cacheKey() {
            return CacheKey.of("series", metric);
        }

        @Override
        public String label() {
            return metric.label();
        }

        @Override
        public Number of(Aggregates aggregates) {
            return metric.of(aggregates);
        }

        @Override
        public Set<Aggregates.Part> parts() {
            return metric.parts();
        }

        @Override
        public Set<Metric> metrics() {
            return EnumSet.of(metric.basis());
        }
    }
}
