package io.tally.domain.stickiness;

import io.tally.domain.event.Event;
import io.tally.domain.query.EventMatcher;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a stickiness counts ({@link StickinessQuery} states the rule), written as the plainest loops over a list of
 * events: the definition every engine reproduces.
 */
public final class ActiveIntervals {

    private ActiveIntervals() {
    }

    /** @param events every event the store holds (of any project) */
    public static StickinessCounts count(List<Event> events, StickinessQuery query) {
        EventMatcher matcher = new EventMatcher(events, query.zone());
        Map<String, Set<Instant>> intervalsByUser = new HashMap<>();
        for (Event event : matcher.select(query.projectId(), query.range(), List.of())) {
            if (matcher.matches(event, query.event())) {
                intervalsByUser.computeIfAbsent(event.userId(), u -> new HashSet<>())
                        .add(query.interval().bucketStart(event.timestamp(), query.zone()));
            }
        }
        Map<Integer, Long> usersByIntervals = new HashMap<>();
        intervalsByUser.values().forEach(intervals -> usersByIntervals.merge(intervals.size(), 1L, Long::sum));
        return new StickinessCounts(usersByIntervals);
    }
}
