package io.tally.adapter.in.websocket;

import io.tally.application.port.in.AdmitLiveConnectionsUseCase;
import io.tally.application.port.in.AdmitRequestsUseCase;
import io.tally.application.port.in.IdentifyCallerUseCase;
import io.tally.application.port.in.ManageDefinitionsUseCase;
import io.tally.application.port.in.WatchAlertsUseCase;
import io.tally.application.port.in.WatchLiveUseCase;

/**
 * The use cases behind {@code /v1/live}: live queries and tails, alert notifications, and who may hold a connection
 * (shared with {@code /graphql/ws}).
 */
public record LiveServices(WatchLiveUseCase live, IdentifyCallerUseCase callers, ManageDefinitionsUseCase definitions,
                           AdmitRequestsUseCase limits, WatchAlertsUseCase alerts, AdmitLiveConnectionsUseCase connections) {
}
