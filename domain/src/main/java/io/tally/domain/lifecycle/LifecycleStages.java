package io.tally.domain.lifecycle;

import io.tally.domain.event.Event;
import io.tally.domain.query.EventMatcher;
import io.tally.domain.time.TimeRange;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * What a lifecycle counts ({@link LifecycleQuery} states the rules), written as the plainest loops over a list of
 * events: the definition every engine reproduces.
 */
public final class LifecycleStages {

    private LifecycleStages() {
    }

    /** @param events every event the store holds (of any project) */
    public static LifecycleCounts count(List<Event> events, LifecycleQuery query) {
        EventMatcher matcher = new EventMatcher(events, query.zone());
        Map<String, NavigableSet<Instant>> activeByUser = new HashMap<>();
        for (Event event : matcher.select(query.projectId(), new TimeRange(Instant.EPOCH, query.end()), List.of())) {
            if (matcher.matches(event, query.event())) {
                activeByUser.computeIfAbsent(event.userId(), u -> new TreeSet<>())
                        .add(query.interval().bucketStart(event.timestamp(), query.zone()));
            }
        }
        Map<Instant, LifecycleCounts.Stages> byInterval = new HashMap<>();
        Instant previous = query.before();
        for (Instant interval : query.intervals()) {
            long newUsers = 0;
            long returning = 0;
            long resurrecting = 0;
            long dormant = 0;
            for (NavigableSet<Instant> active : activeByUser.values()) {
                boolean now = active.contains(interval);
                boolean before = active.contains(previous);
                if (now && active.first().equals(interval)) {
                    newUsers++;
                } else if (now && before) {
                    returning++;
                } else if (now) {
                    resurrecting++;
                } else if (before) {
                    dormant++;
                }
            }
            byInterval.put(interval, new LifecycleCounts.Stages(newUsers, returning, resurrecting, dormant));
            previous = interval;
        }
        return new LifecycleCounts(byInterval);
    }
}
