package io.tally.adapter.in.rest;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tally.application.port.in.ReplayDeadLettersUseCase;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code POST /v1/admin/dead-letters/replay[?since=ISO]}: sends dead letters back to the event topic after a fix. */
final class DeadLetterEndpoint {

    private final Optional<ReplayDeadLettersUseCase> replay;

    DeadLetterEndpoint(Optional<ReplayDeadLettersUseCase> replay) {
        this.replay = replay;
    }

    void replay(ServerRequest request, ServerResponse response) {
        if (replay.isEmpty()) {
            Problems.send(response, Status.CONFLICT_409, "no-dead-letters", "No dead letters here",
                    "dead letters exist with ingest through Kafka (ingest.mode: kafka or kafka.consume: true)");
            return;
        }
        Optional<String> since = request.query().first("since").asOptional();
        Optional<Instant> from;
        try {
            from = since.map(text -> OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            Problems.invalid(response, "Invalid replay", List.of(new Violation("since", ViolationKind.MALFORMED,
                    "must be an ISO-8601 date-time with an offset")));
            return;
        }
        long replayed = replay.get().replay(from);
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(Json.write(Map.of("replayed", replayed)));
    }
}
