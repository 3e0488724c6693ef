package io.tally.domain.query;

import io.tally.domain.event.Event;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a report counts, written as the plainest loops over a list of events: the definition every engine
 * reproduces (docs/analytics.md says it in words; the engines' contract suite holds them to it).
 */
public final class Reports {

    private Reports() {
    }

    /**
     * The aggregates of every group holding a selected event: the project's events in the range passing every
     * filter. A session counts once, in the group of its first selected event, with its selected events when the
     * filters select whole sessions (none, or visit filters alone), else with all its events in the range (those the
     * visit filters pass): its length, page views and single event are the whole session's, and its bounce counts
     * only when it entered on a selected event (the bounce rate's base is such sessions). By
     * the entry (exit) page, an event's value is its session's: the path of the session's first (last) selected event.
     * When the query asks for totals, they are counted again over every selected event, as an ungrouped query, and
     * answered under {@link Group#NONE}. Engagement events ({@link AggregateQuery#engagement}) count as events alone: the
     * visitors and the sessions (which ones, where they count, their size, length, page views and bounce) are those of
     * the other events, as if the engagement events were not there; a session's own values (entry and exit page,
     * source, channel) are still read from all its selected events.
     *
     * @param events every event the store holds (of any project)
     */
    public static Map<Group, Aggregates> count(List<Event> events, AggregateQuery query) {
        if (GoalBreakdown.groupsByGoal(query.dimensions())) {
            return GoalBreakdown.perGoal(query, perGoal -> count(events, perGoal)); // the definition of a report by goal
        }
        EventMatcher matcher = new EventMatcher(events, query.zone());
        List<Event> selected = matcher.select(query.projectId(), query.range(), query.filters());
        Map<String, List<Event>> chronological = bySession(selected);
        Map<String, List<Event>> sessions = query.engagement().isEmpty() ? chronological : bySession(unengaged(selected, query));
        // filters that select events leave sessions in parts: their session facts are those of the whole sessions
        List<Filter> visitFilters = query.filters().stream().filter(f -> f instanceof Filter.VisitMatch).toList();
        Map<String, List<Event>> whole = visitFilters.size() == query.filters().size() ? sessions
                : bySession(unengaged(matcher.select(query.projectId(), query.range(), visitFilters), query));
        Map<Group, GroupTally> tallies = new LinkedHashMap<>();
        for (Event event : selected) {
            tallies.computeIfAbsent(group(event, chronological, query.dimensions(), query.zone()), g -> new GroupTally())
                    .count(event, !query.engaged(event.eventType()));
        }
        for (List<Event> session : sessions.values()) {
            Event first = session.getFirst();
            List<Event> all = whole.get(first.sessionId());
            tallies.get(group(first, chronological, query.dimensions(), query.zone()))
                    .countSession(all, all.getFirst().eventId().equals(first.eventId()));
        }
        Map<Group, Aggregates> result = new LinkedHashMap<>();
        tallies.forEach((group, tally) -> result.put(group, tally.aggregates()));
        if (query.totalsBesideGroups()) {
            result.putAll(count(events, query.withoutDimensions()));
        }
        return result;
    }

    private static List<Event> unengaged(List<Event> events, AggregateQuery query) {
        return events.stream().filter(event -> !query.engaged(event.eventType())).toList();
    }

    /** The events by session, each session's in {@link Event#CHRONOLOGICAL} order. */
    private static Map<String, List<Event>> bySession(List<Event> events) {
        Map<String, List<Event>> sessions = events.stream().collect(Collectors.groupingBy(Event::sessionId, HashMap::new,
                Collectors.toCollection(ArrayList::new)));
        sessions.values().forEach(session -> session.sort(Event.CHRONOLOGICAL));
        return sessions;
    }

    /** @param sessions each session's selected events in {@link Event#CHRONOLOGICAL} order */
    private static Group group(Event event, Map<String, List<Event>> sessions, List<Dimension> dimensions, ZoneId zone) {
        List<String> values = new ArrayList<>();
        for (Dimension dimension : dimensions) {
            values.add(switch (dimension) {
                case Dimension d when !d.ofOneEvent() -> EventDimensions.visitValue(sessions.get(event.sessionId()), d);
                default -> EventDimensions.valueOf(event, dimension, zone);
            });
        }
        return new Group(values);
    }

    /** One group's facts: per event through {@link EventFacts}, per session here. */
    private static final class GroupTally {
        final EventFacts facts = new EventFacts();
        long sessions;
        long entries;
        long bounces;
        long sessionMillis;
        long sessionPageviews;

        void count(Event event, boolean visitor) {
            facts.count(event, visitor);
        }

        /**
         * @param session the session's events (all of them in the range, or its selected ones: see {@link Aggregates})
         * @param entered whether its first event is selected
         */
        void countSession(List<Event> session, boolean entered) {
            sessions++;
            if (entered) {
                entries++;
            }
            if (entered && session.size() == 1) {
                bounces++;
            }
            sessionMillis += session.getLast().timestamp().toEpochMilli() - session.getFirst().timestamp().toEpochMilli();
            sessionPageviews += session.stream().filter(e -> e.eventType().equals(Metric.PAGE_VIEW_EVENT)).count();
        }

        Aggregates aggregates() {
            return facts.aggregates(sessions, entries, bounces, sessionMillis, sessionPageviews);
        }
    }
}
