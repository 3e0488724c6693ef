package io.tally.adapter.out.tracing;

import io.helidon.tracing.Tracer;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.domain.funnel.FunnelCounts;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.lifecycle.LifecycleCounts;
import io.tally.domain.lifecycle.LifecycleQuery;
import io.tally.domain.path.PathCounts;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Group;
import io.tally.domain.retention.RetentionCounts;
import io.tally.domain.retention.RetentionQuery;
import io.tally.domain.stickiness.StickinessCounts;
import io.tally.domain.stickiness.StickinessQuery;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** An engine whose every query is a span ({@code store.aggregate}, {@code store.funnel}, …). */
final class TracedAnalytics implements AnalyticsEngine {

    private final AnalyticsEngine engine;
    private final Tracer tracer;
    private final String store;

    TracedAnalytics(AnalyticsEngine engine, Tracer tracer, String store) {
        this.engine = engine;
        this.tracer = tracer;
        this.store = store;
    }

    @Override
    public Map<Group, Aggregates> aggregate(AggregateQuery query) {
        return Spans.inSpan(tracer, "store.aggregate", store, () -> engine.aggregate(query));
    }

    @Override
    public FunnelCounts funnel(FunnelQuery query) {
        return Spans.inSpan(tracer, "store.funnel", store, () -> engine.funnel(query));
    }

    @Override
    public RetentionCounts retention(RetentionQuery query) {
        return Spans.inSpan(tracer, "store.retention", store, () -> engine.retention(query));
    }

    @Override
    public StickinessCounts stickiness(StickinessQuery query) {
        return Spans.inSpan(tracer, "store.stickiness", store, () -> engine.stickiness(query));
    }

    @Override
    public LifecycleCounts lifecycle(LifecycleQuery query) {
        return Spans.inSpan(tracer, "store.lifecycle", store, () -> engine.lifecycle(query));
    }

    @Override
    public PathCounts paths(PathsQuery query) {
        return Spans.inSpan(tracer, "store.paths", store, () -> engine.paths(query));
    }

    @Override
    public Optional<Instant> firstEvent(String projectId) {
        return Spans.inSpan(tracer, "store.first_event", store, () -> engine.firstEvent(projectId));
    }
}
