package io.tally.adapter.in.rest;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tally.application.port.in.ListSetAsideEventsUseCase;
import io.tally.application.port.in.SetAsideEvent;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v1/admin/dead-letters/store[?limit=N]}: the key's project's accepted events the store refused for good,
 * the last N (100 unless given, at most 10,000), oldest first, each with its error and the event ready to re-send.
 */
final class StoreDeadLetterEndpoint {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 10_000;

    private final ListSetAsideEventsUseCase setAside;
    private final RestSettings settings;

    StoreDeadLetterEndpoint(ListSetAsideEventsUseCase setAside, RestSettings settings) {
        this.setAside = setAside;
        this.settings = settings;
    }

    void list(ServerRequest request, ServerResponse response) {
        Optional<String> given = request.query().first("limit").asOptional();
        int limit;
        try {
            limit = given.map(Integer::parseInt).orElse(DEFAULT_LIMIT);
        } catch (NumberFormatException e) {
            limit = 0;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            Problems.invalid(response, "Invalid limit", List.of(new Violation("limit", ViolationKind.OUT_OF_RANGE,
                    "must be a whole number from 1 to " + MAX_LIMIT)));
            return;
        }
        List<Map<String, Object>> events = setAside.setAside(KeyFilter.project(request, settings), limit).stream()
                .map(StoreDeadLetterEndpoint::json).toList();
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(Json.write(Map.of("events", events)));
    }

    private static Map<String, Object> json(SetAsideEvent event) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("set_aside_at", event.setAsideAt().toString());
        json.put("event_id", event.eventId());
        json.put("error", event.error());
        json.put("event", event.event());
        return json;
    }
}
