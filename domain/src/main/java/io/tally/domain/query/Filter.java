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

    /**
     * The event's session passes: its value for a session dimension ({@code visit:<dimension>} on the wire) meets the
     * test, so every event of a passing session is selected and no event of another. A session's value is decided by
     * its events in the query's range before any filter, in (time, event id) order: {@code entry_page} the first's
     * path, {@code exit_page} the last's, {@code source}/{@code channel} the first's (or Direct), a property the first's.
     */
    record VisitMatch(FilterOp op, Dimension dimension, List<String> values) implements Filter {
        public VisitMatch {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(dimension, "dimension");
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("a filter needs at least one value");
            }
            if (op == FilterOp.GT || op == FilterOp.LT) {
                throw new IllegalArgumentException("a visit filter compares text: is, is_not, contains or matches");
            }
            if (!isOfVisits(dimension)) {
                throw new IllegalArgumentException(dimension.label() + " is not a value of a visit");
            }
            if (op == FilterOp.MATCHES) {
                values.forEach(FilterPattern::of);
            }
        }

        /** Whether a session has one value for the dimension: its entry or exit page, origin, or first event's property. */
        public static boolean isOfVisits(Dimension dimension) {
            return dimension instanceof Dimension.EntryPage || dimension instanceof Dimension.ExitPage
                    || dimension instanceof Dimension.VisitOrigin || dimension instanceof Dimension.Property;
        }

        /** The name on the wire: {@code visit:source}. */
        public String label() {
            return PREFIX + dimension.label();
        }

        public static final String PREFIX = "visit:";

        @Override
        public String cacheKey() {
            return CacheKey.of("visit", op, dimension, values);
        }
    }

    /**
     * The event is (with {@link FilterOp#IS_NOT}: is not) an event of one of the named saved goals ({@code goal} on the
     * wire), each resolved to its criteria: a type and filters, as a funnel step reads it.
     */
    record GoalMatch(FilterOp op, List<String> names, List<EventCriteria> goals) implements Filter {
        public static final String DIMENSION = "goal";

        public GoalMatch {
            Objects.requireNonNull(op, "op");
            names = List.copyOf(names);
            goals = List.copyOf(goals);
            if (op != FilterOp.IS && op != FilterOp.IS_NOT) {
                throw new IllegalArgumentException("a goal filter is is or is_not");
            }
            if (goals.isEmpty() || goals.size() != names.size()) {
                throw new IllegalArgumentException("a goal filter names its goals, each resolved");
            }
        }

        /** Whether it passes the events of its goals (is) or the others (is_not). */
        public boolean selects() {
            return op == FilterOp.IS;
        }

        @Override
        public String cacheKey() {
            return CacheKey.of("goal", op, names, goals);
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
