package io.tally.adapter.out.memory;

import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Metric;
import io.tally.domain.query.MetricRef;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.query.SourcePlanner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The session cases are reports the planner sends to the sessions table, so the contract proves what is used. */
class SessionCasesTest {

    @ParameterizedTest
    @MethodSource("io.tally.adapter.out.memory.AgreementCases#sessionCases")
    void every_session_case_is_one_the_planner_answers_from_sessions(AggregateQuery query) {
        ReportQuery report = new ReportQuery(query.projectId(), List.of(new MetricRef.Builtin(Metric.BOUNCE_RATE)),
                query.dimensions(), query.filters(), query.range(), query.zone(), Optional.empty(), List.of(), 100);
        assertThat(SourcePlanner.whyNotSessions(report)).isEmpty();
    }
}
