package io.tally.application.service;

import io.tally.application.port.in.Answer;
import io.tally.application.port.in.AnswerQueriesUseCase;
import io.tally.application.port.in.Exactness;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.QueryTelemetry;
import io.tally.application.port.out.RollupStore;
import io.tally.domain.funnel.Funnel;
import io.tally.domain.funnel.FunnelCounts;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.goal.Conversions;
import io.tally.domain.goal.ConversionsQuery;
import io.tally.domain.lifecycle.Lifecycle;
import io.tally.domain.lifecycle.LifecycleQuery;
import io.tally.domain.path.Paths;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.Accuracy;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.GoalBreakdown;
import io.tally.domain.query.Group;
import io.tally.domain.query.Report;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.query.Source;
import io.tally.domain.query.SourcePlanner;
import io.tally.domain.query.Timeseries;
import io.tally.domain.query.TimeseriesQuery;
import io.tally.domain.query.VisitorSketch;
import io.tally.domain.retention.RetentionMatrix;
import io.tally.domain.retention.RetentionQuery;
import io.tally.domain.stickiness.Stickiness;
import io.tally.domain.stickiness.StickinessQuery;
import io.tally.domain.trend.SeriesCounts;
import io.tally.domain.trend.Trend;
import io.tally.domain.trend.TrendQuery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Answers analytics queries through the configured engine, and times each answer. A report the hourly rollup can
 * answer exactly (see {@link SourcePlanner}) is read from it, and session facts from the sessions kept per hour
 * where they answer (a report of session facts alone by exit page, or ungrouped, from them alone); everything else
 * from raw events. A report that asks for approximate visitors may have them
 * estimated from the visitor sketches (its answer says so, with the error bound). With engagement event types
 * configured, sessions are counted from raw events (the sessions kept per hour hold those events too), every count
 * told which types they are.
 */
public final class QueryService implements AnswerQueriesUseCase {

    private final AnalyticsEngine engine;
    private final Optional<RollupStore> rollups;
    private final QueryTelemetry telemetry;
    private final Set<Source> kept;
    private final Set<String> engagement;

    /** @param rollups the hourly rollup, used for the reports it can answer exactly */
    public QueryService(AnalyticsEngine engine, Optional<RollupStore> rollups, QueryTelemetry telemetry) {
        this(engine, rollups, telemetry, Set.of());
    }

    /** @param engagement the event types that count as events but in no visitor or session fact (docs/analytics.md) */
    public QueryService(AnalyticsEngine engine, Optional<RollupStore> rollups, QueryTelemetry telemetry, Set<String> engagement) {
        this.engine = engine;
        this.rollups = rollups;
        this.telemetry = telemetry;
        this.engagement = Set.copyOf(engagement);
        this.kept = EnumSet.of(Source.RAW);
        rollups.ifPresent(store -> kept.addAll(store.sources()));
        if (!engagement.isEmpty()) {
            kept.remove(Source.SESSIONS); // kept over every event type (the sketches are kept per type and skip them)
        }
    }

    @Override
    public Answer<Report> report(ReportQuery query) {
        SourcePlanner.Plan planned = SourcePlanner.plan(query, kept);
        Function<AggregateQuery, Map<Group, Aggregates>> source = reader(planned);
        return timed("report", planned.label(), exactness(query, planned), () -> {
            AggregateQuery aggregation = query.aggregation();
            Report.Counts current = counts(source, aggregation);
            Optional<Report.Counts> previous = query.compare()
                    .map(compare -> counts(source, aggregation.over(compare.shift(query.range(), query.zone()))));
            return Report.assemble(query, current, previous);
        });
    }

    /** The report's groups alone: a time series shows no totals, so none are counted. */
    @Override
    public Answer<Timeseries> timeseries(TimeseriesQuery query) {
        ReportQuery report = query.report();
        SourcePlanner.Plan planned = SourcePlanner.plan(report, kept);
        return timed("timeseries", planned.label(), Exactness.EXACT, () -> Timeseries.assemble(query, reader(planned).apply(report.aggregation())));
    }

    /** Estimated visitors when the plan reads sketches; exact otherwise, with the reason when an estimate was asked. */
    private Exactness exactness(ReportQuery query, SourcePlanner.Plan plan) {
        if (plan.approximate()) {
            return Exactness.approximate(VisitorSketch.errorBound(VisitorSketch.LG_K));
        }
        if (query.accuracy() == Accuracy.APPROXIMATE) {
            return Exactness.exactBecause(SourcePlanner.whyNotSketch(query, kept).orElse("visitors are counted exactly"));
        }
        return Exactness.EXACT;
    }

