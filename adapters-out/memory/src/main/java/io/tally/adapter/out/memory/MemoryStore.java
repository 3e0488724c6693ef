package io.tally.adapter.out.memory;

import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.EventArchive;
import io.tally.application.port.out.EventBatches;
import io.tally.application.port.out.EventExpiry;
import io.tally.application.port.out.EventStore;
import io.tally.domain.event.Event;
import io.tally.domain.event.IdHash;
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
import io.tally.domain.query.KeptSketch;
import io.tally.domain.query.KeptSketches;
import io.tally.domain.query.Reports;
import io.tally.domain.query.SketchSpan;
import io.tally.domain.query.SketchedVisitors;
import io.tally.domain.query.VisitorSketch;
import io.tally.domain.retention.RetentionCohorts;
import io.tally.domain.retention.RetentionCounts;
import io.tally.domain.retention.RetentionQuery;
import io.tally.domain.stickiness.ActiveIntervals;
import io.tally.domain.stickiness.StickinessCounts;
import io.tally.domain.stickiness.StickinessQuery;
import io.tally.domain.time.Retention;
import io.tally.domain.time.TimeRange;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The reference engine: events in a list, every answer given by the domain's definitions ({@link Reports},
 * {@link Funnels}, {@link RetentionCohorts}, {@link PathSteps}, {@link ActiveIntervals},
 * {@link LifecycleStages}), plain loops that state the semantics. Other engines
 * are correct when they agree with this one. Not built for speed.
 */
public final class MemoryStore implements EventStore, AnalyticsEngine, EventArchive, EventExpiry {

    private record Key(String projectId, String eventId) {
    }

    private final Map<Key, Event> events = new LinkedHashMap<>();
    private final Supplier<Instant> horizon;

    private MemoryStore(Supplier<Instant> horizon) {
        this.horizon = horizon;
    }

    private MemoryStore() {
        this(() -> Instant.MIN);
    }

    /** An empty store. */
    public static MemoryStore create() {
        return new MemoryStore();
    }

    /** An empty store under a retention read on {@code clock}: nothing before its horizon is counted or read back. */
    public static MemoryStore create(Retention retention, Clock clock) {
        return new MemoryStore(() -> retention.horizon(clock.instant()));
    }

    /** A store holding these events (duplicates by event id kept once). */
    public static MemoryStore of(List<Event> events) {
        MemoryStore store = new MemoryStore();
        store.append(events);
        return store;
    }

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

    @Override
    public synchronized long expireBefore(Instant before) {
        int stored = events.size();
        events.values().removeIf(event -> event.timestamp().isBefore(before));
        return stored - events.size();
    }

    @Override
    public long scan(int batchSize, Consumer<List<Event>> batches) {
        return hand(kept(), batchSize, batches);
    }

    @Override
    public long scan(String projectId, TimeRange range, int batchSize, Consumer<List<Event>> batches) {
        return hand(kept().stream().filter(e -> e.projectId().equals(projectId) && range.contains(e.timestamp())).toList(),
                batchSize, batches);
    }

    private static long hand(List<Event> events, int batchSize, Consumer<List<Event>> batches) {
        EventBatches out = new EventBatches(batchSize, batches);
        events.forEach(out::add);
        return out.finish();
    }

    /** A snapshot of every stored event. */
    public synchronized List<Event> all() {
        return new ArrayList<>(events.values());
    }

    /** The stored events the retention still keeps: all that any answer counts. */
    private List<Event> kept() {
        Instant first = horizon.get();
        return all().stream().filter(event -> !event.timestamp().isBefore(first)).toList();
    }

    @Override
    public Map<Group, Aggregates> aggregate(AggregateQuery query) {
        return Reports.count(kept(), query);
    }

    /**
     * The reference for {@code RollupStore#visitors}: a sketch of the kept events' users per UTC hour and event type,
     * unioned by {@link SketchedVisitors} as every store unions its own. Hours only, where the stores keep days too:
     * a day's sketch must give what its hours' give, and the agreement suite compares the two.
     */
    public Map<Group, Aggregates> visitors(AggregateQuery query) {
        return visitors(query, VisitorSketch.LG_K);
    }

    /** As {@link #visitors(AggregateQuery)}, with sketches of {@code 2^lgK}. */
    public Map<Group, Aggregates> visitors(AggregateQuery query, int lgK) {
        KeptSketches sketches = new KeptSketches(lgK, EnumSet.of(SketchSpan.HOUR));
        for (Event event : kept()) {
            if (event.projectId().equals(query.projectId())) {
                sketches.add(event.projectId(), event.timestamp(), event.eventType(), IdHash.of(event.userId()));
            }
        }
        List<KeptSketch> rows = new ArrayList<>();
        sketches.forEach((key, sketch) -> rows.add(new KeptSketch(key.start(), key.span(), key.eventType(), sketch)));
        return SketchedVisitors.count(query, rows, lgK);
    }

    @Override
    public FunnelCounts funnel(FunnelQuery query) {
        return Funnels.count(kept(), query);
    }

    @Override
    public RetentionCounts retention(RetentionQuery query) {
        return RetentionCohorts.count(kept(), query);
    }

    @Override
    public StickinessCounts stickiness(StickinessQuery query) {
        return ActiveIntervals.count(kept(), query);
    }

    @Override
    public LifecycleCounts lifecycle(LifecycleQuery query) {
        return LifecycleStages.count(kept(), query);
    }

    @Override
    public PathCounts paths(PathsQuery query) {
        return PathSteps.count(kept(), query);
    }

    @Override
    public Optional<Instant> firstEvent(String projectId) {
        Instant first = null;
        for (Event event : kept()) {
            if (event.projectId().equals(projectId) && (first == null || event.timestamp().isBefore(first))) {
                first = event.timestamp();
            }
        }
        return Optional.ofNullable(first);
    }
}
