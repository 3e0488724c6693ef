package io.tally.domain.query;

import io.tally.domain.time.TimeRange;

import java.util.List;
import java.util.Objects;

/**
 * A cohort with its date ranges fixed, as engines receive it. A user of the project belongs when every rule
 * holds: {@code did} rules need at least {@code minCount} matching events in the range, {@code did not} rules
 * fewer than {@code minCount}. The users considered are those with any event in the project.
 */
public record ResolvedCohort(String name, List<Rule> rules) implements CacheKey.Keyed {
    public ResolvedCohort {
        Objects.requireNonNull(name, "name");
        rules = List.copyOf(rules);
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("a cohort needs at least one rule");
        }
    }

    public record Rule(boolean did, String eventType, int minCount, TimeRange range, List<Filter.Match> filters) implements CacheKey.Keyed {
        public Rule {
            Objects.requireNonNull(eventType, "eventType");
            Objects.requireNonNull(range, "range");
            filters = List.copyOf(filters);
            if (minCount < 1) {
                throw new IllegalArgumentException("minCount must be at least 1");
            }
        }

        @Override
        public String cacheKey() {
            return CacheKey.of("rule", did, eventType, minCount, range, filters);
        }
    }

    @Override
    public String cacheKey() {
        return CacheKey.of("cohort", name, rules);
    }
}
