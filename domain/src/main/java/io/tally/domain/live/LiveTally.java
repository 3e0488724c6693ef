package io.tally.domain.live;

import io.tally.domain.event.Event;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventDimensions;
import io.tally.domain.query.EventFacts;
import io.tally.domain.query.Group;
import io.tally.domain.query.Report;
import io.tally.domain.time.TimeRange;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The running counts of one {@link LiveQuery.Scope}, kept per minute and per group as events arrive, so that a
 * snapshot merges minutes instead of reading events again. Event facts only: sessions need a session's last event,
 * which a live window cannot wait for. Distinct users are kept as sets, so visitor counts are exact, as the engines'
 * are. Events are counted once by id (a re-sent event or one arriving both from the store and the feed).
 * Thread-safe.
 */
public final class LiveTally {

    private final LiveQuery.Scope scope;
    private final Predicate<Event> passes;
    private final int timeIndex;
    /** Epoch minute to that minute's counts. */
    private final NavigableMap<Long, Minute> minutes = new TreeMap<>();

    public LiveTally(LiveQuery.Scope scope) {
        this.scope = scope;
        this.passes = EventDimensions.all(scope.filters(), scope.zone());
        int time = -1;
        for (int i = 0; i < scope.dimensions().size(); i++) {
            if (scope.dimensions().get(i) instanceof Dimension.Time) {
                time = i;
            }
        }
        this.timeIndex = time;
    }

    public LiveQuery.Scope scope() {
        return scope;
    }

    /** Counts the event if it is of this scope's project, passes its filters and falls after {@code horizon}. */
    public synchronized boolean add(Event event, Instant horizon) {
        if (!event.projectId().equals(scope.projectId()) || event.timestamp().isBefore(horizon)) {
            return false;
        }
        if (!passes.test(event)) {
            return false;
        }
        Minute minute = minutes.computeIfAbsent(epochMinute(event.timestamp()), m -> new Minute());
        if (!minute.ids.add(event.eventId())) {
            return false;
        }
        minute.cells.computeIfAbsent(groupWithoutTime(event), g -> new EventFacts()).count(event);
        return true;
    }

    /** Forgets minutes before {@code horizon}. */
    public synchronized void evict(Instant horizon) {
        minutes.headMap(epochMinute(horizon)).clear();
    }

    /** The counts a report over {@code range} (whole minutes) would find, grouped by the scope's dimensions. */
    public synchronized Report.Counts counts(TimeRange range) {
        Map<Group, EventFacts> groups = new LinkedHashMap<>();
        EventFacts totals = new EventFacts();
        for (Map.Entry<Long, Minute> entry : minutes.subMap(epochMinute(range.from()), true,
                epochMinute(range.to()), false).entrySet()) {
            Instant minuteStart = Instant.ofEpochSecond(entry.getKey() * 60);
            for (Map.Entry<List<String>, EventFacts> cell : entry.getValue().cells.entrySet()) {
                groups.computeIfAbsent(group(cell.getKey(), minuteStart), g -> new EventFacts()).merge(cell.getValue());
                totals.merge(cell.getValue());
            }
        }
        Map<Group, Aggregates> aggregates = new LinkedHashMap<>();
        groups.forEach((group, facts) -> aggregates.put(group, facts.aggregates()));
        return new Report.Counts(aggregates, totals.aggregates());
    }

    /** How many events the tally holds, for telemetry. */
    public synchronized long size() {
        return minutes.values().stream().mapToLong(m -> m.ids.size()).sum();
    }

    private List<String> groupWithoutTime(Event event) {
        List<String> values = new ArrayList<>(scope.dimensions().size());
        for (int i = 0; i < scope.dimensions().size(); i++) {
            values.add(i == timeIndex ? null : EventDimensions.valueOf(event, scope.dimensions().get(i), scope.zone()));
        }
        return values;
    }

    /** The time value of a minute is its bucket's start: minute and hour buckets are whole minutes in every zone. */
    private Group group(List<String> withoutTime, Instant minuteStart) {
        if (timeIndex < 0) {
            return new Group(withoutTime);
        }
        List<String> values = new ArrayList<>(withoutTime);
        Dimension.Time time = (Dimension.Time) scope.dimensions().get(timeIndex);
        values.set(timeIndex, time.granularity().bucketStart(minuteStart, scope.zone()).toString());
        return new Group(values);
    }

    private static long epochMinute(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MINUTES).getEpochSecond() / 60;
    }

    private static final class Minute {
        final Set<String> ids = new HashSet<>();
        final Map<List<String>, EventFacts> cells = new HashMap<>();
    }
}
