package io.tally.domain.funnel;

import io.tally.domain.event.Event;
import io.tally.domain.query.EventDimensions;
import io.tally.domain.query.EventMatcher;
import io.tally.domain.query.Group;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * What a funnel counts ({@link FunnelQuery} states the rules), written as the plainest loops over a list of events:
 * the definition every engine reproduces.
 */
public final class Funnels {

    private Funnels() {
    }

    /** @param events every event the store holds (of any project) */
    public static FunnelCounts count(List<Event> events, FunnelQuery query) {
        EventMatcher matcher = new EventMatcher(events, query.zone());
        Map<String, List<Event>> byUser = matcher.select(query.projectId(), query.range(), List.of()).stream()
                .collect(Collectors.groupingBy(Event::userId));
        int n = query.steps().size();
        Map<Group, long[]> reached = new HashMap<>();                // per group: users reaching >= k (index k-1)
        Map<Group, List<List<Long>>> deltas = new HashMap<>();       // per group and step: times from the previous step
        List<Long> spanTimes = new ArrayList<>();                    // the histogram's times, whatever the group
        for (List<Event> userEvents : byUser.values()) {
            userEvents.sort(funnelOrder(query, matcher));
            // the counted attempt of each of the user's groups of attempts: one group, or one per trend interval
            Map<Instant, Attempt> best = new HashMap<>();
            for (int i = 0; i < userEvents.size(); i++) {
                if (!matcher.matches(userEvents.get(i), query.steps().getFirst())) {
                    continue;
                }
                Attempt attempt = attempt(query, matcher, userEvents, i);
                if (dropped(query, matcher, userEvents, attempt)) {
                    continue;
                }
                Instant interval = query.trend().map(t -> t.bucketStart(attempt.start().timestamp(), query.zone()))
                        .orElse(Instant.EPOCH);
                best.merge(interval, attempt, (kept, later) -> later.steps() > kept.steps() ? later : kept);
            }
            for (Map.Entry<Instant, Attempt> entry : best.entrySet()) {
                Attempt counted = entry.getValue();
                query.timeToConvert().filter(span -> counted.steps() >= span.toStep())
                        .ifPresent(span -> spanTimes.add(counted.millisBetween(span)));
                Group group = group(query, entry.getKey(), counted.start());
                long[] counts = reached.computeIfAbsent(group, g -> new long[n]);
                List<List<Long>> times = deltas.computeIfAbsent(group, g -> {
                    List<List<Long>> lists = new ArrayList<>();
                    for (int k = 0; k < n; k++) {
                        lists.add(new ArrayList<>());
                    }
                    return lists;
                });
                for (int k = 0; k < counted.steps(); k++) {
                    counts[k]++;
                    if (k > 0) {
                        times.get(k).add(counted.millisFromPrevious().get(k - 1));
                    }
                }
            }
        }
        Map<Group, List<FunnelCounts.StepCount>> result = new HashMap<>();
        reached.forEach((group, counts) -> {
            List<FunnelCounts.StepCount> steps = new ArrayList<>();
            steps.add(FunnelCounts.StepCount.first(counts[0]));
            for (int k = 1; k < n; k++) {
                List<Long> times = deltas.get(group).get(k);
                steps.add(new FunnelCounts.StepCount(counts[k], median(times),
                        times.isEmpty() ? null : times.stream().mapToLong(Long::longValue).sum()));
            }
            result.put(group, steps);
        });
        return new FunnelCounts(result, query.timeToConvert().map(span -> ConversionTimes.of(span, spanTimes)));
    }

    /** The trend interval's start (when the query has a trend), then the breakdown's value on the attempt's step-1 event. */
    private static Group group(FunnelQuery query, Instant interval, Event start) {
        List<String> values = new ArrayList<>();
        query.trend().ifPresent(t -> values.add(interval.toString()));
        query.breakdown().ifPresent(d -> values.add(EventDimensions.valueOf(start, d, query.zone())));
        return new Group(values);
    }

    /**
     * Time, then the first step an event matches, then event id: at one instant an event of an earlier step comes
     * first, so a later step sent in the same batch as the one before it converts whatever the ids.
     */
    private static Comparator<Event> funnelOrder(FunnelQuery query, EventMatcher matcher) {
        Map<Event, Integer> firstStep = new IdentityHashMap<>();
        ToIntFunction<Event> step = e -> firstStep.computeIfAbsent(e, x -> {
            for (int k = 0; k < query.steps().size(); k++) {
                if (matcher.matches(x, query.steps().get(k))) {
                    return k;
                }
            }
            return query.steps().size();
        });
        return Comparator.comparing(Event::timestamp).thenComparingInt(step).thenComparing(Event::eventId);
    }

    private record Attempt(Event start, int steps, List<Long> millisFromPrevious) {

        /** The epoch milliseconds of the attempt's step {@code step} (from 1, reached) event. */
        long millisAt(int step) {
            long at = start.timestamp().toEpochMilli();
            for (int k = 0; k < step - 1; k++) {
                at += millisFromPrevious.get(k);
            }
            return at;
        }

        /** The time from the span's first step to its last (the attempt reaches it). */
        long millisBetween(TimeToConvert span) {
            return millisFromPrevious.subList(span.fromStep() - 1, span.toStep() - 1).stream()
                    .mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Each later step is the first matching event after the previous step (funnel order), or with strict steps the event
     * right after it, within the window from step 1.
     */
    private static Attempt attempt(FunnelQuery query, EventMatcher matcher, List<Event> userEvents, int startIndex) {
        Event start = userEvents.get(startIndex);
        Instant deadline = start.timestamp().plus(query.window());
        List<Long> times = new ArrayList<>();
        int previous = startIndex;
        int steps = 1;
        for (int k = 1; k < query.steps().size(); k++) {
            int found = -1;
            // strict: only the user's very next event may be the step
            int last = query.order() == StepOrder.STRICT ? Math.min(previous + 2, userEvents.size()) : userEvents.size();
            for (int j = previous + 1; j < last && !userEvents.get(j).timestamp().isAfter(deadline); j++) {
                if (matcher.matches(userEvents.get(j), query.steps().get(k))) {
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

    /**
     * Whether an exclusion drops the attempt: it reaches the exclusion's last step and one of the user's events
     * matching the exclusion lies strictly between its first and last step's events in time.
     */
    private static boolean dropped(FunnelQuery query, EventMatcher matcher, List<Event> userEvents, Attempt attempt) {
        for (FunnelExclusion exclusion : query.exclusions()) {
            if (attempt.steps() < exclusion.toStep()) {
                continue;
            }
            long after = attempt.millisAt(exclusion.fromStep());
            long before = attempt.millisAt(exclusion.toStep());
            for (Event event : userEvents) {
                long at = event.timestamp().toEpochMilli();
                if (at > after && at < before && matcher.matches(event, exclusion.event())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The middle value; for an even count, the mean of the two middle values. */
    private static Double median(List<Long> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid).doubleValue() : (sorted.get(mid - 1) + sorted.get(mid)) / 2.0;
    }
}
