package io.tally.domain.query;

import io.tally.domain.event.Event;
import io.tally.domain.time.TimeRange;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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

    /**
     * The project's events inside the range passing every filter, in stored order, as a list the caller may sort.
     * Visit filters are decided on each session's events in the range before any filter.
     */
    public List<Event> select(String projectId, TimeRange range, List<Filter> filters) {
        List<Event> inRange = events.stream()
                .filter(e -> e.projectId().equals(projectId) && range.contains(e.timestamp()))
                .collect(Collectors.toCollection(ArrayList::new));
        List<Filter> ofEvents = new ArrayList<>();
        List<Filter.VisitMatch> ofVisits = new ArrayList<>();
        for (Filter filter : filters) {
            if (filter instanceof Filter.VisitMatch visit) {
                ofVisits.add(visit);
            } else {
                ofEvents.add(filter);
            }
        }
        Predicate<Event> passing = passing(ofEvents);
        if (!ofVisits.isEmpty()) {
            Set<String> sessions = passingSessions(inRange, ofVisits);
            passing = passing.and(event -> sessions.contains(event.sessionId()));
        }
        inRange.removeIf(passing.negate());
        return inRange;
    }

    /** The sessions among {@code events} whose values pass every visit filter. */
    private static Set<String> passingSessions(List<Event> events, List<Filter.VisitMatch> filters) {
        Map<String, List<Event>> sessions = events.stream().collect(Collectors.groupingBy(Event::sessionId));
        List<Predicate<String>> tests = filters.stream().map(f -> EventDimensions.textTest(f.op(), f.values())).toList();
        Set<String> passing = new HashSet<>();
        sessions.forEach((session, sessionEvents) -> {
            List<Event> chronological = new ArrayList<>(sessionEvents);
            chronological.sort(Event.CHRONOLOGICAL);
            boolean all = true;
            for (int i = 0; i < filters.size() && all; i++) {
                all = tests.get(i).test(EventDimensions.visitValue(chronological, filters.get(i).dimension()));
            }
            if (all) {
                passing.add(session);
            }
        });
        return passing;
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
            case Filter.VisitMatch visit ->
                    throw new IllegalArgumentException(visit.label() + " selects sessions in a query's range: reports only");
            case Filter.GoalMatch goal -> event -> goal.goals().stream().anyMatch(criteria -> matches(event, criteria)) == goal.selects();
            case Filter.InCohort in -> event -> members
                    .computeIfAbsent(in.cohort(), cohort -> cohort.members(event.projectId(), events))
                    .contains(event.userId());
        };
    }
}
