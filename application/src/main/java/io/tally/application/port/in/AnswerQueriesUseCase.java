package io.tally.application.port.in;

import io.tally.domain.funnel.Funnel;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.goal.Conversions;
import io.tally.domain.goal.ConversionsQuery;
import io.tally.domain.lifecycle.Lifecycle;
import io.tally.domain.lifecycle.LifecycleQuery;
import io.tally.domain.path.Paths;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.Report;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.query.Timeseries;
import io.tally.domain.query.TimeseriesQuery;
import io.tally.domain.retention.RetentionMatrix;
import io.tally.domain.retention.RetentionQuery;
import io.tally.domain.stickiness.Stickiness;
import io.tally.domain.stickiness.StickinessQuery;
import io.tally.domain.trend.Trend;
import io.tally.domain.trend.TrendQuery;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Answers validated analytics queries: reports, time series, funnels, retention matrices, paths, stickiness, lifecycles,
 * multi-series trends and goal conversions.
 */
public interface AnswerQueriesUseCase {

    Answer<Report> report(ReportQuery query);

    /** A time series, answered as the report {@link TimeseriesQuery#report()} (from the rollup when it can). */
    Answer<Timeseries> timeseries(TimeseriesQuery query);

    Answer<Funnel> funnel(FunnelQuery query);

    Answer<RetentionMatrix> retention(RetentionQuery query);

    Answer<Paths> paths(PathsQuery query);

    Answer<Stickiness> stickiness(StickinessQuery query);

    Answer<Trend> trend(TrendQuery query);

    Answer<Conversions> conversions(ConversionsQuery query);

    Answer<Lifecycle> lifecycle(LifecycleQuery query);

    /** When the project's first kept event happened, if it has any: where an {@code all_time} range starts. */
    Optional<Instant> firstEvent(String projectId);

    /**
     * The event types counted as engagement events (in no visitor or session fact): a rule of this deployment that
     * every answer depends on beside its query, so cached answers are keyed by it too. None by default.
     */
    default Set<String> engagementTypes() {
        return Set.of();
    }
}
