package io.tally.adapter.out.memory;

import io.tally.domain.query.ResolvedCohort;
import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import io.tally.domain.funnel.FunnelCounts;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.path.PathCounts;
import io.tally.domain.path.PathDirection;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.EventDimensions;
import io.tally.domain.query.EventFacts;
import io.tally.domain.query.Filter;
import io.tally.domain.query.Group;
import io.tally.domain.query.Metric;
import io.tally.domain.retention.CohortMode;
import io.tally.domain.retention.RetentionCounts;
import io.tally.domain.retention.RetentionQuery;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The definitions of reports, funnels, retention and paths, written as the plainest loops over a list of events.
 * Slow on purpose: each method reads like the documented semantics, and the other engines are tested against it.
 */
final class ReferenceEngine {

    /** Events of one user or session in the order every engine uses: time, then event id. */
    static final Comparator<Event> CHRONOLOGICAL = Comparator.comparing(Event::timestamp).thenComparing(Event::eventId);

    private final List<Event> events;

    ReferenceEngine(List<Event> events) {
        this.events = events;
    }

    // ---- reports ----

    Map<Group, Aggregates> aggregate(AggregateQuery query) {
        List<Event> selected = selected(query.projectId(), query.range(), query.filters(), query.zone());
        Map<Group, Tally> tallies = new LinkedHashMap<>();
        for (Event event : selected) {
            tallies.computeIfAbsent(group(event, query.dimensions(), query.zone()), g -> new Tally()).count(event);
        }
        Map<String, List<Event>> sessions = selected.stream().collect(Collectors.groupingBy(Event::sessionId));
        for (List<Event> session : sessions.values()) {
            session.sort(CHRONOLOGICAL);
            Event first = session.getFirst();
            tallies.get(group(first, query.dimensions(), query.zone())).countSession(session);
        }
        Map<Group, Aggregates> result = new LinkedHashMap<>();
        tallies.forEach((group, tally) -> result.put(group, tally.aggregates()));
        return result;
    }

    private static Group group(Event event, List<Dimension> dimensions, ZoneId zone) {
        List<String> values = new ArrayList<>();
        for (Dimension dimension : dimensions) {
            values.add(EventDimensions.valueOf(event, dimension, zone));
        }
        return new Group(values);
    }

    private static final class Tally {
        final EventFacts facts = new EventFacts();
        long sessions;
        long bounces;
        long sessionMillis;
        long sessionPageviews;

        void count(Event event) {
            facts.count(event);
        }

        void countSession(List<Event> session) {
            sessions++;
            if (session.size() == 1) {
                bounces++;
            }
            sessionMillis += session.getLast().timestamp().toEpochMilli() - session.getFirst().timestamp().toEpochMilli();
            sessionPageviews += session.stream().filter(e -> e.eventType().equals(Metric.PAGE_VIEW_EVENT)).count();
        }

        Aggregates aggregates() {
            return facts.aggregates(sessions, bounces, sessionMillis, sessionPageviews);
        }
    }

    // ---- filters and cohorts ----

    private List<Event> selected(String projectId, io.tally.domain.time.TimeRange range, List<Filter> filters, ZoneId zone) {
        Matcher matcher = new Matcher(filters, zone);
        return events.stream()
                .filter(e -> e.projectId().equals(projectId) && range.contains(e.timestamp()))
                .filter(matcher::test)
                .collect(Collectors.toCollection(ArrayList::new));
    }

    /** Decides filters for single events; patterns are compiled and cohort memberships computed once per query. */
    private final class Matcher {
        private final List<Filter> filters;
        private final List<Predicate<Event>> values;
        private final ZoneId zone;
        private final Map<ResolvedCohort, Set<String>> members;
        private final Map<EventCriteria, Matcher> byCriteria;

        Matcher(List<Filter> filters, ZoneId zone) {
            this(filters, zone, new HashMap<>(), new HashMap<>());
        }