    /** The plan's sources as one count; a count by goal is a count per goal ({@link GoalBreakdown}). */
    private Function<AggregateQuery, Map<Group, Aggregates>> reader(SourcePlanner.Plan plan) {
        Function<AggregateQuery, Map<Group, Aggregates>> sources = sources(plan);
        return query -> GoalBreakdown.count(query.withEngagement(engagement), sources);
    }

    private Function<AggregateQuery, Map<Group, Aggregates>> sources(SourcePlanner.Plan plan) {
        Function<AggregateQuery, Map<Group, Aggregates>> raw = switch (plan.events()) {
            case RAW -> engine::aggregate;
            case ROLLUP -> rollups.orElseThrow()::aggregate;
            // session facts alone, on rows that are the sessions' own (SourcePlanner.whyNotSessionsAlone): no event is read
            case SESSIONS -> rollups.orElseThrow()::sessions;
            case SKETCH -> throw new IllegalStateException(plan.events().label() + " hold no event facts");
        };
        Function<AggregateQuery, Map<Group, Aggregates>> events = plan.visitors().isEmpty() ? raw
                : query -> withVisitors(raw.apply(query.without(Aggregates.Part.DISTINCT_USERS)), rollups.orElseThrow().visitors(query));
        if (plan.sessions().isEmpty()) {
            return events;
        }
        return query -> withSessions(events.apply(query.without(Aggregates.Part.SESSIONS)), rollups.orElseThrow().sessions(query));
    }

    /**
     * The event facts' rows with the estimated visitor facts put in: each sketched row is a row of events (a user is
     * counted where its events are), and a row of events always has a visitor.
     */
    private static Map<Group, Aggregates> withVisitors(Map<Group, Aggregates> events, Map<Group, Aggregates> visitors) {
        Map<Group, Aggregates> merged = new HashMap<>();
        events.forEach((group, facts) -> {
            Aggregates estimated = visitors.getOrDefault(group, Aggregates.ZERO);
            merged.put(group, facts.withVisitorFacts(estimated.visitors(), estimated.convertedVisitors()));
        });
        return merged;
    }

    /**
     * The event facts' rows with the session facts put in: every session's first event is one of its row's events,
     * so each row of sessions is a row of events; a row of events without sessions keeps zero.
     */
    private static Map<Group, Aggregates> withSessions(Map<Group, Aggregates> events, Map<Group, Aggregates> sessions) {
        Map<Group, Aggregates> merged = new HashMap<>();
        events.forEach((group, facts) -> merged.put(group, facts.withSessionFacts(sessions.getOrDefault(group, Aggregates.ZERO))));
        return merged;
    }

    /** The groups and the totals of one period, from one answer: the engine counts both in one pass. */
    private static Report.Counts counts(Function<AggregateQuery, Map<Group, Aggregates>> source, AggregateQuery aggregation) {
        Map<Group, Aggregates> answer = source.apply(aggregation.withTotals());
        Aggregates totals = answer.getOrDefault(Group.NONE, Aggregates.ZERO);
        if (aggregation.dimensions().isEmpty()) {
            return new Report.Counts(Map.of(Group.NONE, totals), totals);
        }
        Map<Group, Aggregates> groups = new HashMap<>(answer);
        groups.remove(Group.NONE);
        return new Report.Counts(groups, totals);
    }

    @Override
    public Answer<Funnel> funnel(FunnelQuery query) {
        return timed("funnel", Source.RAW.label(), () -> {
            // the steps (with a breakdown, by value and over every value in one pass) and the histogram over all users
            FunnelCounts steps = engine.funnel(query.withoutTrend());
            FunnelCounts none = new FunnelCounts(Map.of());
            FunnelCounts overall = query.brokenDown() ? steps.overallCounts() : steps;
            FunnelCounts breakdown = query.brokenDown() ? steps : none;
            // the trend over all entrants, and with a breakdown each value's too, in one more pass
            FunnelCounts trend = query.trend().isPresent() ? engine.funnel(query.withoutTimeToConvert()) : none;
            FunnelCounts byInterval = query.brokenDown() ? trend.overallCounts() : trend;
            FunnelCounts byIntervalAndValue = query.brokenDown() ? trend : none;
            return Funnel.assemble(query, overall, breakdown, byInterval, byIntervalAndValue);
        });
    }

