package io.tally.application.port.in;

import io.tally.domain.funnel.Funnel;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.path.Paths;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.Report;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.retention.RetentionMatrix;
import io.tally.domain.retention.RetentionQuery;

/** Answers validated analytics queries: reports, funnels, retention matrices and paths. */
public interface AnswerQueriesUseCase {

    Answer<Report> report(ReportQuery query);

    Answer<Funnel> funnel(FunnelQuery query);

    Answer<RetentionMatrix> retention(RetentionQuery query);

    Answer<Paths> paths(PathsQuery query);
}
