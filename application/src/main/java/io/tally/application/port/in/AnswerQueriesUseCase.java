package io.tally.application.port.in;

import io.tally.domain.funnel.Funnel;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.path.Paths;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.Report;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.query.Timeseries;
import io.tally.domain.query.TimeseriesQuery;
import io.tally.domain.retention.RetentionMatrix;
import io.tally.domain.retention.RetentionQuery;

/** Answers validated analytics queries: reports, time series, funnels, retention matrices and paths. */
public interface AnswerQueriesUseCase {

    Answer<Report> report(ReportQuery query);

    /** A time series, answered as the report {@link TimeseriesQuery#report()} (from the rollup when it can). */
    Answer<Timeseries> timeseries(TimeseriesQuery query);

    Answer<Funnel> funnel(FunnelQuery query);

    Answer<RetentionMatrix> retention(RetentionQuery query);

    Answer<Paths> paths(PathsQuery query);
}
