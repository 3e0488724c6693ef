package io.tally.application.fake;

import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.EventStore;
import io.tally.domain.event.Event;
import io.tally.domain.funnel.FunnelCounts;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.funnel.Funnels;
import io.tally.domain.lifecycle.LifecycleCounts;
import io.tally.domain.lifecycle.LifecycleQuery;
import io.tally.domain.lifecycle.LifecycleStages;
import io.tally.domain.path.PathCounts;
import io.tally.domain.path.PathSteps;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Group;
import io.tally.domain.query.Reports;
import io.tally.domain.retention.RetentionCohorts;
import io.tally.domain.retention.RetentionCounts;
import io.tally.domain.retention.RetentionQuery;
import io.tally.domain.stickiness.ActiveIntervals;
import io.tally.domain.stickiness.StickinessCounts;
import io.tally.domain.stickiness.StickinessQuery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Events in a map, answered by the domain's definitions ({@link Reports}, {@link Funnels}, {@link RetentionCohorts},
 * {@link PathSteps}): the reference engine's answers, for tests of the core. Duplicate event ids are kept once.
 */
public final class MemoryEngine implements EventStore, AnalyticsEngine {

    private record Key(String projectId, String eventId) {
    }

    private final Map<Key, Event> events = new LinkedHashMap<>();

    @Override
    public synchronized long append(List<Event> batch) {
        long added = 0;
        for (Event event : batch) {
            if (events.putIfAbsent(new Key(event.projectId(), event.eventId()), event) == null) {
                added++;
            }
        }
        return added;
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    private synchronized List<Event> all() {
        return new ArrayList<>(events.values());
    }

    @Override
    public Map<Group, Aggregates> aggregate(AggregateQuery query) {
        return Reports.count(all(), query);
    }

    @Override
    public FunnelCounts funnel(FunnelQuery query) {
        return Funnels.count(all(), query);
    }

    @Override
    public RetentionCounts retention(RetentionQuery query) {
        return RetentionCohorts.count(all(), query);
    }

    @Override
    public StickinessCounts stickiness(StickinessQuery query) {
        return ActiveIntervals.count(all(), query);
    }

    @Override
    public LifecycleCounts lifecycle(LifecycleQuery query) {
        return LifecycleStages.count(all(), query);
    }

    @Override
    public PathCounts paths(PathsQuery query) {
        return PathSteps.count(all(), query);
    }

    @Override
    public Optional<Instant> firstEvent(String projectId) {
        return all().stream().filter(e -> e.projectId().equals(projectId)).map(Event::timestamp).min(Instant::compareTo);
    }
}
