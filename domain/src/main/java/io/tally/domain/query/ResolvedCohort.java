package io.tally.domain.query;

import io.tally.domain.event.Event;
import io.tally.domain.time.TimeRange;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

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

    /** The members among {@code events} (of any project): the project's users meeting every rule. */
    public Set<String> members(String projectId, List<Event> events) {
        Map<String, int[]> counts = new HashMap<>();
        List<Predicate<Event>> ruleFilters = rules.stream()
                .map(rule -> EventDimensions.all(rule.filters(), ZoneId.of("UTC"))).toList();
        for (Event event : events) {
            if (!event.projectId().equals(projectId)) {
                continue;
            }
            int[] perRule = counts.computeIfAbsent(event.userId(), u -> new int[rules.size()]);
            for (int r = 0; r < rules.size(); r++) {
                Rule rule = rules.get(r);
                if (event.eventType().equals(rule.eventType()) && rule.range().contains(event.timestamp())
                        && ruleFilters.get(r).test(event)) {
                    perRule[r]++;
                }
            }
        }
        Set<String> members = new HashSet<>();
        counts.forEach((user, perRule) -> {
            boolean all = true;
            for (int r = 0; r < perRule.length; r++) {
                Rule rule = rules.get(r);
                all &= rule.did() == (perRule[r] >= rule.minCount());
            }
            if (all) {
                members.add(user);
            }
        });
        return members;
    }
}
