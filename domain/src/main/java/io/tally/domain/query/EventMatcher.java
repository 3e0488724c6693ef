package io.tally.domain.query;

import io.tally.domain.event.Event;
import io.tally.domain.time.TimeRange;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Which of a store's events a query's filters and criteria select. Made once per query: patterns are compiled and a
 * cohort's members found once, among every event of the project whatever the query's range. Not thread-safe.
 */
public final class EventMatcher {

    private final List<Event> events;
    private final ZoneId zone;
    private final Map<ResolvedCohort, Set<String>> members = new HashMap<>();
    private final Map<EventCriteria, Predicate<Event>> byCriteria = new HashMap<>();

    /** @param events every event the store holds (of any project), which cohort rules are decided on */
    public EventMatcher(List<Event> events, ZoneId zone) {
        this.events = events;
        this.zone = zone;
    }

    /** The project's events inside the range passing every filter, in stored order, as a list the caller may sort. */
    public List<Event> select(String projectId, TimeRange range, List<Filter> filters) {
        Predicate<Event> passing = passing(filters);
        return events.stream()
                .filter(e -> e.projectId().equals(projectId) && range.contains(e.timestamp()))
                .filter(passing)
                .collect(Collectors.toCollection(ArrayList::new));
    }

    /** Whether an event passes every filter, tested in order. */
    public Predicate<Event> passing(List<Filter> filters) {
        List<Predicate<Event>> tests = filters.stream().map(this::test).toList();
        return event -> {
            for (Predicate<Event> test : tests) {
                if (!test.test(event)) {
                    return false;
                }
            }
            return true;
        };
    }

    /** Whether an event is of the criteria's type (any type when it names none) and passes its filters. */
    public boolean matches(Event event, EventCriteria criteria) {
        return criteria.eventType().map(event.eventType()::equals).orElse(true)
                && byCriteria.computeIfAbsent(criteria, c -> passing(c.filters())).test(event);
    }

    private Predicate<Event> test(Filter filter) {
        return switch (filter) {
            case Filter.Match match -> EventDimensions.predicate(match, zone);
            case Filter.InCohort in -> event -> members
                    .computeIfAbsent(in.cohort(), cohort -> cohort.members(event.projectId(), events))
                    .contains(event.userId());
        };
    }
}
