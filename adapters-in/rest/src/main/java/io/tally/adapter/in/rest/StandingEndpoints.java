package io.tally.adapter.in.rest;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tally.application.port.in.ManageAlertsUseCase;
import io.tally.application.port.in.ManageSchedulesUseCase;

import java.util.Map;
import java.util.Optional;

/**
 * How saved alerts and schedules are doing: {@code GET /v1/alerts/{name}/history} (state per group and the history of
 * state changes with their deliveries), {@code GET /v1/schedules/{name}/runs} (next run and past runs with each
 * delivery's outcome), and {@code POST /v1/schedules/{name}/run} (run now, in the background: 202).
 */
final class StandingEndpoints {

    private final ManageAlertsUseCase alerts;
    private final ManageSchedulesUseCase schedules;
    private final RestSettings settings;

    StandingEndpoints(ManageAlertsUseCase alerts, ManageSchedulesUseCase schedules, RestSettings settings) {
        this.alerts = alerts;
        this.schedules = schedules;
        this.settings = settings;
    }

    void alertHistory(ServerRequest request, ServerResponse response) {
        String name = request.path().pathParameters().get("name");
        send(response, alerts.standing(KeyFilter.project(request, settings), name), "alert", name);
    }

    void scheduleRuns(ServerRequest request, ServerResponse response) {
        String name = request.path().pathParameters().get("name");
        send(response, schedules.runs(KeyFilter.project(request, settings), name), "schedule", name);
    }

    void runSchedule(ServerRequest request, ServerResponse response) {
        String name = request.path().pathParameters().get("name");
        if (schedules.runNow(KeyFilter.project(request, settings), name)) {
            response.status(Status.ACCEPTED_202);
            response.header(HeaderNames.CONTENT_TYPE, "application/json");
            response.header(HeaderNames.LOCATION, "/v1/schedules/" + name + "/runs");
            response.send(Json.write(Map.of("schedule", name, "status", "started")));
        } else {
            Problems.send(response, Status.NOT_FOUND_404, "not-found", "Not found", "no schedule is named " + name);
        }
    }

    private static void send(ServerResponse response, Optional<Map<String, Object>> body, String what, String name) {
        body.ifPresentOrElse(b -> {
            response.header(HeaderNames.CONTENT_TYPE, "application/json");
            response.send(Json.write(b));
        }, () -> Problems.send(response, Status.NOT_FOUND_404, "not-found", "Not found", "no " + what + " is named " + name));
    }
}