        private Matcher(List<Filter> filters, ZoneId zone, Map<ResolvedCohort, Set<String>> members,
                        Map<EventCriteria, Matcher> byCriteria) {
            this.filters = filters;
            this.values = filters.stream().map(f -> f instanceof Filter.Match match
                    ? EventDimensions.predicate(match, zone) : null).toList();
            this.zone = zone;
            this.members = members;
            this.byCriteria = byCriteria;
        }

        boolean test(Event event) {
            for (int i = 0; i < filters.size(); i++) {
                boolean passes = switch (filters.get(i)) {
                    case Filter.Match match -> values.get(i).test(event);
                    case Filter.InCohort in -> members.computeIfAbsent(in.cohort(), c -> members(event.projectId(), c))
                            .contains(event.userId());
                };
                if (!passes) {
                    return false;
                }
            }
            return true;
        }

        boolean test(Event event, EventCriteria criteria) {
            return criteria.eventType().map(event.eventType()::equals).orElse(true)
                    && byCriteria.computeIfAbsent(criteria, c -> new Matcher(c.filters(), zone, members, byCriteria)).test(event);
        }
    }

    /** The users of a project meeting every rule of a cohort; only users with some event in the project are considered. */
    Set<String> members(String projectId, ResolvedCohort cohort) {
        Map<String, int[]> counts = new HashMap<>();
        List<Predicate<Event>> ruleFilters = cohort.rules().stream()
                .map(rule -> EventDimensions.all(rule.filters(), ZoneId.of("UTC"))).toList();
        for (Event event : events) {
            if (!event.projectId().equals(projectId)) {
                continue;
            }
            int[] perRule = counts.computeIfAbsent(event.userId(), u -> new int[cohort.rules().size()]);
            for (int r = 0; r < cohort.rules().size(); r++) {
                ResolvedCohort.Rule rule = cohort.rules().get(r);
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
                ResolvedCohort.Rule rule = cohort.rules().get(r);
                all &= rule.did() == (perRule[r] >= rule.minCount());
            }
            if (all) {
                members.add(user);
            }
        });
        return members;
    }

    // ---- funnels ----

    FunnelCounts funnel(FunnelQuery query) {
        Matcher matcher = new Matcher(List.of(), query.zone());
        Map<String, List<Event>> byUser = selected(query.projectId(), query.range(), List.of(), query.zone()).stream()
                .collect(Collectors.groupingBy(Event::userId));
        int n = query.steps().size();
        Map<Group, long[]> reached = new HashMap<>();                // per group: users reaching >= k (index k-1)
        Map<Group, List<List<Long>>> deltas = new HashMap<>();       // per group and step: times from the previous step
        for (List<Event> userEvents : byUser.values()) {
            userEvents.sort(CHRONOLOGICAL);
            Attempt best = null;
            for (int i = 0; i < userEvents.size(); i++) {
                if (!matcher.test(userEvents.get(i), query.steps().getFirst())) {
                    continue;
                }
                Attempt attempt = attempt(query, matcher, userEvents, i);
                if (best == null || attempt.steps() > best.steps()) {
                    best = attempt;
                }
            }
            if (best == null) {
                continue;
            }
            Event start = best.start();
            Group group = query.breakdown().map(d -> Group.of(EventDimensions.valueOf(start, d, query.zone())))
                    .orElse(Group.NONE);
            long[] counts = reached.computeIfAbsent(group, g -> new long[n]);
            List<List<Long>> times = deltas.computeIfAbsent(group, g -> {
                List<List<Long>> lists = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    lists.add(new ArrayList<>());
                }
                return lists;
            });
            for (int k = 0; k < best.steps(); k++) {
                counts[k]++;
                if (k > 0) {
                    times.get(k).add(best.millisFromPrevious().get(k - 1));
                }
            }
        }
        Map<Group, List<FunnelCounts.StepCount>> result = new HashMap<>();
        reached.forEach((group, counts) -> {
            List<FunnelCounts.StepCount> steps = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                steps.add(new FunnelCounts.StepCount(counts[k], k == 0 ? null : median(deltas.get(group).get(k))));
            }
            result.put(group, steps);
        });
        return new FunnelCounts(result);
    }

    private record Attempt(Event start, int steps, List<Long> millisFromPrevious) {
    }

    /** Each later step is the first matching event after the previous step, within the window from step 1. */
    private static Attempt attempt(FunnelQuery query, Matcher matcher, List<Event> userEvents, int startIndex) {
        Event start = userEvents.get(startIndex);
        java.time.Instant deadline = start.timestamp().plus(query.window());
        List<Long> times = new ArrayList<>();
        int previous = startIndex;
        int steps = 1;
        for (int k = 1; k < query.steps().size(); k++) {
            int found = -1;
            for (int j = previous + 1; j < userEvents.size() && !userEvents.get(j).timestamp().isAfter(deadline); j++) {
                if (matcher.test(userEvents.get(j), query.steps().get(k))) {
                    found = j;
                    break;
                }
            }
            if (found < 0) {
                break;
            }
            times.add(userEvents.get(found).timestamp().toEpochMilli() - userEvents.get(previous).timestamp().toEpochMilli());
            previous = found;
            steps++;
        }
        return new Attempt(start, steps, times);
    }

    /** The middle value; for an even count, the mean of the two middle values. */
    static Double median(List<Long> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid).doubleValue() : (sorted.get(mid - 1) + sorted.get(mid)) / 2.0;
    }

    // ---- retention ----

    RetentionCounts retention(RetentionQuery query) {
        Matcher matcher = new Matcher(List.of(), query.zone());
        Optional<Set<String>> population = query.population().map(c -> members(query.projectId(), c));
        List<Event> project = events.stream()
                .filter(e -> e.projectId().equals(query.projectId()))
                .filter(e -> population.map(p -> p.contains(e.userId())).orElse(true))
                .toList();
        Map<LocalDate, Set<String>> cohorts = new TreeMap<>();
        if (query.mode() == CohortMode.FIRST_TIME) {
            Map<String, Event> firsts = new HashMap<>();
            for (Event event : project) {
                if (matcher.test(event, query.startEvent())) {
                    firsts.merge(event.userId(), event, (a, b) -> CHRONOLOGICAL.compare(a, b) <= 0 ? a : b);
                }
            }
            firsts.forEach((user, first) -> {
                if (query.range().contains(first.timestamp())) {
                    cohorts.computeIfAbsent(period(query, first), p -> new HashSet<>()).add(user);
                }
            });
        } else {
            for (Event event : project) {
                if (query.range().contains(event.timestamp()) && matcher.test(event, query.startEvent())) {
                    cohorts.computeIfAbsent(period(query, event), p -> new HashSet<>()).add(event.userId());
                }
            }
        }
        Map<String, Set<LocalDate>> returns = new HashMap<>();
        for (Event event : project) {
            if (query.range().contains(event.timestamp()) && matcher.test(event, query.returnEvent())) {
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

    // ---- paths ----

    PathCounts paths(PathsQuery query) {
        Matcher matcher = new Matcher(List.of(), query.zone());
        Map<String, List<Event>> sessions = selected(query.projectId(), query.range(), List.of(), query.zone()).stream()
                .collect(Collectors.groupingBy(Event::sessionId));
        List<Map<String, Long>> steps = new ArrayList<>();
        for (int k = 0; k < query.steps(); k++) {
            steps.add(new HashMap<>());
        }
        long anchors = 0;
        int direction = query.direction() == PathDirection.NEXT ? 1 : -1;
        for (List<Event> session : sessions.values()) {
            session.sort(CHRONOLOGICAL);
            for (int p = 0; p < session.size(); p++) {
                if (!matcher.test(session.get(p), query.anchor())) {
                    continue;
                }
                anchors++;
                for (int k = 1; k <= query.steps(); k++) {
                    int q = p + direction * k;
                    if (q < 0 || q >= session.size()) {
                        break;
                    }
                    String value = EventDimensions.valueOf(session.get(q), query.node(), query.zone());
                    steps.get(k - 1).merge(value == null ? PathCounts.NONE : value, 1L, Long::sum);
                }
            }
        }
        return new PathCounts(anchors, steps);
    }
}