    @Override
    public Answer<RetentionMatrix> retention(RetentionQuery query) {
        return timed("retention", Source.RAW.label(), () -> RetentionMatrix.assemble(query, engine.retention(query)));
    }

    @Override
    public Answer<Paths> paths(PathsQuery query) {
        return timed("paths", Source.RAW.label(), () -> Paths.assemble(query, engine.paths(query)));
    }

    @Override
    public Answer<Stickiness> stickiness(StickinessQuery query) {
        return timed("stickiness", Source.RAW.label(), () -> Stickiness.assemble(query, engine.stickiness(query)));
    }

    @Override
    public Answer<Lifecycle> lifecycle(LifecycleQuery query) {
        return timed("lifecycle", Source.RAW.label(), () -> Lifecycle.assemble(query, engine.lifecycle(query)));
    }

    @Override
    public Set<String> engagementTypes() {
        return engagement;
    }

    @Override
    public Optional<Instant> firstEvent(String projectId) {
        return engine.firstEvent(projectId);
    }

    /**
     * Each series as its reports, each planned as a report is (rollup, sessions or raw). Without a breakdown one pass
     * counts the buckets and the range's total; with one, a pass per bucket and value and one per value.
     */
    @Override
    public Answer<Trend> trend(TrendQuery query) {
        List<SourcePlanner.Plan> plans = new ArrayList<>();
        for (int i = 0; i < query.series().size(); i++) {
            plans.add(SourcePlanner.plan(query.periods(i), kept));
        }
        TreeSet<String> labels = new TreeSet<>(plans.stream().map(SourcePlanner.Plan::label).toList());
        String source = labels.size() == 1 ? labels.first() : QueryTelemetry.MIXED;
        return timed("trend", source, () -> {
            List<SeriesCounts> current = seriesCounts(query, plans, Function.identity());
            Optional<List<SeriesCounts>> previous = query.previousRange()
                    .map(range -> seriesCounts(query, plans, aggregation -> aggregation.over(range)));
            return Trend.assemble(query, current, previous);
        });
    }

    /** Each series' counts, its reports' aggregations {@code shifted} (to the compared range, or not at all). */
    private List<SeriesCounts> seriesCounts(TrendQuery query, List<SourcePlanner.Plan> plans,
                                            Function<AggregateQuery, AggregateQuery> shifted) {
        List<SeriesCounts> counts = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            AggregateQuery periods = shifted.apply(query.periods(i).aggregation());
            Optional<ReportQuery> values = query.values(i);
            if (values.isEmpty()) {
                counts.add(new SeriesCounts(counts(reader(plans.get(i)), periods), Map.of()));
            } else {
                Map<Group, Aggregates> byValue = reader(SourcePlanner.plan(values.get(), kept)).apply(shifted.apply(values.get().aggregation()));
                counts.add(new SeriesCounts(new Report.Counts(reader(plans.get(i)).apply(periods), Aggregates.ZERO), byValue));
            }
        }
        return counts;
    }

    /**
     * The range's visitors, and the goals' visitors, events and revenue as one report by goal, each planned as reports
     * are; the source is the visitors' plan.
     */
    @Override
    public Answer<Conversions> conversions(ConversionsQuery query) {
        SourcePlanner.Plan visitors = SourcePlanner.plan(query.visitors(), kept);
        return timed("conversions", visitors.label(), () -> {
            Aggregates all = counts(reader(visitors), query.visitors().aggregation()).totals();
            Map<Group, Aggregates> byGoal = query.byGoal()
                    .map(report -> reader(SourcePlanner.plan(report, kept)).apply(report.aggregation())).orElse(Map.of());
            List<Aggregates> perGoal = query.goals().stream()
                    .map(goal -> byGoal.getOrDefault(Group.of(goal.name()), Aggregates.ZERO)).toList();
            return Conversions.assemble(query, all, perGoal);
        });
    }

    private <T> Answer<T> timed(String type, String source, Supplier<T> work) {
        return timed(type, source, Exactness.EXACT, work);
    }

    private <T> Answer<T> timed(String type, String source, Exactness exactness, Supplier<T> work) {
        long start = System.nanoTime();
        T result = work.get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        telemetry.answered(type, source, took);
        return new Answer<>(result, source, took, exactness);
    }
}
