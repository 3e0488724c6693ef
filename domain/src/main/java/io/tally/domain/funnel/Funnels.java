package io.tally.domain.funnel;

import io.tally.domain.event.Event;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.EventDimensions;
import io.tally.domain.query.EventMatcher;
import io.tally.domain.query.Group;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
        Map<Group, List<Attempt>> byGroup = new HashMap<>();
        for (List<Event> userEvents : byUser.values()) {
            userEvents.sort(funnelOrder(query, matcher));
            for (Map.Entry<Instant, Attempt> counted : counted(query, matcher, userEvents)) {
                byGroup.computeIfAbsent(group(query, counted.getKey(), counted.getValue()), g -> new ArrayList<>())
                        .add(counted.getValue());
            }
        }
        Map<Group, List<FunnelCounts.StepCount>> result = new HashMap<>();
        byGroup.forEach((group, attempts) -> result.put(group, steps(query.steps().size(), attempts)));
        Map<Group, List<FunnelCounts.StepCount>> overall = query.brokenDown()
                ? count(events, query.withoutBreakdown().withoutTimeToConvert()).byGroup() : Map.of();
        return new FunnelCounts(result, overall, query.timeToConvert().map(span -> ConversionTimes.of(span, byGroup.values().stream()
                .flatMap(List::stream).filter(a -> a.steps() >= span.toStep()).map(a -> a.millisBetween(span)).toList())));
    }

    /**
     * A user's counted attempts with the trend interval of their start ({@link Instant#EPOCH} without a trend): of the
     * attempts no exclusion drops, counting users the one reaching furthest per interval, the earliest among equals;
     * counting conversions every one.
     */
    private static List<Map.Entry<Instant, Attempt>> counted(FunnelQuery query, EventMatcher matcher, List<Event> userEvents) {
        Map<Instant, Attempt> best = new HashMap<>();
        List<Map.Entry<Instant, Attempt>> every = new ArrayList<>();
        boolean unordered = query.order() == StepOrder.UNORDERED;
        for (int i = 0; i < userEvents.size(); i++) {
            Event event = userEvents.get(i);
            boolean starts = unordered ? query.steps().stream().anyMatch(step -> matcher.matches(event, step))
                    : matcher.matches(event, query.steps().getFirst());
            if (!starts) {
                continue;
            }
            Attempt attempt = unordered ? unorderedAttempt(query, matcher, userEvents, i) : attempt(query, matcher, userEvents, i);
            if (dropped(query, matcher, userEvents, attempt)) {
                continue;
            }
            Instant interval = query.trend().map(t -> t.bucketStart(attempt.start().timestamp(), query.zone()))
                    .orElse(Instant.EPOCH);
            every.add(Map.entry(interval, attempt));
            best.merge(interval, attempt, (kept, later) -> later.steps() > kept.steps() ? later : kept);
        }
        return query.counting() == FunnelCounting.CONVERSIONS ? every : List.copyOf(best.entrySet());
    }

    /** A group's steps: the attempts reaching each, and the median and sum of their times from the step before. */
    private static List<FunnelCounts.StepCount> steps(int n, List<Attempt> attempts) {
        List<FunnelCounts.StepCount> steps = new ArrayList<>();
        steps.add(FunnelCounts.StepCount.first(attempts.size()));
        for (int k = 1; k < n; k++) {
            int step = k;
            List<Long> times = attempts.stream().filter(a -> a.steps() > step).map(a -> a.millisFromPrevious().get(step - 1)).toList();
            steps.add(new FunnelCounts.StepCount(times.size(), median(times),
                    times.isEmpty() ? null : times.stream().mapToLong(Long::longValue).sum()));
        }
        return steps;
    }

    /**
     * The trend interval's start (when the query has a trend), then each breakdown dimension's value on the attempt's
     * event the attribution names (null when the attempt does not reach its step).
     */
    private static Group group(FunnelQuery query, Instant interval, Attempt attempt) {
        List<String> values = new ArrayList<>();
        query.trend().ifPresent(t -> values.add(interval.toString()));
        int step = query.attribution().stepOf(attempt.steps());
        for (Dimension d : query.breakdown()) {
            values.add(step == 0 ? null : EventDimensions.valueOf(attempt.events().get(step - 1), d, query.zone()));
        }
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

    /** @param events the event of each step reached, from step 1 (the start alone in an unordered attempt) */
    private record Attempt(List<Event> events, int steps, List<Long> millisFromPrevious) {

        Event start() {
            return events.getFirst();
        }

        /** The epoch milliseconds of the attempt's step {@code step} (from 1, reached) event. */
        long millisAt(int step) {
            long at = start().timestamp().toEpochMilli();
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
        List<Event> reached = new ArrayList<>(List.of(start));
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
            reached.add(userEvents.get(found));
            steps++;
        }
        return new Attempt(reached, steps, times);
    }

    /**
     * An unordered attempt from the event at {@code startIndex}: each step with a matching event of the user at or after
     * the start's time and within the window is done, at its earliest such event; the steps are counted in the order of
     * those times.
     */
    private static Attempt unorderedAttempt(FunnelQuery query, EventMatcher matcher, List<Event> userEvents, int startIndex) {
        Event start = userEvents.get(startIndex);
        Instant deadline = start.timestamp().plus(query.window());
        List<Long> done = new ArrayList<>();
        for (EventCriteria step : query.steps()) {
            userEvents.stream()
                    .filter(e -> !e.timestamp().isBefore(start.timestamp()) && !e.timestamp().isAfter(deadline) && matcher.matches(e, step))
                    .mapToLong(e -> e.timestamp().toEpochMilli()).min().ifPresent(done::add);
        }
        Collections.sort(done);
        List<Long> times = new ArrayList<>();
        for (int k = 1; k < done.size(); k++) {
            times.add(done.get(k) - done.get(k - 1));
        }
        return new Attempt(List.of(start), done.size(), times);
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
