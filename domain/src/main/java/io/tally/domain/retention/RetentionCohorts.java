package io.tally.domain.retention;

import io.tally.domain.event.Event;
import io.tally.domain.query.EventMatcher;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What retention counts ({@link RetentionQuery} states the rules), written as the plainest loops over a list of
 * events: the definition every engine reproduces.
 */
public final class RetentionCohorts {

    private RetentionCohorts() {
    }

    /** @param events every event the store holds (of any project) */
    public static RetentionCounts count(List<Event> events, RetentionQuery query) {
        EventMatcher matcher = new EventMatcher(events, query.zone());
        Optional<Set<String>> population = query.population().map(c -> c.members(query.projectId(), events));
        List<Event> project = events.stream()
                .filter(e -> e.projectId().equals(query.projectId()))
                .filter(e -> population.map(p -> p.contains(e.userId())).orElse(true))
                .toList();
        Map<LocalDate, Set<String>> cohorts = new TreeMap<>();
        if (query.mode() == CohortMode.FIRST_TIME) {
            Map<String, Event> firsts = new HashMap<>();
            for (Event event : project) {
                if (matcher.matches(event, query.startEvent())) {
                    firsts.merge(event.userId(), event, (a, b) -> Event.CHRONOLOGICAL.compare(a, b) <= 0 ? a : b);
                }
            }
            firsts.forEach((user, first) -> {
                if (query.range().contains(first.timestamp())) {
                    cohorts.computeIfAbsent(period(query, first), p -> new HashSet<>()).add(user);
                }
            });
        } else {
            for (Event event : project) {
                if (query.range().contains(event.timestamp()) && matcher.matches(event, query.startEvent())) {
                    cohorts.computeIfAbsent(period(query, event), p -> new HashSet<>()).add(event.userId());
                }
            }
        }
        Map<String, Set<LocalDate>> returns = new HashMap<>();
        for (Event event : project) {
            if (query.range().contains(event.timestamp()) && matcher.matches(event, query.returnEvent())) {
                returns.computeIfAbsent(event.userId(), u -> new HashSet<>()).add(period(query, event));
            }
        }
        Map<LocalDate, RetentionCounts.Cohort> result = new HashMap<>();
        cohorts.forEach((start, users) -> {
            List<Long> returning = new ArrayList<>();
            for (int k = 1; k <= query.periods(); k++) {
                LocalDate later = query.period().plus(start, k);
                returning.add(users.stream().filter(u -> returns.getOrDefault(u, Set.of()).contains(later)).count());
            }
            result.put(start, new RetentionCounts.Cohort(users.size(), returning));
        });
        return new RetentionCounts(result);
    }

    private static LocalDate period(RetentionQuery query, Event event) {
        return query.periodStart(event.timestamp().atZone(query.zone()).toLocalDate());
    }
}
