package io.tally.adapter.in.graphql;

import io.tally.application.port.in.AdmitLiveConnectionsUseCase;
import io.tally.application.port.in.AdmitRequestsUseCase;
import io.tally.application.port.in.AnswerAnalyticsUseCase;
import io.tally.application.port.in.AnswerDashboardsUseCase;
import io.tally.application.port.in.IdentifyCallerUseCase;
import io.tally.application.port.in.ManageDashboardsUseCase;
import io.tally.application.port.in.ManageDefinitionsUseCase;
import io.tally.application.port.in.WatchLiveUseCase;

/** The use cases behind GraphQL: the same ones REST and live use (live connections counted with {@code /v1/live}'s). */
public record GraphQlServices(AnswerAnalyticsUseCase analytics, ManageDefinitionsUseCase definitions,
                              AdmitRequestsUseCase limits, IdentifyCallerUseCase callers, WatchLiveUseCase live,
                              ManageDashboardsUseCase dashboards, AnswerDashboardsUseCase dashboardAnswers,
                              AdmitLiveConnectionsUseCase connections) {
}
