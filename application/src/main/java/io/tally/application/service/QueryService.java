package io.tally.application.service;

import io.tally.application.port.in.Answer;
import io.tally.application.port.in.AnswerQueriesUseCase;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.QueryTelemetry;
import io.tally.domain.funnel.Funnel;
import io.tally.domain.funnel.FunnelCounts;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.path.Paths;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Group;
import io.tally.domain.query.Report;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.retention.RetentionMatrix;
import io.tally.domain.retention.RetentionQuery;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Answers analytics queries from raw events through the configured engine, and times each answer. */
public final class QueryService implements AnswerQueriesUseCase {

    private final AnalyticsEngine engine;
    private final QueryTelemetry telemetry;

    public QueryService(AnalyticsEngine engine, QueryTelemetry telemetry) {
        this.engine = engine;
        this.telemetry = telemetry;
    }

    @Override
    public Answer<Report> report(ReportQuery query) {
        return timed("report", () -> {
            AggregateQuery aggregation = query.aggregation();
            Report.Counts current = counts(aggregation);
            Optional<Report.Counts> previous = query.compare()
                    .map(compare -> counts(aggregation.over(compare.shift(query.range(), query.zone()))));
            return Report.assemble(query, current, previous);
        });
    }

    private Report.Counts counts(AggregateQuery aggregation) {
        var totals = engine.aggregate(aggregation.withoutDimensions()).getOrDefault(Group.NONE,
                io.tally.domain.query.Aggregates.ZERO);
        var groups = aggregation.dimensions().isEmpty()
                ? java.util.Map.of(Group.NONE, totals) : engine.aggregate(aggregation);
        return new Report.Counts(groups, totals);
    }

    @Override
    public Answer<Funnel> funnel(FunnelQuery query) {
        return timed("funnel", () -> {
            FunnelCounts overall = engine.funnel(query.withoutBreakdown());
            FunnelCounts breakdown = query.breakdown().isPresent() ? engine.funnel(query) : new FunnelCounts(java.util.Map.of());
            return Funnel.assemble(query, overall, breakdown);
        });
    }

    @Override
    public Answer<RetentionMatrix> retention(RetentionQuery query) {
        return timed("retention", () -> RetentionMatrix.assemble(query, engine.retention(query)));
    }

    @Override
    public Answer<Paths> paths(PathsQuery query) {
        return timed("paths", () -> Paths.assemble(query, engine.paths(query)));
    }

    private <T> Answer<T> timed(String type, Supplier<T> work) {
        long start = System.nanoTime();
        T result = work.get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        telemetry.answered(type, "raw", took);
        return new Answer<>(result, "raw", took);
    }
}
