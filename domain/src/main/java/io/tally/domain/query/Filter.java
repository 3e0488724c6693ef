package io.tally.domain.query;


import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** A condition an event must meet to be counted. Filters in one query all apply (AND). */
public sealed interface Filter extends CacheKey.Keyed {

    /** The dimension's value compared with any of {@code values} (for gt/lt: one number). */
    record Match(FilterOp op, Dimension dimension, List<String> values) implements Filter {
        public Match {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(dimension, "dimension");
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("a filter needs at least one value");
            }
            if (!dimension.ofOneEvent()) {
                throw new IllegalArgumentException("a filter tests one event, and " + dimension.label() + " is a session's");
            }
            if ((op == FilterOp.GT || op == FilterOp.LT)
                    && (!(dimension instanceof Dimension.Property) || values.size() != 1)) {
                throw new IllegalArgumentException("gt and lt compare one property with one number");
            }
            if (op == FilterOp.MATCHES) {
                values.forEach(FilterPattern::of); // refuses what a store would refuse
            }
        }

        @Override
        public String cacheKey() {
            return CacheKey.of("match", op, dimension, values);
        }

        /** The number a gt/lt filter compares with. */
        public double threshold() {
            return new BigDecimal(values.getFirst()).doubleValue();
        }
    }

    /** The event's user belongs to a saved cohort. */
    record InCohort(ResolvedCohort cohort) implements Filter {
        public InCohort {
            Objects.requireNonNull(cohort, "cohort");
        }

        @Override
        public String cacheKey() {
            return CacheKey.of("in_cohort", cohort);
        }
    }
}
